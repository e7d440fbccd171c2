package io.mailtier.frontend.imap.parse;

import io.mailtier.frontend.imap.command.ImapCommand;

/** {@code LOGIN SP userid SP password}. */
final class LoginParser implements CommandParser {
  @Override
  public ImapCommand parse(String tag, ImapTokenizer t) throws ParseException {
    t.sp();
    String user = t.astring();
    t.sp();
    String password = t.astring();
    t.end();
    return new ImapCommand.Login(tag, user, password);
  }
}
