package io.mailtier.frontend.imap.parse;

import io.mailtier.frontend.imap.command.ImapCommand;

/** {@code LIST SP mailbox SP list-mailbox} (the basic form, without LIST-EXTENDED options). */
final class ListParser implements CommandParser {
  @Override
  public ImapCommand parse(String tag, ImapTokenizer t) throws ParseException {
    t.sp();
    if (t.peek() == '(') {
      throw new ParseException("LIST selection options are not supported");
    }
    String reference = t.astring();
    t.sp();
    String pattern = t.listMailbox();
    t.end();
    return new ImapCommand.ListMailboxes(tag, reference, pattern);
  }
}
