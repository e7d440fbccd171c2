package io.mailtier.frontend.imap.parse;

import io.mailtier.frontend.imap.command.SequenceSet;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Reads the tokens of one complete command: the bytes of its line with each literal inline, as they
 * came from the client ({@code {N}CRLF} followed by N bytes), without the final CRLF.
 */
public final class ImapTokenizer {
  private static final int MAX_SEQUENCE_RANGES = 1000;
  private static final DateTimeFormatter DATE_TIME =
      DateTimeFormatter.ofPattern("d-MMM-yyyy HH:mm:ss Z", Locale.ENGLISH);

  private final byte[] in;
  private int pos;

  public ImapTokenizer(byte[] in) {
    this.in = in;
  }

  public boolean atEnd() {
    return pos >= in.length;
  }

  /** The next byte, or -1 at the end. */
  public int peek() {
    return atEnd() ? -1 : in[pos] & 0xff;
  }

  /** Fails unless every byte has been read. */
  public void end() throws ParseException {
    if (!atEnd()) {
      throw new ParseException("Unexpected characters at the end of the command");
    }
  }

  /** Reads exactly one space. */
  public void sp() throws ParseException {
    expect(' ', "Expected a space");
  }

  /** Reads one space if there is one. */
  public boolean optionalSp() {
    if (peek() == ' ') {
      pos++;
      return true;
    }
    return false;
  }

  public void expect(char c, String message) throws ParseException {
    if (peek() != c) {
      throw new ParseException(message);
    }
    pos++;
  }

  /** A tag: any ASTRING-CHAR except {@code +}. */
  public String tag() throws ParseException {
    int start = pos;
    while (!atEnd() && isAstringChar(peek()) && peek() != '+') {
      pos++;
    }
    if (pos == start) {
      throw new ParseException("Missing or invalid tag");
    }
    return ascii(start, pos);
  }

  /** An atom (ATOM-CHARs). */
  public String atom() throws ParseException {
    int start = pos;
    while (!atEnd() && isAtomChar(peek())) {
      pos++;
    }
    if (pos == start) {
      throw new ParseException("Expected an atom");
    }
    return ascii(start, pos);
  }

  /** An astring: an atom of ASTRING-CHARs, a quoted string or a literal. */
  public String astring() throws ParseException {
    int c = peek();
    if (c == '"' || c == '{') {
      return string();
    }
    int start = pos;
    while (!atEnd() && isAstringChar(peek())) {
      pos++;
    }
    if (pos == start) {
      throw new ParseException("Expected a string");
    }
    return utf8(start, pos);
  }

  /** A quoted string or a literal, as text (UTF-8). */
  public String string() throws ParseException {
    if (peek() == '"') {
      return quoted();
    }
    if (peek() == '{') {
      return new String(literal(), StandardCharsets.UTF_8);
    }
    throw new ParseException("Expected a quoted string or a literal");
  }

  /** A mailbox name ({@code INBOX} in any case is returned as {@code INBOX}). */
  public String mailbox() throws ParseException {
    return normalizeMailbox(astring());
  }

  /** A LIST pattern: list-chars (atom chars plus {@code % * ]}) or a string. */
  public String listMailbox() throws ParseException {
    int c = peek();
    if (c == '"' || c == '{') {
      return string();
    }
    int start = pos;
    while (!atEnd() && (isAstringChar(peek()) || peek() == '%' || peek() == '*')) {
      pos++;
    }
    if (pos == start) {
      throw new ParseException("Expected a mailbox pattern");
    }
    return utf8(start, pos);
  }

  /** A quoted string with {@code \"} and {@code \\} escapes. */
  public String quoted() throws ParseException {
    expect('"', "Expected a quoted string");
    int close = pos;
    while (close < in.length && in[close] != '"') {
      close += in[close] == '\\' ? 2 : 1;
    }
    // a quoted string is never longer than the bytes up to its closing quote (or the line)
    byte[] out = new byte[Math.min(in.length, close) - pos + 1];
    int n = 0;
    while (true) {
      if (atEnd()) {
        throw new ParseException("Unterminated quoted string");
      }
      int c = in[pos++] & 0xff;
      if (c == '"') {
        break;
      }
      if (c == '\\') {
        if (atEnd()) {
          throw new ParseException("Unterminated quoted string");
        }
        c = in[pos++] & 0xff;
        if (c != '"' && c != '\\') {
          throw new ParseException("Invalid escape in quoted string");
        }
      } else if (c == '\r' || c == '\n' || c == 0) {
        throw new ParseException("Invalid character in quoted string");
      }
      out[n++] = (byte) c;
    }
    return new String(out, 0, n, StandardCharsets.UTF_8);
  }

  /** A literal {@code {N}CRLF} or {@code {N+}CRLF} followed by N bytes; returns the bytes. */
  public byte[] literal() throws ParseException {
    expect('{', "Expected a literal");
    long size = 0;
    int digits = 0;
    while (peek() >= '0' && peek() <= '9') {
      size = size * 10 + (in[pos++] - '0');
      if (++digits > 10) {
        throw new ParseException("Literal size too large");
      }
    }
    if (digits == 0) {
      throw new ParseException("Invalid literal size");
    }
    if (peek() == '+') {
      pos++;
    }
    expect('}', "Invalid literal");
    if (peek() == '\r') {
      pos++;
    }
    expect('\n', "Literal must end the line");
    if (size > in.length - pos) {
      throw new ParseException("Literal is shorter than announced");
    }
    byte[] data = Arrays.copyOfRange(in, pos, pos + (int) size);
    pos += (int) size;
    return data;
  }

  /** The rest of the line as text (for SASL responses). */
  public String rest() {
    String s = ascii(pos, in.length);
    pos = in.length;
    return s;
  }

  /** A parenthesized flag list; {@code ()} gives an empty list. */
  public List<String> flagList() throws ParseException {
    expect('(', "Expected a flag list");
    List<String> flags = new ArrayList<>();
    while (peek() != ')') {
      if (!flags.isEmpty()) {
        sp();
      }
      flags.add(flag());
      if (flags.size() > 100) {
        throw new ParseException("Too many flags");
      }
    }
    pos++;
    return flags;
  }

  /** Flags without parentheses, separated by spaces, up to the end (STORE's bare form). */
  public List<String> bareFlags() throws ParseException {
    List<String> flags = new ArrayList<>();
    flags.add(flag());
    while (optionalSp()) {
      flags.add(flag());
      if (flags.size() > 100) {
        throw new ParseException("Too many flags");
      }
    }
    return flags;
  }

  /** One flag: {@code \Atom} (system flag) or a keyword atom. */
  public String flag() throws ParseException {
    if (peek() == '\\') {
      pos++;
      String name = atom();
      return "\\" + capitalize(name);
    }
    return atom();
  }

  private static String capitalize(String s) {
    String lower = s.toLowerCase(Locale.ROOT);
    return switch (lower) {
      case "seen", "answered", "flagged", "deleted", "draft", "recent" ->
          Character.toUpperCase(lower.charAt(0)) + lower.substring(1);
      default -> s;
    };
  }

  /** A positive 32-bit number. */
  public long number() throws ParseException {
    int start = pos;
    long n = 0;
    while (peek() >= '0' && peek() <= '9') {
      n = n * 10 + (in[pos++] - '0');
      if (pos - start > 10) {
        throw new ParseException("Number too large");
      }
    }
    if (pos == start) {
      throw new ParseException("Expected a number");
    }
    if (n > 0xffffffffL) {
      throw new ParseException("Number too large");
    }
    return n;
  }

  /** A sequence set: {@code 1}, {@code 1:*}, {@code 2,4:7}, or {@code $} (RFC 5182). */
  public SequenceSet sequenceSet() throws ParseException {
    if (peek() == '$') {
      pos++;
      return SequenceSet.SAVED;
    }
    List<SequenceSet.Range> ranges = new ArrayList<>();
    do {
      long from = seqNumber();
      long to = from;
      if (peek() == ':') {
        pos++;
        to = seqNumber();
      }
      ranges.add(new SequenceSet.Range(from, to));
      if (ranges.size() > MAX_SEQUENCE_RANGES) {
        throw new ParseException("Sequence set too long");
      }
    } while (peek() == ',' && pos++ >= 0);
    return new SequenceSet(ranges);
  }

  private long seqNumber() throws ParseException {
    if (peek() == '*') {
      pos++;
      return SequenceSet.STAR;
    }
    long n = number();
    if (n == 0) {
      throw new ParseException("Invalid sequence number 0");
    }
    return n;
  }

  /** A quoted date-time: {@code "22-Nov-2026 05:05:00 +0000"} (day may be space-padded). */
  public Instant dateTime() throws ParseException {
    String s = quoted().trim();
    try {
      return OffsetDateTime.parse(s, DATE_TIME).toInstant();
    } catch (DateTimeParseException e) {
      throw new ParseException("Invalid date-time");
    }
  }

  /** Whether the next bytes are {@code word} (case-insensitive), without consuming them. */
  public boolean lookingAt(String word) {
    if (in.length - pos < word.length()) {
      return false;
    }
    for (int i = 0; i < word.length(); i++) {
      if (Character.toUpperCase(in[pos + i]) != Character.toUpperCase(word.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  /** Consumes {@code word} (case-insensitive) if it comes next. */
  public boolean consume(String word) {
    if (lookingAt(word)) {
      pos += word.length();
      return true;
    }
    return false;
  }

  /** INBOX is case-insensitive (RFC 9051 5.1); so is the INBOX prefix of its children. */
  public static String normalizeMailbox(String name) {
    if (name.equalsIgnoreCase("INBOX")) {
      return "INBOX";
    }
    if (name.length() > 6 && name.regionMatches(true, 0, "INBOX/", 0, 6)) {
      return "INBOX" + name.substring(5);
    }
    return name;
  }

  static boolean isAtomChar(int c) {
    if (c <= 0x1f || c >= 0x7f) {
      return false;
    }
    return switch (c) {
      case '(', ')', '{', ' ', '%', '*', '"', '\\', ']' -> false;
      default -> true;
    };
  }

  static boolean isAstringChar(int c) {
    return isAtomChar(c) || c == ']';
  }

  private String ascii(int from, int to) {
    return new String(in, from, to - from, StandardCharsets.US_ASCII);
  }

  private String utf8(int from, int to) {
    return new String(in, from, to - from, StandardCharsets.UTF_8);
  }
}
