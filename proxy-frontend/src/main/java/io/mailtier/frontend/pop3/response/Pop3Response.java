package io.mailtier.frontend.pop3.response;

import java.util.List;

/** A POP3 reply as a value; {@link Pop3Encoder} turns it into bytes. */
public sealed interface Pop3Response {

  /**
   * A single-line status: {@code +OK} or {@code -ERR}, an optional response code, a text.
   *
   * @param code null = none
   */
  record Status(boolean ok, Pop3ResponseCode code, String text) implements Pop3Response {
    public static Status ok(String text) {
      return new Status(true, null, text);
    }

    public static Status err(String text) {
      return new Status(false, null, text);
    }

    public static Status err(Pop3ResponseCode code, String text) {
      return new Status(false, code, text);
    }
  }

  /** {@code +OK} and a multi-line listing (CAPA, LIST, UIDL, AUTH), ended by a lone dot. */
  record Listing(String text, List<String> lines) implements Pop3Response {
    public Listing {
      lines = List.copyOf(lines);
    }
  }

  /**
   * {@code +OK} and message content (RETR, TOP): its lines go out with CRLF line ends, a leading
   * dot doubled, ended by a lone dot.
   */
  record Content(String text, byte[] data) implements Pop3Response {}

  /** A SASL challenge: {@code + } and base64 (empty for none). */
  record Challenge(String base64) implements Pop3Response {}
}
