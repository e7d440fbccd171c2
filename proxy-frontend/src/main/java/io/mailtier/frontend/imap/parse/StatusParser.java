package io.mailtier.frontend.imap.parse;

import io.mailtier.frontend.imap.command.ImapCommand;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** {@code STATUS SP mailbox SP "(" status-att *(SP status-att) ")"}. */
final class StatusParser implements CommandParser {
  static final Set<String> ITEMS =
      Set.of("MESSAGES", "RECENT", "UIDNEXT", "UIDVALIDITY", "UNSEEN", "DELETED", "SIZE");

  @Override
  public ImapCommand parse(String tag, ImapTokenizer t) throws ParseException {
    t.sp();
    String mailbox = t.mailbox();
    t.sp();
    t.expect('(', "Expected a list of status items");
    List<String> items = new ArrayList<>();
    do {
      String item = t.atom().toUpperCase(Locale.ROOT);
      if (!ITEMS.contains(item)) {
        throw new ParseException("Unknown status item " + item);
      }
      items.add(item);
    } while (t.optionalSp());
    t.expect(')', "Expected )");
    t.end();
    return new ImapCommand.Status(tag, mailbox, items);
  }
}
