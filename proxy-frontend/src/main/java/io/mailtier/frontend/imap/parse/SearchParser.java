package io.mailtier.frontend.imap.parse;

import io.mailtier.frontend.imap.command.ImapCommand;
import io.mailtier.frontend.imap.command.SearchKey;
import io.mailtier.frontend.imap.command.SearchReturn;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * {@code SEARCH [SP "RETURN" SP "(" [return-opt *(SP return-opt)] ")"] SP ["CHARSET" SP astring SP]
 * search-key *(SP search-key)} (RFC 9051 6.4.4, RFC 4731, RFC 5182, RFC 7162 MODSEQ), for SEARCH
 * and UID SEARCH. Every key of RFC 3501 and RFC 9051 is understood; nesting and the number of keys
 * are bounded so a hostile command cannot exhaust the stack.
 */
final class SearchParser implements CommandParser {
  /** The deepest nesting of parentheses, NOT and OR accepted. */
  static final int MAX_DEPTH = 32;

  /** The most keys one command may carry. */
  static final int MAX_KEYS = 300;

  private static final String[] MONTHS = {
    "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"
  };

  private final boolean uid;

  SearchParser(boolean uid) {
    this.uid = uid;
  }

  @Override
  public ImapCommand parse(String tag, ImapTokenizer t) throws ParseException {
    t.sp();
    Optional<SearchReturn> returns = Optional.empty();
    if (t.lookingAt("RETURN ")) {
      t.consume("RETURN");
      t.sp();
      returns = Optional.of(returnOptions(t));
      t.sp();
    }
    Optional<String> charset = Optional.empty();
    if (t.lookingAt("CHARSET ")) {
      t.consume("CHARSET");
      t.sp();
      charset = Optional.of(t.astring());
      t.sp();
    }
    int[] count = {0};
    List<SearchKey> keys = new ArrayList<>();
    do {
      keys.add(key(t, 1, count));
    } while (t.optionalSp());
    t.end();
    SearchKey program = keys.size() == 1 ? keys.get(0) : new SearchKey.And(keys);
    return new ImapCommand.Search(tag, charset, returns, program, uid);
  }

  private static SearchReturn returnOptions(ImapTokenizer t) throws ParseException {
    t.expect('(', "Expected ( after RETURN");
    Set<SearchReturn.Option> options = EnumSet.noneOf(SearchReturn.Option.class);
    if (t.peek() != ')') {
      do {
        String name = t.atom().toUpperCase(Locale.ROOT);
        try {
          options.add(SearchReturn.Option.valueOf(name));
        } catch (IllegalArgumentException e) {
          throw new ParseException("Unknown RETURN option " + abbreviate(name));
        }
      } while (t.optionalSp());
    }
    t.expect(')', "Expected ) after the RETURN options");
    return new SearchReturn(options);
  }

  private static SearchKey key(ImapTokenizer t, int depth, int[] count) throws ParseException {
    if (depth > MAX_DEPTH) {
      throw new ParseException("Search keys nested too deeply");
    }
    if (++count[0] > MAX_KEYS) {
      throw new ParseException("Too many search keys");
    }
    int c = t.peek();
    if (c == '(') {
      t.expect('(', "");
      List<SearchKey> keys = new ArrayList<>();
      do {
        keys.add(key(t, depth + 1, count));
      } while (t.optionalSp());
      t.expect(')', "Expected ) to close the search key list");
      return keys.size() == 1 ? keys.get(0) : new SearchKey.And(keys);
    }
    if (c == '$' || c == '*' || (c >= '0' && c <= '9')) {
      return new SearchKey.Sequence(t.sequenceSet());
    }
    String name = t.atom().toUpperCase(Locale.ROOT);
    return switch (name) {
      case "ALL" -> new SearchKey.All();
      case "ANSWERED" -> flag("\\Answered", true);
      case "DELETED" -> flag("\\Deleted", true);
      case "DRAFT" -> flag("\\Draft", true);
      case "FLAGGED" -> flag("\\Flagged", true);
      case "SEEN" -> flag("\\Seen", true);
      case "UNANSWERED" -> flag("\\Answered", false);
      case "UNDELETED" -> flag("\\Deleted", false);
      case "UNDRAFT" -> flag("\\Draft", false);
      case "UNFLAGGED" -> flag("\\Flagged", false);
      case "UNSEEN" -> flag("\\Seen", false);
      case "KEYWORD" -> {
        t.sp();
        yield flag(t.atom(), true);
      }
      case "UNKEYWORD" -> {
        t.sp();
        yield flag(t.atom(), false);
      }
      case "RECENT" -> new SearchKey.Recent();
      // NEW = RECENT UNSEEN, OLD = NOT RECENT (RFC 3501)
      case "NEW" -> new SearchKey.And(List.of(new SearchKey.Recent(), flag("\\Seen", false)));
      case "OLD" -> new SearchKey.Not(new SearchKey.Recent());
      case "BEFORE" -> date(t, SearchKey.DateKind.BEFORE);
      case "ON" -> date(t, SearchKey.DateKind.ON);
      case "SINCE" -> date(t, SearchKey.DateKind.SINCE);
      case "SENTBEFORE" -> date(t, SearchKey.DateKind.SENTBEFORE);
      case "SENTON" -> date(t, SearchKey.DateKind.SENTON);
      case "SENTSINCE" -> date(t, SearchKey.DateKind.SENTSINCE);
      case "LARGER" -> new SearchKey.Size(true, number64(t));
      case "SMALLER" -> new SearchKey.Size(false, number64(t));
      case "FROM", "TO", "CC", "BCC", "SUBJECT" -> {
        t.sp();
        yield new SearchKey.Header(fieldName(name), t.astring());
      }
      case "HEADER" -> {
        t.sp();
        String field = t.astring();
        if (field.isEmpty() || !field.chars().allMatch(ch -> ch > 32 && ch < 127 && ch != ':')) {
          throw new ParseException("Invalid header field name");
        }
        t.sp();
        yield new SearchKey.Header(field, t.astring());
      }
      case "BODY" -> {
        t.sp();
        yield new SearchKey.Text(false, t.astring());
      }
      case "TEXT" -> {
        t.sp();
        yield new SearchKey.Text(true, t.astring());
      }
      case "NOT" -> {
        t.sp();
        yield new SearchKey.Not(key(t, depth + 1, count));
      }
      case "OR" -> {
        t.sp();
        SearchKey left = key(t, depth + 1, count);
        t.sp();
        yield new SearchKey.Or(left, key(t, depth + 1, count));
      }
      case "UID" -> {
        t.sp();
        yield new SearchKey.Uid(t.sequenceSet());
      }
      case "MODSEQ" -> modseq(t);
      default -> throw new ParseException("Unknown search key " + abbreviate(name));
    };
  }

  private static SearchKey flag(String flag, boolean present) {
    return new SearchKey.Flag(flag, present);
  }

  private static String fieldName(String key) {
    return switch (key) {
      case "FROM" -> "From";
      case "TO" -> "To";
      case "CC" -> "Cc";
      case "BCC" -> "Bcc";
      default -> "Subject";
    };
  }

  /** {@code MODSEQ [SP entry-name SP entry-type-req] SP mod-sequence-valzer} (RFC 7162). */
  private static SearchKey modseq(ImapTokenizer t) throws ParseException {
    t.sp();
    if (t.peek() == '"') {
      String entry = t.quoted();
      if (!entry.toLowerCase(Locale.ROOT).startsWith("/flags/")) {
        throw new ParseException("Invalid MODSEQ entry name");
      }
      t.sp();
      String type = t.atom().toLowerCase(Locale.ROOT);
      if (!type.equals("priv") && !type.equals("shared") && !type.equals("all")) {
        throw new ParseException("Invalid MODSEQ entry type");
      }
      t.sp();
    }
    return new SearchKey.Modseq(digits(t.atom(), "mod-sequence"));
  }

  private static long number64(ImapTokenizer t) throws ParseException {
    t.sp();
    return digits(t.atom(), "number");
  }

  private static long digits(String s, String what) throws ParseException {
    if (s.isEmpty() || s.length() > 19 || !s.chars().allMatch(ch -> ch >= '0' && ch <= '9')) {
      throw new ParseException("Invalid " + what);
    }
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException e) {
      throw new ParseException("Invalid " + what);
    }
  }

  /** {@code date = date-text / DQUOTE date-text DQUOTE}, date-text = d[d]-Mon-yyyy. */
  private static SearchKey date(ImapTokenizer t, SearchKey.DateKind kind) throws ParseException {
    t.sp();
    String text = t.peek() == '"' ? t.quoted() : t.atom();
    return new SearchKey.Date(kind, parseDate(text));
  }

  static LocalDate parseDate(String text) throws ParseException {
    String[] parts = text.split("-", -1);
    if (parts.length != 3
        || parts[0].isEmpty()
        || parts[0].length() > 2
        || parts[2].length() != 4
        || !(parts[0] + parts[2]).chars().allMatch(ch -> ch >= '0' && ch <= '9')) {
      throw new ParseException("Invalid date " + abbreviate(text));
    }
    int month = -1;
    for (int i = 0; i < MONTHS.length; i++) {
      if (MONTHS[i].equalsIgnoreCase(parts[1])) {
        month = i + 1;
      }
    }
    if (month < 0) {
      throw new ParseException("Invalid month in date " + abbreviate(text));
    }
    try {
      return LocalDate.of(Integer.parseInt(parts[2]), month, Integer.parseInt(parts[0]));
    } catch (DateTimeException e) {
      throw new ParseException("Invalid date " + abbreviate(text));
    }
  }

  private static String abbreviate(String s) {
    String t = s.length() > 20 ? s.substring(0, 20) + "..." : s;
    return t.replaceAll("[^\\x20-\\x7e]", "?");
  }
}
