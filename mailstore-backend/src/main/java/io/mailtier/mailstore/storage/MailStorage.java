package io.mailtier.mailstore.storage;

import io.mailtier.mailstore.mime.MimeStructureParser;
import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The storage of one mailstore node: accounts, folders, messages, flags, UIDs/MODSEQ and quota.
 *
 * <p>Every failure the caller can act on is a {@link StorageException} with a reason. Account names
 * are lower-cased; folder names are hierarchical with {@code /}, and INBOX is case-insensitive.
 * Every method that stores or removes data returns only after the change is on stable storage.
 * Implementations are thread-safe.
 */
public interface MailStorage extends AutoCloseable {
  /** The name of the inbox. */
  String INBOX = "INBOX";

  /** The hierarchy delimiter of folder names. */
  String DELIMITER = "/";

  /** The system flags, in their canonical spelling. */
  List<String> SYSTEM_FLAGS = List.of("\\Seen", "\\Answered", "\\Flagged", "\\Deleted", "\\Draft");

  // --- accounts

  /**
   * Creates an account with INBOX, Sent, Drafts, Trash and Junk.
   *
   * @param passwordHash a PHC string, or null for an account without a node-side password
   */
  Account provisionAccount(
      String name, String displayName, String passwordHash, long quotaBytes, long quotaMessages);

  Account getAccount(String name);

  /**
   * Up to {@code limit} accounts whose names sort after {@code after} (null or "" = from start).
   */
  List<Account> listAccounts(String after, int limit);

  /** Deletes an account and all its mail. */
  void deleteAccount(String name);

  /** The account's credentials, empty when the account does not exist. */
  Optional<Credentials> credentials(String name);

  // --- folders

  /** Every folder of the account, INBOX first, then by name. */
  List<Folder> listFolders(String account);

  /** Creates a folder and its missing parents. */
  Folder createFolder(String account, String name, SpecialUse specialUse);

  /** Renames a folder and its children; renaming INBOX moves its messages instead. */
  void renameFolder(String account, String from, String to);

  /** Deletes a folder and its messages; INBOX cannot be deleted. */
  void deleteFolder(String account, String name);

  Selection selectFolder(String account, String folder);

  FolderStatus folderStatus(String account, String folder);

  // --- messages

  /** A new spool to receive a message's bytes into, for {@link #append} or {@link #deliver}. */
  MessageSpool newSpool() throws IOException;

  /**
   * Stores a finished spool's content as a new message. The spool is consumed (its file moved or
   * deleted) whatever the outcome; the caller still closes it.
   *
   * @param internalDate null for now
   */
  AppendResult append(
      String account, String folder, Set<String> flags, Instant internalDate, MessageSpool content);

  /** Convenience: appends bytes held in memory. */
  default AppendResult append(
      String account, String folder, Set<String> flags, Instant internalDate, byte[] content) {
    try (MessageSpool spool = newSpool()) {
      spool.write(content);
      spool.finish();
      return append(account, folder, flags, internalDate, spool);
    } catch (IOException e) {
      throw new StorageException(
          StorageException.Reason.STORAGE_FAILURE, "cannot spool message: " + e.getMessage(), e);
    }
  }

  /**
   * The messages of a UID set, ascending.
   *
   * @param expectedUidValidity 0, or the UIDVALIDITY the caller knows (else UIDVALIDITY_CHANGED)
   * @param setSeen add \Seen to messages without it (the result shows the flags afterwards)
   */
  List<StoredMessage> fetch(
      String account, String folder, UidSet uids, long expectedUidValidity, boolean setSeen);

  /**
   * Opens a message's content for reading.
   *
   * @throws java.nio.file.NoSuchFileException when the message was expunged meanwhile
   */
  SeekableByteChannel openContent(StoredMessage message) throws IOException;

  /** Changes flags; messages with a modseq above a non-zero {@code unchangedSince} are left. */
  StoreResult storeFlags(
      String account,
      String folder,
      UidSet uids,
      StoreMode mode,
      Set<String> flags,
      long unchangedSince,
      long expectedUidValidity);

  /** Removes the messages flagged \Deleted, only among {@code uids} unless that is null. */
  ExpungeResult expunge(String account, String folder, UidSet uids);

  /**
   * Stores one message for many recipients, once; per-recipient failures are outcomes, not
   * exceptions. The spool is consumed as for {@link #append}.
   */
  List<Delivery.Outcome> deliver(
      List<Delivery.Recipient> recipients, Instant internalDate, MessageSpool content);

  /**
   * The ENVELOPE and MIME structure of a message, computed when it was stored; for content stored
   * before structures existed (or by an older parser) it is computed now and stored. Empty when the
   * message's content is gone (expunged meanwhile).
   */
  Optional<MimeStructureParser.Result> structure(StoredMessage message);

  /** Copies messages to another folder of the account, referencing the same content. */
  CopyResult copy(
      String account, String folder, UidSet uids, String destination, long expectedUidValidity);

  /** Moves messages to another folder of the account: copy and expunge in one transaction. */
  CopyResult move(
      String account, String folder, UidSet uids, String destination, long expectedUidValidity);

  /**
   * The messages of a folder that match a query (IMAP SEARCH), evaluated within the limits:
   * metadata criteria in the database, text criteria on the decoded content.
   *
   * @param expectedUidValidity 0, or the UIDVALIDITY the caller knows (else UIDVALIDITY_CHANGED)
   * @throws io.mailtier.mailstore.search.SearchAbortedException over the byte budget, or cancelled
   */
  io.mailtier.mailstore.search.SearchResult search(
      String account,
      String folder,
      io.mailtier.mailstore.search.SearchQuery query,
      long expectedUidValidity,
      io.mailtier.mailstore.search.SearchLimits limits);

  // --- subscriptions

  /** Adds a name (existing folder or not) to the account's subscriptions; idempotent. */
  void subscribe(String account, String folder);

  /** Removes a name from the subscriptions; FOLDER_NOT_FOUND when it is not there. */
  void unsubscribe(String account, String folder);

  /** The account's subscribed names, ordered. */
  List<String> subscriptions(String account);

  // --- changes

  /**
   * Registers a listener called after each commit with the changes it made, in commit order, on the
   * committing thread: it must not block. Closing the handle removes the listener.
   */
  AutoCloseable addChangeListener(java.util.function.Consumer<MailboxChange> listener);

  /** How many messages reference a content id (0 when the content is not stored). */
  long contentReferences(String contentId);

  /** Whether the storage is open and usable (readiness). */
  boolean isOpen();

  /** Closes the storage; idempotent. */
  @Override
  void close();
}
