package io.mailtier.mailstore.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mailtier.mailstore.mime.MimeStructureParser;
import io.mailtier.mailstore.mime.SectionLocator;
import io.mailtier.mailstore.storage.StorageException.Reason;
import io.mailtier.proto.mailstore.v1.Envelope;
import io.mailtier.proto.mailstore.v1.EnvelopeAddress;
import io.mailtier.proto.mailstore.v1.MimeParameter;
import io.mailtier.proto.mailstore.v1.MimePart;
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

  // ------------------------------------------------- MIME structure (ADR 0030)

  static byte[] resource(String name) {
    try (var in = MailStorageContract.class.getResourceAsStream("/messages/" + name)) {
      return in.readAllBytes();
    } catch (IOException | NullPointerException e) {
      throw new IllegalStateException("missing test message " + name, e);
    }
  }

  default StoredMessage stored(byte[] content) {
    if (storage().listAccounts("", 10).stream().noneMatch(a -> a.name().equals(ALICE))) {
      storage().provisionAccount(ALICE, "", null, 0, 0);
    }
    AppendResult r = append(ALICE, "INBOX", content);
    return storage().fetch(ALICE, "INBOX", UidSet.of(r.uid(), r.uid()), 0, false).get(0);
  }

  default MimeStructureParser.Result structureOf(byte[] content) {
    return storage().structure(stored(content)).orElseThrow();
  }

  default String section(StoredMessage m, String part, SectionLocator.Kind kind)
      throws IOException {
    MimeStructureParser.Result s = storage().structure(m).orElseThrow();
    SectionLocator.Range r =
        SectionLocator.locate(s.structure(), m.size(), part, kind).orElseThrow();
    return new String(read(m, r.offset(), (int) r.length()), StandardCharsets.UTF_8);
  }

  @Test
  default void structureShouldDescribeAlternativeWithAttachmentAndEnvelope() {
    MimeStructureParser.Result r = structureOf(resource("alternative-with-attachment.eml"));
    Envelope e = r.envelope();
    assertThat(e.getDate()).isEqualTo("Mon, 7 Feb 1994 21:52:25 -0800");
    assertThat(e.getSubject()).startsWith("=?UTF-8?B?");
    assertThat(e.getSubjectDecoded()).isEqualTo("Grüße aus Bukarest: și ț");
    assertThat(e.getFrom(0).getName()).isEqualTo("Fred Foobar");
    assertThat(e.getFrom(0).getMailbox()).isEqualTo("foobar");
    assertThat(e.getFrom(0).getHost()).isEqualTo("Blurdybloop.example");
    assertThat(e.getSender(0).getMailbox()).isEqualTo("secretary");
    assertThat(e.getReplyToList()).isEqualTo(e.getFromList());
    assertThat(e.getToList())
        .extracting(EnvelopeAddress::getMailbox)
        .containsExactly("mooch", "Team", "ann", "bob", "");
    assertThat(e.getTo(1).getGroupStart()).isTrue();
    assertThat(e.getTo(4).getGroupEnd()).isTrue();
    assertThat(e.getCc(0).getAdl()).isEqualTo("@relay.example");
    assertThat(e.getBccList()).isEmpty();
    assertThat(e.getMessageId()).isEqualTo("<B27397-0100000@Blurdybloop.example>");
    assertThat(e.getInReplyTo()).isEqualTo("<parent@example.test>");

    MimePart root = r.structure();
    assertThat(root.getType() + "/" + root.getSubtype()).isEqualTo("multipart/mixed");
    assertThat(root.getSection()).isEmpty();
    assertThat(root.getPartsCount()).isEqualTo(2);
    MimePart alt = root.getParts(0);
    assertThat(alt.getSubtype()).isEqualTo("alternative");
    assertThat(alt.getParts(0).getSection()).isEqualTo("1.1");
    assertThat(alt.getParts(0).getTransferEncoding()).isEqualTo("QUOTED-PRINTABLE");
    assertThat(alt.getParts(0).getParametersList())
        .containsExactly(MimeParameter.newBuilder().setName("charset").setValue("utf-8").build());
    assertThat(alt.getParts(0).getLines()).isEqualTo(2);
    assertThat(alt.getParts(1).getSection()).isEqualTo("1.2");
    MimePart pdf = root.getParts(1);
    assertThat(pdf.getSection()).isEqualTo("2");
    assertThat(pdf.getType() + "/" + pdf.getSubtype()).isEqualTo("application/pdf");
    assertThat(pdf.getId()).isEqualTo("<part3@example.test>");
    assertThat(pdf.getDescription()).isEqualTo("The report");
    assertThat(pdf.getMd5()).isEqualTo("Q2hlY2sgSW50ZWdyaXR5IQ==");
    assertThat(pdf.getDisposition()).isEqualTo("attachment");
    assertThat(pdf.getDispositionParameters(0).getValue()).isEqualTo("report.pdf");
    assertThat(pdf.getLanguageList()).containsExactly("en", "de");
    assertThat(pdf.getLocation()).isEqualTo("http://example.test/report.pdf");
    assertThat(pdf.getBodyLength()).isEqualTo("JVBERi0xLjQKJcfsj6IK".length());
  }

  @Test
  default void sectionsShouldAddressPartsHeadersTextAndMime() throws IOException {
    StoredMessage m = stored(resource("alternative-with-attachment.eml"));
    assertThat(section(m, "1.1", SectionLocator.Kind.WHOLE))
        .isEqualTo("Hello =C8=99i salut\r\nsecond line");
    assertThat(section(m, "1.2", SectionLocator.Kind.WHOLE)).isEqualTo("<p>Hello</p>");
    assertThat(section(m, "2", SectionLocator.Kind.WHOLE)).isEqualTo("JVBERi0xLjQKJcfsj6IK");
    assertThat(section(m, "1.1", SectionLocator.Kind.MIME))
        .isEqualTo(
            "Content-Type: text/plain; charset=utf-8\r\n"
                + "Content-Transfer-Encoding: quoted-printable\r\n\r\n");
    assertThat(section(m, "", SectionLocator.Kind.HEADER))
        .startsWith("Date: ")
        .endsWith("\r\n\r\n");
    assertThat(section(m, "", SectionLocator.Kind.TEXT)).startsWith("This is the preamble.");
    MimeStructureParser.Result s = storage().structure(m).orElseThrow();
    assertThat(SectionLocator.locate(s.structure(), m.size(), "3", SectionLocator.Kind.WHOLE))
        .isEmpty();
    assertThat(SectionLocator.locate(s.structure(), m.size(), "2", SectionLocator.Kind.HEADER))
        .isEmpty();
  }

  @Test
  default void headerFieldsShouldBeFilteredCaseInsensitivelyWithFoldedLines() {
    byte[] header =
        "Subject: a\r\n folded\r\nFrom: x@y\r\nTO: z@y\r\n\r\n".getBytes(StandardCharsets.UTF_8);
    assertThat(
            new String(
                SectionLocator.filterHeader(header, Set.of("subject", "to"), false),
                StandardCharsets.UTF_8))
        .isEqualTo("Subject: a\r\n folded\r\nTO: z@y\r\n\r\n");
    assertThat(
            new String(
                SectionLocator.filterHeader(header, Set.of("SUBJECT", "to"), true),
                StandardCharsets.UTF_8))
        .isEqualTo("From: x@y\r\n\r\n");
  }

  @Test
  default void embeddedMessageShouldHaveItsOwnEnvelopeStructureAndSections() throws IOException {
    StoredMessage m = stored(resource("embedded-message.eml"));
    MimePart root = storage().structure(m).orElseThrow().structure();
    MimePart fwd = root.getParts(1);
    assertThat(fwd.getType() + "/" + fwd.getSubtype()).isEqualTo("message/rfc822");
    assertThat(fwd.getMessageEnvelope().getSubject()).isEqualTo("inner subject");
    assertThat(fwd.getMessageBody().getPartsCount()).isEqualTo(2);
    assertThat(fwd.getMessageBody().getParts(1).getSection()).isEqualTo("2.2");
    assertThat(fwd.getLines()).isGreaterThan(5);
    assertThat(section(m, "2.2", SectionLocator.Kind.WHOLE)).isEqualTo("second inner");
    assertThat(section(m, "2", SectionLocator.Kind.HEADER))
        .startsWith("From: inner@example.test\r\n")
        .endsWith("\r\n\r\n");
    assertThat(section(m, "2", SectionLocator.Kind.TEXT)).startsWith("--b2\r\n").endsWith("--b2--");
    assertThat(section(m, "2", SectionLocator.Kind.WHOLE)).startsWith("From: inner");
  }

  @Test
  default void malformedMessagesShouldStillStoreWithWhatCouldBeParsed() throws IOException {
    StoredMessage broken = stored(resource("missing-terminator.eml"));
    MimePart root = storage().structure(broken).orElseThrow().structure();
    assertThat(root.getPartsCount()).isEqualTo(2);
    assertThat(section(broken, "2", SectionLocator.Kind.WHOLE))
        .isEqualTo("second part never closed\r\n");

    StoredMessage nasty = stored(resource("nasty-headers.eml"));
    MimeStructureParser.Result n = storage().structure(nasty).orElseThrow();
    assertThat(n.envelope().getSubject()).isEqualTo("Grüße și тест");
    assertThat(n.envelope().getFrom(0).getName()).isEqualTo("Müller");
    assertThat(n.structure().getType()).isEqualTo("multipart");
    assertThat(n.structure().getPartsCount()).isZero();

    StoredMessage garbage = stored(resource("garbage.eml"));
    MimeStructureParser.Result g = storage().structure(garbage).orElseThrow();
    assertThat(g.structure().getType() + "/" + g.structure().getSubtype()).isEqualTo("text/plain");
    assertThat(g.structure().getBodyLength()).isEqualTo(garbage.size());
  }

  // ------------------------------------------------------------- copy / move

  @Test
  default void copyShouldReferenceSameContentAndMapUids() {
    storage().provisionAccount(ALICE, "", null, 0, 0);
    AppendResult a = append(ALICE, "INBOX", message("one", 100), "\\Flagged");
    append(ALICE, "INBOX", message("two", 100));
    CopyResult r = storage().copy(ALICE, "INBOX", UidSet.all(), "Trash", 0);
    assertThat(r.sourceUids()).containsExactly(1L, 2L);
    assertThat(r.destinationUids()).containsExactly(1L, 2L);
    assertThat(r.destinationUidValidity())
        .isEqualTo(storage().folderStatus(ALICE, "Trash").uidValidity());
    StoredMessage copy = storage().fetch(ALICE, "Trash", UidSet.of(1, 1), 0, false).get(0);
    assertThat(copy.flags()).containsExactly("\\Flagged");
    assertThat(storage().contentReferences(copy.contentId())).isEqualTo(2);
    assertThat(storage().getAccount(ALICE).messagesUsed()).isEqualTo(4);
    assertThat(storage().folderStatus(ALICE, "INBOX").messages()).isEqualTo(2);
    assertThat(a.uid()).isEqualTo(1);
  }

  @Test
  default void copyShouldFailWhenQuotaWouldBeExceededAndCopyNothing() {
    storage().provisionAccount(ALICE, "", null, 0, 3);
    append(ALICE, "INBOX", message("one", 100));
    append(ALICE, "INBOX", message("two", 100));
    assertFails(
        Reason.QUOTA_EXCEEDED, () -> storage().copy(ALICE, "INBOX", UidSet.all(), "Junk", 0));
    assertThat(storage().folderStatus(ALICE, "Junk").messages()).isZero();
    assertFails(
        Reason.FOLDER_NOT_FOUND, () -> storage().copy(ALICE, "INBOX", UidSet.all(), "Nope", 0));
  }

  @Test
  default void moveShouldCopyAndExpungeAtomicallyWithoutChargingQuota() {
    storage().provisionAccount(ALICE, "", null, 0, 2);
    append(ALICE, "INBOX", message("one", 100));
    append(ALICE, "INBOX", message("two", 100));
    long before = storage().folderStatus(ALICE, "INBOX").highestModseq();
    CopyResult r = storage().move(ALICE, "INBOX", UidSet.of(2, 2), "Trash", 0);
    assertThat(r.sourceUids()).containsExactly(2L);
    assertThat(r.destinationUids()).containsExactly(1L);
    assertThat(r.sourceHighestModseq()).isGreaterThan(before);
    assertThat(storage().selectFolder(ALICE, "INBOX").uids()).containsExactly(1L);
    assertThat(storage().selectFolder(ALICE, "Trash").uids()).containsExactly(1L);
    assertThat(storage().getAccount(ALICE).messagesUsed()).isEqualTo(2);
    assertFails(
        Reason.FOLDER_NOT_FOUND, () -> storage().move(ALICE, "INBOX", UidSet.all(), "Nope", 0));
    assertThat(storage().selectFolder(ALICE, "INBOX").uids()).containsExactly(1L);
  }

  // ----------------------------------------------------------- subscriptions

  @Test
  default void subscribeShouldAcceptNonExistentNamesAndListShouldReportThem() {
    storage().provisionAccount(ALICE, "", null, 0, 0);
    storage().subscribe(ALICE, "Not/There");
    storage().unsubscribe(ALICE, "Junk");
    assertThat(storage().subscriptions(ALICE))
        .contains("Not/There", "INBOX")
        .doesNotContain("Junk");
    assertThat(storage().listFolders(ALICE))
        .filteredOn(f -> f.name().equals("Junk"))
        .extracting(Folder::subscribed)
        .containsExactly(false);
    assertFails(Reason.FOLDER_NOT_FOUND, () -> storage().unsubscribe(ALICE, "Junk"));
    storage().deleteFolder(ALICE, "Sent");
    assertThat(storage().subscriptions(ALICE)).contains("Sent");
  }

  // ------------------------------------------------------------------ changes

  @Test
  default void changesShouldBePublishedAfterCommit() throws Exception {
    storage().provisionAccount(ALICE, "", null, 0, 1);
    List<MailboxChange> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
    try (AutoCloseable handle =
        storage()
            .addChangeListener(c -> {
              // after commit: the change is already visible to readers
              if (c instanceof MailboxChange.Exists e) {
                assertThat(storage().folderStatus(e.account(), e.folder()).uidNext())
                    .isEqualTo(e.uidNext());
              }
              seen.add(c);
            })) {
      append(ALICE, "INBOX", message("one", 100));
      storage().storeFlags(ALICE, "INBOX", UidSet.all(), StoreMode.ADD, Set.of("\\Deleted"), 0, 0);
      assertFails(Reason.QUOTA_EXCEEDED, () -> append(ALICE, "INBOX", message("two", 100)));
      storage().copy(ALICE, "INBOX", UidSet.all(), "INBOX", 0);
    } catch (StorageException e) {
      assertThat(e.reason()).isEqualTo(Reason.QUOTA_EXCEEDED);
    }
    storage().expunge(ALICE, "INBOX", null);
    assertThat(seen).hasSize(2);
    assertThat(seen.get(0)).isInstanceOf(MailboxChange.Exists.class);
    assertThat(seen.get(1)).isInstanceOf(MailboxChange.FlagsChanged.class);
  }
}
