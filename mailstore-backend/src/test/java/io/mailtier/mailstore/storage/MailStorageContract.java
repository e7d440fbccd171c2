package io.mailtier.mailstore.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mailtier.mailstore.storage.StorageException.Reason;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/** The behaviour every {@link MailStorage} implementation must have. */
public interface MailStorageContract {
  String ALICE = "alice@example.test";
  String BOB = "bob@example.test";

  /** The storage under test, fresh and empty for each test. */
  MailStorage storage();

  static byte[] message(String marker, int bodyBytes) {
    StringBuilder b =
        new StringBuilder("Subject: " + marker + "\r\nX-Marker: " + marker + "\r\n\r\n");
    while (b.length() < bodyBytes) {
      b.append("line of ").append(marker).append("\r\n");
    }
    return b.toString().getBytes(StandardCharsets.UTF_8);
  }

  static void assertFails(Reason reason, ThrowingCallable call) {
    assertThatThrownBy(call)
        .isInstanceOf(StorageException.class)
        .extracting(e -> ((StorageException) e).reason())
        .isEqualTo(reason);
  }

  default byte[] read(StoredMessage m, long offset, int length) throws IOException {
    try (SeekableByteChannel ch = storage().openContent(m)) {
      ch.position(offset);
      ByteBuffer buf = ByteBuffer.allocate(length);
      while (buf.hasRemaining() && ch.read(buf) >= 0) {}
      return java.util.Arrays.copyOf(buf.array(), buf.position());
    }
  }

  default AppendResult append(String account, String folder, byte[] content, String... flags) {
    return storage().append(account, folder, Set.of(flags), null, content);
  }

  // ------------------------------------------------------------------ accounts

  @Test
  default void provisionShouldLowerCaseNameAndCreateDefaultFoldersWithSpecialUse() {
    Account a = storage().provisionAccount("Alice@Example.TEST", "Alice", null, 1000, 10);
    assertThat(a.name()).isEqualTo(ALICE);
    assertThat(a.quotaBytes()).isEqualTo(1000);
    assertThat(a.enabled()).isTrue();
    assertThat(storage().listFolders(ALICE))
        .extracting(Folder::name, Folder::specialUse)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("INBOX", SpecialUse.NONE),
            org.assertj.core.groups.Tuple.tuple("Drafts", SpecialUse.DRAFTS),
            org.assertj.core.groups.Tuple.tuple("Junk", SpecialUse.JUNK),
            org.assertj.core.groups.Tuple.tuple("Sent", SpecialUse.SENT),
            org.assertj.core.groups.Tuple.tuple("Trash", SpecialUse.TRASH));
  }

  @Test
  default void provisionShouldFailWhenAccountExists() {
    storage().provisionAccount(ALICE, "", null, 0, 0);
    assertFails(
        Reason.ACCOUNT_EXISTS,
        () -> storage().provisionAccount("ALICE@example.test", "", null, 0, 0));
  }

  @Test
  default void accountOperationsShouldFailWhenAccountUnknownOrNameInvalid() {
    assertFails(Reason.ACCOUNT_NOT_FOUND, () -> storage().getAccount(BOB));
    assertFails(Reason.ACCOUNT_NOT_FOUND, () -> storage().deleteAccount(BOB));
    assertFails(Reason.ACCOUNT_NOT_FOUND, () -> storage().listFolders(BOB));
    assertFails(Reason.INVALID_REQUEST, () -> storage().getAccount(""));
    assertFails(Reason.INVALID_REQUEST, () -> storage().getAccount("a b@x"));
    assertFails(Reason.INVALID_REQUEST, () -> storage().getAccount("x".repeat(1000)));
    assertThat(storage().credentials(BOB)).isEmpty();
  }

  @Test
  default void listAccountsShouldPageInNameOrder() {
    for (String n : List.of("c@x", "a@x", "b@x")) {
      storage().provisionAccount(n, "", null, 0, 0);
    }
    assertThat(storage().listAccounts("", 2))
        .extracting(Account::name)
        .containsExactly("a@x", "b@x");
    assertThat(storage().listAccounts("b@x", 2)).extracting(Account::name).containsExactly("c@x");
  }

  @Test
  default void deleteAccountShouldRemoveItsMailAndContent() {
    storage().provisionAccount(ALICE, "", "hash", 0, 0);
    assertThat(storage().credentials(ALICE))
        .get()
        .extracting(Credentials::passwordHash)
        .isEqualTo("hash");
    append(ALICE, "INBOX", message("gone", 100));
    String id = storage().fetch(ALICE, "INBOX", UidSet.all(), 0, false).get(0).contentId();
    storage().deleteAccount(ALICE);
    assertThat(storage().contentReferences(id)).isZero();
    assertFails(Reason.ACCOUNT_NOT_FOUND, () -> storage().getAccount(ALICE));
  }

  // ------------------------------------------------------------------- folders

  @Test
  default void createFolderShouldCreateMissingParents() {
    storage().provisionAccount(ALICE, "", null, 0, 0);
    Folder f = storage().createFolder(ALICE, "Work/2026/Q1", SpecialUse.ARCHIVE);
    assertThat(f.specialUse()).isEqualTo(SpecialUse.ARCHIVE);
    assertThat(storage().listFolders(ALICE))
        .filteredOn(x -> x.name().startsWith("Work"))
        .extracting(Folder::name, Folder::hasChildren)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("Work", true),
            org.assertj.core.groups.Tuple.tuple("Work/2026", true),
            org.assertj.core.groups.Tuple.tuple("Work/2026/Q1", false));
  }

  @Test
  default void createFolderShouldRejectExistingAndInvalidNames() {
    storage().provisionAccount(ALICE, "", null, 0, 0);
    assertFails(Reason.FOLDER_EXISTS, () -> storage().createFolder(ALICE, "Sent", SpecialUse.NONE));
    assertFails(
        Reason.FOLDER_EXISTS, () -> storage().createFolder(ALICE, "inbox", SpecialUse.NONE));
    for (String bad : List.of("", "/a", "a/", "a//b", "x".repeat(256), "a\u0000b", "a\nb", "a*")) {
      assertFails(
          Reason.INVALID_FOLDER_NAME, () -> storage().createFolder(ALICE, bad, SpecialUse.NONE));
    }
    storage().createFolder(ALICE, "x".repeat(255), SpecialUse.NONE);
  }

  @Test
  default void renameFolderShouldRenameChildren() {
    storage().provisionAccount(ALICE, "", null, 0, 0);
    storage().createFolder(ALICE, "Work/Old", SpecialUse.NONE);
    storage().createFolder(ALICE, "Workshop", SpecialUse.NONE);
    append(ALICE, "Work/Old", message("kept", 50));
    long validity = storage().folderStatus(ALICE, "Work/Old").uidValidity();
    storage().renameFolder(ALICE, "Work", "Jobs/Past");
    List<String> names = storage().listFolders(ALICE).stream().map(Folder::name).toList();
    assertThat(names)
        .contains("Jobs", "Jobs/Past", "Jobs/Past/Old", "Workshop")
        .doesNotContain("Work", "Work/Old");
    FolderStatus s = storage().folderStatus(ALICE, "Jobs/Past/Old");
    assertThat(s.messages()).isEqualTo(1);
    assertThat(s.uidValidity()).isEqualTo(validity);
  }

  @Test
  default void renameFolderShouldFailWhenTargetExistsOrSourceMissing() {
    storage().provisionAccount(ALICE, "", null, 0, 0);
    assertFails(Reason.FOLDER_EXISTS, () -> storage().renameFolder(ALICE, "Sent", "Trash"));
    assertFails(Reason.FOLDER_EXISTS, () -> storage().renameFolder(ALICE, "Sent", "INBOX"));
    assertFails(Reason.FOLDER_NOT_FOUND, () -> storage().renameFolder(ALICE, "Nope", "Other"));
    assertFails(
        Reason.INVALID_FOLDER_NAME, () -> storage().renameFolder(ALICE, "Sent", "Sent/Sub"));
  }

  @Test
  default void renameInboxShouldMoveMessagesAndLeaveInboxEmpty() {
    storage().provisionAccount(ALICE, "", null, 0, 0);
    append(ALICE, "INBOX", message("one", 50));
    append(ALICE, "INBOX", message("two", 50), "\\Seen");
    FolderStatus before = storage().folderStatus(ALICE, "INBOX");
    storage().renameFolder(ALICE, "inbox", "Old/Inbox");
    FolderStatus inbox = storage().folderStatus(ALICE, "INBOX");
    assertThat(inbox.messages()).isZero();
    assertThat(inbox.uidValidity()).isEqualTo(before.uidValidity());
    assertThat(inbox.uidNext()).isEqualTo(before.uidNext());
    assertThat(inbox.highestModseq()).isGreaterThan(before.highestModseq());
    List<StoredMessage> moved = storage().fetch(ALICE, "Old/Inbox", UidSet.all(), 0, false);
    assertThat(moved).hasSize(2);
    assertThat(moved.get(1).flags()).containsExactly("\\Seen");
    assertThat(storage().getAccount(ALICE).messagesUsed()).isEqualTo(2);
  }

  @Test
  default void deleteFolderShouldRefuseInboxAndRemoveMessagesOfOthers() {
    storage().provisionAccount(ALICE, "", null, 0, 0);
    assertFails(Reason.FOLDER_NOT_DELETABLE, () -> storage().deleteFolder(ALICE, "INBOX"));
    assertFails(Reason.FOLDER_NOT_DELETABLE, () -> storage().deleteFolder(ALICE, "Inbox"));
    append(ALICE, "Trash", message("bin", 100));
    storage().deleteFolder(ALICE, "Trash");
    assertFails(Reason.FOLDER_NOT_FOUND, () -> storage().selectFolder(ALICE, "Trash"));
    assertFails(Reason.FOLDER_NOT_FOUND, () -> storage().deleteFolder(ALICE, "Trash"));
    assertThat(storage().getAccount(ALICE).messagesUsed()).isZero();
    assertThat(storage().getAccount(ALICE).bytesUsed()).isZero();
  }

  @Test
  default void uidValidityShouldDifferAfterDeleteAndRecreate() {
    storage().provisionAccount(ALICE, "", null, 0, 0);
    storage().createFolder(ALICE, "Box", SpecialUse.NONE);
    long first = storage().folderStatus(ALICE, "Box").uidValidity();
    storage().deleteFolder(ALICE, "Box");
    storage().createFolder(ALICE, "Box", SpecialUse.NONE);
    assertThat(storage().folderStatus(ALICE, "Box").uidValidity()).isNotEqualTo(first);
  }

  // ------------------------------------------------------------------ messages

  @Test
  default void appendThenFetchShouldRoundTripBytesAndRanges() throws IOException {
    storage().provisionAccount(ALICE, "", null, 0, 0);
    byte[] content = message("round-trip", 10_000);
    Instant date = Instant.parse("2026-01-02T03:04:05Z");
    AppendResult r = storage().append(ALICE, "INBOX", Set.of("\\seen", "$Label1"), date, content);
    assertThat(r.uid()).isEqualTo(1);
    StoredMessage m =
        storage().fetch(ALICE, "INBOX", UidSet.of(1, 1), r.uidValidity(), false).get(0);
    assertThat(m.size()).isEqualTo(content.length);
    assertThat(m.internalDate()).isEqualTo(date);
    assertThat(m.flags()).containsExactlyInAnyOrder("\\Seen", "$Label1");
    assertThat(m.modseq()).isEqualTo(r.modseq());
    assertThat(read(m, 0, content.length)).isEqualTo(content);
    assertThat(read(m, 100, 50)).isEqualTo(java.util.Arrays.copyOfRange(content, 100, 150));
  }

  @Test
  default void appendShouldFailForMissingFolderUnknownAccountAndBadFlags() {
    storage().provisionAccount(ALICE, "", null, 0, 0);
    assertFails(Reason.FOLDER_NOT_FOUND, () -> append(ALICE, "Nope", message("x", 10)));
    assertFails(Reason.ACCOUNT_NOT_FOUND, () -> append(BOB, "INBOX", message("x", 10)));
    assertFails(Reason.INVALID_REQUEST, () -> append(ALICE, "INBOX", message("x", 10), "\\Recent"));
    assertFails(Reason.INVALID_REQUEST, () -> append(ALICE, "INBOX", message("x", 10), "bad flag"));
    assertThat(storage().folderStatus(ALICE, "INBOX").messages()).isZero();
  }

  @Test
  default void uidsShouldIncreaseAndNeverBeReusedAfterExpunge() {
    storage().provisionAccount(ALICE, "", null, 0, 0);
    long u1 = append(ALICE, "INBOX", message("1", 10)).uid();
    long u2 = append(ALICE, "INBOX", message("2", 10), "\\Deleted").uid();
    assertThat(u2).isGreaterThan(u1);
    assertThat(storage().expunge(ALICE, "INBOX", null).expunged()).containsExactly(u2);
    long u3 = append(ALICE, "INBOX", message("3", 10)).uid();
    assertThat(u3).isGreaterThan(u2);
    Selection s = storage().selectFolder(ALICE, "INBOX");
    assertThat(s.uids()).containsExactly(u1, u3);
    assertThat(s.status().uidNext()).isEqualTo(u3 + 1);
  }

  @Test
  default void modseqShouldIncreaseOnAppendFlagChangeAndExpunge() {
    storage().provisionAccount(ALICE, "", null, 0, 0);
    long m0 = storage().folderStatus(ALICE, "INBOX").highestModseq();
    AppendResult a = append(ALICE, "INBOX", message("m", 10));
    assertThat(a.modseq()).isGreaterThan(m0);
    StoreResult s =
        storage()
            .storeFlags(ALICE, "INBOX", UidSet.all(), StoreMode.ADD, Set.of("\\Deleted"), 0, 0);
    assertThat(s.highestModseq()).isGreaterThan(a.modseq());
    assertThat(s.updated().get(0).modseq()).isEqualTo(s.highestModseq());
    ExpungeResult e = storage().expunge(ALICE, "INBOX", null);
    assertThat(e.highestModseq()).isGreaterThan(s.highestModseq());
    assertThat(storage().folderStatus(ALICE, "INBOX").highestModseq()).isEqualTo(e.highestModseq());
  }

  @Test
  default void storeFlagsShouldAddRemoveAndReplaceCaseInsensitively() {
    storage().provisionAccount(ALICE, "", null, 0, 0);
    append(ALICE, "INBOX", message("f", 10), "\\Draft");
    storage()
        .storeFlags(ALICE, "INBOX", UidSet.of(1, 1), StoreMode.ADD, Set.of("\\SEEN", "work"), 0, 0);
    assertThat(flagsOf(1)).containsExactlyInAnyOrder("\\Draft", "\\Seen", "work");
    storage()
        .storeFlags(ALICE, "INBOX", UidSet.of(1, 1), StoreMode.REMOVE, Set.of("\\draft"), 0, 0);
    assertThat(flagsOf(1)).containsExactlyInAnyOrder("\\Seen", "work");
    storage()
        .storeFlags(ALICE, "INBOX", UidSet.of(1, 1), StoreMode.REPLACE, Set.of("\\Flagged"), 0, 0);
    assertThat(flagsOf(1)).containsExactly("\\Flagged");
    Selection s = storage().selectFolder(ALICE, "INBOX");
    assertThat(s.status().unseen()).isEqualTo(1);
    assertThat(s.firstUnseenUid()).isEqualTo(1);
    assertThat(s.flags()).containsAll(MailStorage.SYSTEM_FLAGS);
  }

  private List<String> flagsOf(long uid) {
    return List.copyOf(
        storage().fetch(ALICE, "INBOX", UidSet.of(uid, uid), 0, false).get(0).flags());
  }

  @Test
  default void storeFlagsShouldHonourUnchangedSince() {
    storage().provisionAccount(ALICE, "", null, 0, 0);
    long m1 = append(ALICE, "INBOX", message("a", 10)).modseq();
    append(ALICE, "INBOX", message("b", 10));
    StoreResult r =
        storage().storeFlags(ALICE, "INBOX", UidSet.all(), StoreMode.ADD, Set.of("\\Seen"), m1, 0);
    assertThat(r.updated()).extracting(StoreResult.Updated::uid).containsExactly(1L);
    assertThat(r.modified()).containsExactly(2L);
    assertThat(flagsOf(2)).isEmpty();
  }

  @Test
  default void operationsShouldFailWhenUidValidityChanged() {
    storage().provisionAccount(ALICE, "", null, 0, 0);
    long v = append(ALICE, "INBOX", message("v", 10)).uidValidity();
    assertFails(
        Reason.UIDVALIDITY_CHANGED,
        () -> storage().fetch(ALICE, "INBOX", UidSet.all(), v + 1, false));
    assertFails(
        Reason.UIDVALIDITY_CHANGED,
        () ->
            storage()
                .storeFlags(ALICE, "INBOX", UidSet.all(), StoreMode.ADD, Set.of("x"), 0, v + 1));
    assertThat(storage().fetch(ALICE, "INBOX", UidSet.all(), v, false)).hasSize(1);
  }

  @Test
  default void fetchWithSetSeenShouldMarkSeenAndSkipMissingUids() {
    storage().provisionAccount(ALICE, "", null, 0, 0);
    append(ALICE, "INBOX", message("s", 10));
    List<StoredMessage> got =
        storage()
            .fetch(
                ALICE,
                "INBOX",
                new UidSet(List.of(new UidSet.Range(1, 1), new UidSet.Range(5, 9))),
                0,
                true);
    assertThat(got).hasSize(1);
    assertThat(got.get(0).flags()).containsExactly("\\Seen");
    assertThat(storage().folderStatus(ALICE, "INBOX").unseen()).isZero();
  }

  @Test
  default void expungeShouldRemoveOnlyDeletedMessagesAndOnlyWithinUidSubset() {
    storage().provisionAccount(ALICE, "", null, 0, 0);
    for (int i = 1; i <= 4; i++) {
      append(ALICE, "INBOX", message("e" + i, 10), i == 2 ? "\\Seen" : "\\Deleted");
    }
    ExpungeResult subset = storage().expunge(ALICE, "INBOX", UidSet.of(1, 2));
    assertThat(subset.expunged()).containsExactly(1L);
    ExpungeResult rest = storage().expunge(ALICE, "INBOX", null);
    assertThat(rest.expunged()).containsExactly(3L, 4L);
    assertThat(storage().selectFolder(ALICE, "INBOX").uids()).containsExactly(2L);
    assertThat(storage().getAccount(ALICE).messagesUsed()).isEqualTo(1);
  }

  @Test
  default void appendShouldFailWhenQuotaBytesExceeded() {
    storage().provisionAccount(ALICE, "", null, 100, 0);
    append(ALICE, "INBOX", new byte[60]);
    assertFails(Reason.QUOTA_EXCEEDED, () -> append(ALICE, "INBOX", new byte[41]));
    append(ALICE, "INBOX", new byte[40]);
    assertThat(storage().getAccount(ALICE).bytesUsed()).isEqualTo(100);
  }

  @Test
  default void appendShouldFailWhenQuotaMessagesExceeded() {
    storage().provisionAccount(ALICE, "", null, 0, 2);
    append(ALICE, "INBOX", message("q1", 10), "\\Deleted");
    append(ALICE, "INBOX", message("q2", 10));
    assertFails(Reason.QUOTA_EXCEEDED, () -> append(ALICE, "INBOX", message("q3", 10)));
    storage().expunge(ALICE, "INBOX", null);
    append(ALICE, "INBOX", message("q3", 10));
    assertThat(storage().getAccount(ALICE).messagesUsed()).isEqualTo(2);
  }

  @Test
  default void deliverShouldStoreOnceForManyRecipientsAndDropContentWithLastCopy()
      throws IOException {
    storage().provisionAccount(ALICE, "", null, 0, 0);
    storage().provisionAccount(BOB, "", null, 0, 0);
    storage().provisionAccount("full@example.test", "", null, 10, 0);
    byte[] content = message("shared", 500);
    List<Delivery.Outcome> outcomes;
    try (MessageSpool spool = storage().newSpool()) {
      spool.write(content);
      spool.finish();
      outcomes =
          storage()
              .deliver(
                  List.of(
                      new Delivery.Recipient(ALICE, ""),
                      new Delivery.Recipient("BOB@example.test", "Junk"),
                      new Delivery.Recipient("nobody@example.test", null),
                      new Delivery.Recipient("full@example.test", "INBOX"),
                      new Delivery.Recipient(ALICE, "No/Such/Folder")),
                  null,
                  spool);
    }
    assertThat(outcomes)
        .extracting(Delivery.Outcome::delivered)
        .containsExactly(true, true, false, false, true);
    assertThat(outcomes.get(0).folder()).isEqualTo("INBOX");
    assertThat(outcomes.get(1).folder()).isEqualTo("Junk");
    assertThat(outcomes.get(2).failure()).isEqualTo(Reason.ACCOUNT_NOT_FOUND);
    assertThat(outcomes.get(2).permanent()).isTrue();
    assertThat(outcomes.get(3).failure()).isEqualTo(Reason.QUOTA_EXCEEDED);
    assertThat(outcomes.get(3).permanent()).isFalse();
    assertThat(outcomes.get(4).folder()).isEqualTo("INBOX");
    assertThat(outcomes.get(4).uid()).isEqualTo(2);

    StoredMessage bobs = storage().fetch(BOB, "Junk", UidSet.all(), 0, false).get(0);
    assertThat(storage().contentReferences(bobs.contentId())).isEqualTo(3);
    assertThat(read(bobs, 0, content.length)).isEqualTo(content);

    storage().storeFlags(ALICE, "INBOX", UidSet.all(), StoreMode.ADD, Set.of("\\Deleted"), 0, 0);
    storage().expunge(ALICE, "INBOX", null);
    assertThat(storage().contentReferences(bobs.contentId())).isEqualTo(1);
    assertThat(read(bobs, 0, 10)).hasSize(10);
    storage().storeFlags(BOB, "Junk", UidSet.all(), StoreMode.ADD, Set.of("\\Deleted"), 0, 0);
    storage().expunge(BOB, "Junk", null);
    assertThat(storage().contentReferences(bobs.contentId())).isZero();
    assertThatThrownBy(() -> storage().openContent(bobs))
        .isInstanceOf(java.nio.file.NoSuchFileException.class);
  }

  @Test
  default void identicalAppendsShouldShareContent() {
    storage().provisionAccount(ALICE, "", null, 0, 0);
    append(ALICE, "INBOX", message("same", 100));
    append(ALICE, "Sent", message("same", 100));
    String id = storage().fetch(ALICE, "Sent", UidSet.all(), 0, false).get(0).contentId();
    assertThat(storage().contentReferences(id)).isEqualTo(2);
    assertThat(storage().getAccount(ALICE).bytesUsed()).isEqualTo(2L * message("same", 100).length);
  }

  @Test
  default void uidSetShouldTreatStarAsHighestUidAndAcceptReversedRanges() {
    storage().provisionAccount(ALICE, "", null, 0, 0);
    for (int i = 0; i < 5; i++) {
      append(ALICE, "INBOX", message("u" + i, 10));
    }
    assertThat(storage().fetch(ALICE, "INBOX", UidSet.of(4, 2), 0, false))
        .extracting(StoredMessage::uid)
        .containsExactly(2L, 3L, 4L);
    assertThat(storage().fetch(ALICE, "INBOX", UidSet.of(100, 0), 0, false))
        .extracting(StoredMessage::uid)
        .containsExactly(5L);
    assertThatThrownBy(() -> UidSet.of(0, 5)).isInstanceOf(StorageException.class);
  }
}
