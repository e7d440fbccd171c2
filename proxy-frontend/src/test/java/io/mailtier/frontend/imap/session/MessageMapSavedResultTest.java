package io.mailtier.frontend.imap.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailtier.frontend.imap.command.SequenceSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The saved search result (RFC 5182) that {@code $} stands for. */
class MessageMapSavedResultTest {
  private final MessageMap map = MessageMap.of(List.of(10, 20, 30, 40, 50));

  @Test
  void dollarShouldResolveToTheSavedUidsMergingRunsOfSequenceNumbers() {
    MessageMap m = map.withSaved(List.of(50L, 20L, 30L, 10L));
    assertThat(m.savedUids()).containsExactly(10L, 20L, 30L, 50L);
    assertThat(m.uidRangesOfUids(SequenceSet.SAVED))
        .containsExactly(new long[] {10, 30}, new long[] {50, 50});
    assertThat(m.containsSequenceNumbers(SequenceSet.SAVED)).isTrue();
    assertThat(m.uidRangesOfSequenceNumbers(SequenceSet.SAVED))
        .containsExactly(new long[] {10, 30}, new long[] {50, 50});
  }

  @Test
  void expungedMessagesShouldLeaveTheSavedResult() {
    MessageMap m = map.withSaved(List.of(20L, 30L)).without(20);
    assertThat(m.savedUids()).containsExactly(30L);
    assertThat(m.with(60).savedUids()).containsExactly(30L);
    assertThat(m.without(30).uidRangesOfUids(SequenceSet.SAVED)).isEmpty();
  }

  @Test
  void anEmptyOrUnsetResultShouldStandForNoMessage() {
    assertThat(map.savedUids()).isEmpty();
    assertThat(map.uidRangesOfSequenceNumbers(SequenceSet.SAVED)).isEmpty();
    assertThat(MessageMap.of(List.of()).containsSequenceNumbers(SequenceSet.SAVED)).isTrue();
  }

  @Test
  void resynchronizationShouldKeepTheSavedResult() {
    MessageMap before = map.withSaved(List.of(40L));
    MessageMap fresh = MessageMap.of(List.of(10, 40, 70)).withSavedOf(before);
    assertThat(fresh.savedUids()).containsExactly(40L);
    assertThat(fresh.msn(40)).isEqualTo(2);
  }
}
