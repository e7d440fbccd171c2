package io.mailtier.frontend.imap.parse;

import io.mailtier.frontend.imap.command.ImapCommand;

/** Parsers of the commands whose only argument is a mailbox: SELECT, EXAMINE, CREATE, DELETE. */
final class MailboxParsers {
  private MailboxParsers() {}

  /** {@code SELECT SP mailbox} / {@code EXAMINE SP mailbox}. */
  static CommandParser select(boolean readOnly) {
    return (tag, t) -> {
      t.sp();
      String mailbox = t.mailbox();
      t.end();
      return new ImapCommand.Select(tag, mailbox, readOnly);
    };
  }

  /** {@code CREATE SP mailbox}. */
  static CommandParser create() {
    return (tag, t) -> {
      t.sp();
      String mailbox = t.mailbox();
      t.end();
      return new ImapCommand.Create(tag, mailbox);
    };
  }

  /** {@code DELETE SP mailbox}. */
  static CommandParser delete() {
    return (tag, t) -> {
      t.sp();
      String mailbox = t.mailbox();
      t.end();
      return new ImapCommand.Delete(tag, mailbox);
    };
  }

  /** {@code RENAME SP mailbox SP mailbox}. */
  static CommandParser rename() {
    return (tag, t) -> {
      t.sp();
      String from = t.mailbox();
      t.sp();
      String to = t.mailbox();
      t.end();
      return new ImapCommand.Rename(tag, from, to);
    };
  }
}
