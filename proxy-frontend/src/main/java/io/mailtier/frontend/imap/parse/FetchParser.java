package io.mailtier.frontend.imap.parse;

import io.mailtier.frontend.imap.command.FetchAttribute;
import io.mailtier.frontend.imap.command.ImapCommand;
import io.mailtier.frontend.imap.command.SequenceSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code FETCH SP sequence-set SP ("ALL" / "FULL" / "FAST" / fetch-att / "(" fetch-att *(SP
 * fetch-att) ")")}, for FETCH and UID FETCH. Supported items: FLAGS, UID, RFC822.SIZE,
 * INTERNALDATE, BODY[], BODY.PEEK[], their partials, RFC822.
 */
final class FetchParser implements CommandParser {
  private static final FetchAttribute FLAGS = new FetchAttribute.Flags();
  private static final FetchAttribute INTERNALDATE = new FetchAttribute.InternalDate();
  private static final FetchAttribute SIZE = new FetchAttribute.Size();
  private final boolean uid;

  FetchParser(boolean uid) {
    this.uid = uid;
  }

  @Override
  public ImapCommand parse(String tag, ImapTokenizer t) throws ParseException {
    t.sp();
    SequenceSet set = t.sequenceSet();
    t.sp();
    List<FetchAttribute> items = new ArrayList<>();
    if (t.peek() == '(') {
      t.expect('(', "Expected (");
      do {
        items.add(attribute(t));
        if (items.size() > 50) {
          throw new ParseException("Too many fetch items");
        }
      } while (t.optionalSp());
      t.expect(')', "Expected )");
    } else if (t.consume("ALL") || t.consume("FAST") || t.consume("FULL")) {
      // ALL and FULL add ENVELOPE and BODY, which this version does not serve yet.
      items.addAll(List.of(FLAGS, INTERNALDATE, SIZE));
    } else {
      items.add(attribute(t));
    }
    t.end();
    return new ImapCommand.Fetch(tag, set, items, uid);
  }

  private static FetchAttribute attribute(ImapTokenizer t) throws ParseException {
    if (t.consume("BODY.PEEK[") || t.consume("BINARY.PEEK[")) {
      return body(t, true);
    }
    if (t.consume("BODY[") || t.consume("BINARY[")) {
      return body(t, false);
    }
    String name = t.atom().toUpperCase(Locale.ROOT);
    return switch (name) {
      case "FLAGS" -> FLAGS;
      case "UID" -> new FetchAttribute.Uid();
      case "RFC822.SIZE" -> SIZE;
      case "INTERNALDATE" -> INTERNALDATE;
      case "RFC822" -> new FetchAttribute.Body(false, -1, 0, true);
      default -> throw new ParseException("Unsupported fetch item " + name);
    };
  }

  private static FetchAttribute body(ImapTokenizer t, boolean peek) throws ParseException {
    if (t.peek() != ']') {
      throw new ParseException("Only the whole-message section BODY[] is supported");
    }
    t.expect(']', "Expected ]");
    if (t.peek() == '<') {
      t.expect('<', "Expected <");
      long offset = t.number();
      t.expect('.', "Expected . in partial");
      long length = t.number();
      t.expect('>', "Expected >");
      if (length == 0) {
        throw new ParseException("Partial length must be positive");
      }
      return new FetchAttribute.Body(peek, offset, length, false);
    }
    return FetchAttribute.Body.whole(peek);
  }
}
