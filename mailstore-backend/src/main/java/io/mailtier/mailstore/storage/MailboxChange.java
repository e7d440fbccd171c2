package io.mailtier.mailstore.storage;

import java.util.List;

/** A committed change to a folder, as {@link MailStorage#addChangeListener} reports it. */
public sealed interface MailboxChange {
  /** The account name. */
  String account();

  /** The folder's full name. */
  String folder();

  /** New messages. */
  record Exists(String account, String folder, List<Long> uids, long uidNext, long highestModseq)
      implements MailboxChange {}

  /** Messages removed. */
  record Expunged(String account, String folder, List<Long> uids, long highestModseq)
      implements MailboxChange {}

  /** Flags changed. */
  record FlagsChanged(
      String account, String folder, List<StoreResult.Updated> messages, long highestModseq)
      implements MailboxChange {}

  /** The folder's UIDs are no longer valid: created, deleted (uidValidity 0) or renamed. */
  record UidValidityChanged(String account, String folder, long uidValidity)
      implements MailboxChange {}
}
