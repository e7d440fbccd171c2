package io.mailtier.frontend.imap.response;

import java.nio.charset.StandardCharsets;

/**
 * Writes IMAP strings (RFC 9051 4.3) for data the server sends: a quoted string when the value can
 * be one in both IMAP4rev1 and IMAP4rev2 (7-bit, no CR, LF or NUL, not too long), otherwise a
 * literal; {@code NIL} for an absent nstring.
 */
public final class ImapStrings {
  /** Longer values go as literals, which is easier on clients than long quoted strings. */
  static final int MAX_QUOTED = 1024;

  private static final byte[] CRLF = {'\r', '\n'};

  private ImapStrings() {}

  /** An nstring: {@code NIL} when {@code value} is null, else {@link #string}. */
  static void nstring(ResponseEncoder.Out out, String value) {
    if (value == null) {
      out.ascii("NIL");
    } else {
      string(out, value);
    }
  }

  /** A string, quoted when it can be, else a literal of its UTF-8 bytes. */
  static void string(ResponseEncoder.Out out, String value) {
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    if (quotable(bytes)) {
      out.ascii("\"");
      for (byte b : bytes) {
        if (b == '"' || b == '\\') {
          out.write('\\');
        }
        out.write(b);
      }
      out.ascii("\"");
    } else {
      out.ascii("{" + bytes.length + "}");
      out.bytes(CRLF);
      out.bytes(bytes);
    }
  }

  /**
   * Whether bytes can be sent as a quoted string to any client: IMAP4rev1 quoted strings are 7-bit
   * TEXT-CHARs only; 8-bit (UTF-8) header values therefore go as literals.
   */
  static boolean quotable(byte[] bytes) {
    if (bytes.length > MAX_QUOTED) {
      return false;
    }
    for (byte b : bytes) {
      if (b == '\r' || b == '\n' || b == 0 || b < 0) {
        return false;
      }
    }
    return true;
  }
}
