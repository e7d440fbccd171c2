package io.mailtier.frontend.imap.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailtier.frontend.imap.command.SequenceSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class MessageMapTest {
  private final MessageMap map = MessageMap.of(List.of(10, 20, 30, 40));

  @Test
  void sequenceNumbersShouldMapToUidsAndBack() {
    assertThat(map.uid(1)).isEqualTo(10);
    assertThat(map.msn(30)).isEqualTo(3);
    assertThat(map.msn(25)).isZero();
    assertThat(map.highestUid()).isEqualTo(40);
  }

  @Test
  void removingAUidShouldShiftTheLaterSequenceNumbers() {
    MessageMap after = map.without(20);
    assertThat(after.size()).isEqualTo(3);
    assertThat(after.msn(30)).isEqualTo(2);
    assertThat(map.msn(30)).isEqualTo(3);
  }

  @Test
  void starShouldStandForTheLastMessageOrTheHighestUid() {
    SequenceSet set = new SequenceSet(List.of(new SequenceSet.Range(2, SequenceSet.STAR)));
    assertThat(map.containsSequenceNumbers(set)).isTrue();
    assertThat(map.uidRangesOfSequenceNumbers(set)).containsExactly(new long[] {20, 40});
    SequenceSet uids = new SequenceSet(List.of(new SequenceSet.Range(50, SequenceSet.STAR)));
    assertThat(map.uidRangesOfUids(uids)).containsExactly(new long[] {40, 50});
  }

  @Test
  void sequenceNumbersBeyondTheMailboxShouldBeRefused() {
    assertThat(map.containsSequenceNumbers(new SequenceSet(List.of(new SequenceSet.Range(5, 5)))))
        .isFalse();
    assertThat(
            MessageMap.of(List.of())
                .containsSequenceNumbers(
                    new SequenceSet(List.of(new SequenceSet.Range(1, SequenceSet.STAR)))))
        .isFalse();
  }

  @Test
  void addingAUidShouldKeepTheMapSorted() {
    assertThat(map.with(50).msn(50)).isEqualTo(5);
    assertThat(map.with(15).msn(20)).isEqualTo(3);
    assertThat(map.with(20)).isSameAs(map);
  }
}
