package io.mailtier.frontend.imap.parse;

import io.mailtier.frontend.imap.command.ImapCommand;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code UID SP (fetch / store / search / expunge / copy / move)} with UIDs instead of sequence
 * numbers.
 */
final class UidParser implements CommandParser {
  private final CommandParser fetch = new FetchParser(true);
  private final CommandParser store = new StoreParser(true);
  private final CommandParser search = new SearchParser(true);

  @Override
  public ImapCommand parse(String tag, ImapTokenizer t) throws ParseException {
    t.sp();
    String sub = t.atom().toUpperCase(Locale.ROOT);
    return switch (sub) {
      case "FETCH" -> fetch.parse(tag, t);
      case "STORE" -> store.parse(tag, t);
      case "COPY" -> ExtensionParsers.copy(true, false).parse(tag, t);
      case "MOVE" -> ExtensionParsers.copy(true, true).parse(tag, t);
      case "SEARCH" -> search.parse(tag, t);
      case "EXPUNGE" -> {
        t.sp();
        var set = t.sequenceSet();
        t.end();
        yield new ImapCommand.Expunge(tag, Optional.of(set));
      }
      default -> throw new ParseException("Unsupported UID command " + sub);
    };
  }
}
