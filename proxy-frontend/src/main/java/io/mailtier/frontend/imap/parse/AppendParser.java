package io.mailtier.frontend.imap.parse;

import io.mailtier.frontend.imap.command.ImapCommand;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** {@code APPEND SP mailbox [SP flag-list] [SP date-time] SP literal}. */
final class AppendParser implements CommandParser {
  @Override
  public ImapCommand parse(String tag, ImapTokenizer t) throws ParseException {
    t.sp();
    String mailbox = t.mailbox();
    t.sp();
    List<String> flags = List.of();
    if (t.peek() == '(') {
      flags = t.flagList();
      t.sp();
    }
    Optional<Instant> date = Optional.empty();
    if (t.peek() == '"') {
      date = Optional.of(t.dateTime());
      t.sp();
    }
    if (t.peek() != '{') {
      throw new ParseException("APPEND needs the message as a literal");
    }
    byte[] message = t.literal();
    t.end();
    return new ImapCommand.Append(tag, mailbox, flags, date, message);
  }
}
