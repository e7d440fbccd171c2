package io.mailtier.frontend.imap.parse;

import io.mailtier.frontend.imap.command.FetchAttribute;
import io.mailtier.frontend.imap.command.FetchAttribute.Form;
import io.mailtier.frontend.imap.command.FetchAttribute.Text;
import io.mailtier.frontend.imap.command.ImapCommand;
import io.mailtier.frontend.imap.command.SequenceSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code FETCH SP sequence-set SP ("ALL" / "FULL" / "FAST" / fetch-att / "(" fetch-att *(SP
 * fetch-att) ")")}, for FETCH and UID FETCH, with the fetch-att grammar of RFC 9051 / RFC 3501 and
 * RFC 3516 (BINARY):
 *
 * <pre>
 * fetch-att       = "ENVELOPE" / "FLAGS" / "INTERNALDATE" / "RFC822" [".HEADER" / ".TEXT"] /
 *                   "RFC822.SIZE" / "BODY" ["STRUCTURE"] / "UID" /
 *                   "BODY" [".PEEK"] section [partial] /
 *                   "BINARY" [".PEEK"] section-binary [partial] / "BINARY.SIZE" section-binary
 * section         = "[" [section-spec] "]"
 * section-spec    = section-msgtext / (section-part ["." section-text])
 * section-msgtext = "HEADER" / "HEADER.FIELDS" [".NOT"] SP header-list / "TEXT"
 * section-part    = nz-number *("." nz-number)
 * section-text    = section-msgtext / "MIME"
 * section-binary  = "[" [section-part] "]"
 * partial         = "&lt;" number "." nz-number "&gt;"
 * </pre>
 */
final class FetchParser implements CommandParser {
  /** The most items of one FETCH. */
  static final int MAX_ITEMS = 50;

  /** The most field names of one HEADER.FIELDS list. */
  static final int MAX_FIELDS = 100;

  /** The most part numbers of one section-part. */
  static final int MAX_PART_DEPTH = 64;

  private static final FetchAttribute FLAGS = new FetchAttribute.Flags();
  private static final FetchAttribute INTERNALDATE = new FetchAttribute.InternalDate();
  private static final FetchAttribute SIZE = new FetchAttribute.Size();
  private static final FetchAttribute ENVELOPE = new FetchAttribute.Envelope();
  private static final FetchAttribute BODY = new FetchAttribute.BodyStructure(false);
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
        if (items.size() > MAX_ITEMS) {
          throw new ParseException("Too many fetch items");
        }
      } while (t.optionalSp());
      t.expect(')', "Expected ) after the fetch items");
    } else if (macro(t, "ALL")) {
      items.addAll(List.of(FLAGS, INTERNALDATE, SIZE, ENVELOPE));
    } else if (macro(t, "FAST")) {
      items.addAll(List.of(FLAGS, INTERNALDATE, SIZE));
    } else if (macro(t, "FULL")) {
      items.addAll(List.of(FLAGS, INTERNALDATE, SIZE, ENVELOPE, BODY));
    } else {
      items.add(attribute(t));
    }
    t.end();
    return new ImapCommand.Fetch(tag, set, items, uid);
  }

  /** A macro name; anything after it fails the command's end check. */
  private static boolean macro(ImapTokenizer t, String name) {
    return t.consume(name);
  }

  static FetchAttribute attribute(ImapTokenizer t) throws ParseException {
    if (t.consume("BODY.PEEK[")) {
      return bodySection(t, true);
    }
    if (t.consume("BODY[")) {
      return bodySection(t, false);
    }
    if (t.consume("BINARY.PEEK[")) {
      return binarySection(t, Form.BINARY, true);
    }
    if (t.consume("BINARY.SIZE[")) {
      return binarySection(t, Form.BINARY_SIZE, true);
    }
    if (t.consume("BINARY[")) {
      return binarySection(t, Form.BINARY, false);
    }
    String name = t.atom().toUpperCase(Locale.ROOT);
    return switch (name) {
      case "FLAGS" -> FLAGS;
      case "UID" -> new FetchAttribute.Uid();
      case "RFC822.SIZE" -> SIZE;
      case "INTERNALDATE" -> INTERNALDATE;
      case "ENVELOPE" -> ENVELOPE;
      case "BODY" -> BODY;
      case "BODYSTRUCTURE" -> new FetchAttribute.BodyStructure(true);
      case "RFC822" ->
          new FetchAttribute.Section(Form.RFC822, false, "", Text.NONE, List.of(), -1, 0);
      case "RFC822.HEADER" ->
          new FetchAttribute.Section(Form.RFC822_HEADER, true, "", Text.HEADER, List.of(), -1, 0);
      case "RFC822.TEXT" ->
          new FetchAttribute.Section(Form.RFC822_TEXT, false, "", Text.TEXT, List.of(), -1, 0);
      case "ALL", "FAST", "FULL" ->
          throw new ParseException(name + " is a macro and cannot be combined with other items");
      default -> throw new ParseException("Unknown fetch item " + printable(name));
    };
  }

  /** After {@code BODY[} or {@code BODY.PEEK[}: section-spec, "]", then a partial. */
  private static FetchAttribute bodySection(ImapTokenizer t, boolean peek) throws ParseException {
    String part = "";
    Text text = Text.NONE;
    List<String> fields = List.of();
    if (t.peek() >= '0' && t.peek() <= '9') {
      StringBuilder p = new StringBuilder();
      p.append(nzNumber(t));
      int depth = 1;
      while (t.peek() == '.') {
        t.expect('.', "Expected .");
        if (t.peek() >= '0' && t.peek() <= '9') {
          if (++depth > MAX_PART_DEPTH) {
            throw new ParseException("Section part nested too deeply");
          }
          p.append('.').append(nzNumber(t));
        } else {
          text = sectionText(t, true);
          break;
        }
      }
      part = p.toString();
    } else if (t.peek() != ']') {
      text = sectionText(t, false);
    }
    if (text == Text.HEADER_FIELDS || text == Text.HEADER_FIELDS_NOT) {
      t.sp();
      fields = headerList(t);
    }
    t.expect(']', "Invalid section: expected ]");
    long[] partial = partial(t);
    return new FetchAttribute.Section(Form.BODY, peek, part, text, fields, partial[0], partial[1]);
  }

  /** After {@code BINARY[}, {@code BINARY.PEEK[} or {@code BINARY.SIZE[}: section-part only. */
  private static FetchAttribute binarySection(ImapTokenizer t, Form form, boolean peek)
      throws ParseException {
    StringBuilder p = new StringBuilder();
    if (t.peek() != ']') {
      p.append(nzNumber(t));
      int depth = 1;
      while (t.peek() == '.') {
        t.expect('.', "Expected .");
        if (++depth > MAX_PART_DEPTH) {
          throw new ParseException("Section part nested too deeply");
        }
        p.append('.').append(nzNumber(t));
      }
    }
    t.expect(']', "Invalid binary section: only part numbers are allowed");
    long[] partial = form == Form.BINARY_SIZE ? new long[] {-1, 0} : partial(t);
    return new FetchAttribute.Section(
        form, peek, p.toString(), Text.NONE, List.of(), partial[0], partial[1]);
  }

  private static Text sectionText(ImapTokenizer t, boolean afterPart) throws ParseException {
    if (t.consume("HEADER.FIELDS.NOT")) {
      return Text.HEADER_FIELDS_NOT;
    }
    if (t.consume("HEADER.FIELDS")) {
      return Text.HEADER_FIELDS;
    }
    if (t.consume("HEADER")) {
      return Text.HEADER;
    }
    if (t.consume("TEXT")) {
      return Text.TEXT;
    }
    if (t.consume("MIME")) {
      if (!afterPart) {
        throw new ParseException("Invalid section: MIME needs a part number");
      }
      return Text.MIME;
    }
    throw new ParseException("Invalid section specifier");
  }

  private static List<String> headerList(ImapTokenizer t) throws ParseException {
    t.expect('(', "Expected ( before the header field names");
    List<String> names = new ArrayList<>();
    do {
      String name = t.astring();
      if (!validFieldName(name)) {
        throw new ParseException("Invalid header field name");
      }
      names.add(name);
      if (names.size() > MAX_FIELDS) {
        throw new ParseException("Too many header field names");
      }
    } while (t.optionalSp());
    t.expect(')', "Expected ) after the header field names");
    return names;
  }

  /** RFC 5322 field-name: printable US-ASCII except colon. */
  private static boolean validFieldName(String name) {
    if (name.isEmpty() || name.length() > 998) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c < 33 || c > 126 || c == ':') {
        return false;
      }
    }
    return true;
  }

  /** {@code "<" number "." nz-number ">"} if present: {offset, length}, else {-1, 0}. */
  private static long[] partial(ImapTokenizer t) throws ParseException {
    if (t.peek() != '<') {
      return new long[] {-1, 0};
    }
    t.expect('<', "Expected <");
    long offset = t.number();
    t.expect('.', "Invalid partial: expected <origin.octets>");
    long length = t.number();
    t.expect('>', "Invalid partial: expected >");
    if (length == 0) {
      throw new ParseException("Invalid partial: the length must be positive");
    }
    return new long[] {offset, length};
  }

  private static String nzNumber(ImapTokenizer t) throws ParseException {
    if (t.peek() == '0') {
      throw new ParseException("Invalid section part: part numbers start at 1");
    }
    return Long.toString(t.number());
  }

  private static String printable(String s) {
    return s.length() > 40 ? s.substring(0, 40) + "..." : s;
  }
}
