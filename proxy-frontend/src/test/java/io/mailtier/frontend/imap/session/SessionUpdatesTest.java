package io.mailtier.frontend.imap.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailtier.frontend.imap.response.FetchData;
import io.mailtier.frontend.imap.response.ImapResponse;
import io.mailtier.frontend.imap.response.UntaggedData;
import io.mailtier.frontend.routing.Route;
import io.mailtier.proto.mailstore.v1.ExistsEvent;
import io.mailtier.proto.mailstore.v1.ExpungeEvent;
import io.mailtier.proto.mailstore.v1.FlagsEvent;
import io.mailtier.proto.mailstore.v1.MessageFlags;
import io.mailtier.proto.mailstore.v1.UidValidityEvent;
import io.mailtier.proto.mailstore.v1.WatchEvent;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** How queued watch events become EXISTS, EXPUNGE and FETCH responses against a message map. */
class SessionUpdatesTest {
  private static final long VALIDITY = 77;

  private static SessionUpdates selected(long highestModseq) {
    SessionUpdates u = SessionUpdates.none();
    u.attach(new Route("alice@example.test", "node"), "INBOX");
    u.selected(VALIDITY, highestModseq);
    return u;
  }

  private static MessageMap map(Integer... uids) {
    return MessageMap.of(List.of(uids));
  }

  private static WatchEvent exists(long modseq, int... uids) {
    ExistsEvent.Builder b = ExistsEvent.newBuilder().setHighestModseq(modseq);
    for (int u : uids) {
      b.addUids(u);
    }
    return WatchEvent.newBuilder().setExists(b).build();
  }

  private static WatchEvent expunge(long modseq, int... uids) {
    ExpungeEvent.Builder b = ExpungeEvent.newBuilder().setHighestModseq(modseq);
    for (int u : uids) {
      b.addUids(u);
    }
    return WatchEvent.newBuilder().setExpunge(b).build();
  }

  private static MessageFlags flags(int uid, long modseq, String... flags) {
    return MessageFlags.newBuilder()
        .setUid(uid)
        .setModseq(modseq)
        .addAllFlags(List.of(flags))
        .build();
  }

  private static WatchEvent flagsEvent(long modseq, MessageFlags... messages) {
    return WatchEvent.newBuilder()
        .setFlags(
            FlagsEvent.newBuilder().setHighestModseq(modseq).addAllMessages(List.of(messages)))
        .build();
  }

  private static List<String> text(List<ImapResponse> responses) {
    return responses.stream()
        .map(r ->
            switch (r) {
              case UntaggedData.Exists e -> "* " + e.count() + " EXISTS";
              case UntaggedData.Expunge e -> "* " + e.msn() + " EXPUNGE";
              case FetchData f -> "* " + f.msn() + " FETCH " + f.items();
              default -> r.toString();
            })
        .toList();
  }

  @Test
  void eventsTheSelectAlreadySawShouldBeIgnoredAndNewerOnesAnnounced() {
    SessionUpdates u = selected(10);
    u.event(exists(9, 3)); // committed before the SELECT read the mailbox
    u.event(expunge(10, 1));
    u.event(exists(11, 4));
    var d = u.drain(map(2, 3), true, false);
    assertThat(text(d.responses())).containsExactly("* 3 EXISTS");
    assertThat(d.map().uid(3)).isEqualTo(4);
    assertThat(d.ending()).isEqualTo(SessionUpdates.Ending.NONE);
    assertThat(u.hasPending()).isFalse();
  }

  @Test
  void expungesShouldBeHeldWhileNotAllowedAndKeepSequenceNumbersStable() {
    SessionUpdates u = selected(1);
    u.event(expunge(2, 2));
    u.event(exists(3, 4));
    var during = u.drain(map(1, 2, 3), false, false);
    // the new message is counted after the held one, which keeps its number
    assertThat(text(during.responses())).containsExactly("* 4 EXISTS");
    assertThat(during.map().msn(3)).isEqualTo(3);
    assertThat(during.map().msn(2)).isEqualTo(2);
    assertThat(u.hasPending()).isTrue();
    u.event(expunge(4, 3));
    var later = u.drain(during.map(), true, false);
    assertThat(text(later.responses())).containsExactly("* 2 EXPUNGE", "* 2 EXPUNGE");
    assertThat(later.map().size()).isEqualTo(2);
    assertThat(later.map().uid(2)).isEqualTo(4);
  }

  @Test
  void expungesShouldGoHighestFirstAndANewMessageBeCountedBeforeItIsExpunged() {
    SessionUpdates u = selected(1);
    u.event(exists(2, 5));
    u.event(expunge(3, 1, 3, 5));
    var d = u.drain(map(1, 2, 3, 4), true, false);
    assertThat(text(d.responses()))
        .containsExactly("* 5 EXISTS", "* 5 EXPUNGE", "* 3 EXPUNGE", "* 1 EXPUNGE");
    assertThat(d.map().size()).isEqualTo(2);
    assertThat(d.map().uid(1)).isEqualTo(2);
    assertThat(d.map().uid(2)).isEqualTo(4);
  }

  @Test
  void ownFlagChangesShouldNotBeAnnouncedAgainAndOthersWithUidWhenAsked() {
    SessionUpdates u = selected(5);
    u.ownChanges(List.of(flags(1, 6, "\\Seen")));
    u.event(flagsEvent(7, flags(1, 6, "\\Seen"), flags(2, 7, "\\Flagged")));
    var plain = u.drain(map(1, 2), false, false);
    assertThat(text(plain.responses())).containsExactly("* 2 FETCH [Flags[flags=[\\Flagged]]]");
    u.event(flagsEvent(8, flags(1, 8, "\\Answered")));
    u.event(flagsEvent(9, flags(42, 9, "\\Answered"))); // not in the map: nothing
    var withUid = u.drain(map(1, 2), true, true);
    assertThat(text(withUid.responses()))
        .containsExactly("* 1 FETCH [Uid[uid=1], Flags[flags=[\\Answered]]]");
  }

  @Test
  void aNewUidValidityShouldEndTheSelectionAndTheSameOneBeIgnored() {
    SessionUpdates u = selected(1);
    u.event(
        WatchEvent.newBuilder()
            .setUidValidity(UidValidityEvent.newBuilder().setUidValidity((int) VALIDITY))
            .build());
    assertThat(u.drain(map(1), true, false).ending()).isEqualTo(SessionUpdates.Ending.NONE);
    u.event(exists(2, 2));
    u.event(WatchEvent.newBuilder().setUidValidity(UidValidityEvent.newBuilder()).build());
    u.event(exists(3, 3));
    var d = u.drain(map(1), true, false);
    assertThat(d.ending()).isEqualTo(SessionUpdates.Ending.MAILBOX_GONE);
    assertThat(u.hasPending()).isFalse();
  }

  @Test
  void aSessionThatDoesNotLookShouldNotQueueWithoutBoundAndIdleShouldBeWoken() {
    SessionUpdates u = selected(0);
    AtomicInteger woken = new AtomicInteger();
    u.onPending(woken::incrementAndGet);
    for (int i = 1; i <= SessionUpdates.MAX_PENDING; i++) {
      u.event(exists(i, i));
    }
    assertThat(woken.get()).isEqualTo(SessionUpdates.MAX_PENDING);
    assertThat(u.hasPending()).isTrue();
    u.event(exists(SessionUpdates.MAX_PENDING + 1, SessionUpdates.MAX_PENDING + 1));
    // the queue was replaced by a resync (which needs a node; none here)
    assertThat(u.hasPending()).isFalse();
    u.clear();
    u.event(exists(5000, 5000));
    assertThat(u.hasPending()).isFalse();
  }
}
