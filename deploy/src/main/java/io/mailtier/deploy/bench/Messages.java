package io.mailtier.deploy.bench;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** The deterministic test messages the benchmark appends: same bytes on every server. */
final class Messages {
  private Messages() {}

  /**
   * An RFC 5322 text/plain message of {@code size} bytes (one more when the filler cannot end
   * exactly; its headers' length if that is larger), CRLF line ends, short lines.
   */
  static byte[] message(String subject, int size, long number) {
    String headers =
        String.format(
            Locale.ROOT,
            "From: Bench Sender <sender@bench.example.test>\r\n"
                + "To: Bench Reader <reader@bench.example.test>\r\n"
                + "Subject: %s %d\r\n"
                + "Date: Mon, 2 Nov 2026 10:00:00 +0000\r\n"
                + "Message-ID: <bench-%d-%d@bench.example.test>\r\n"
                + "MIME-Version: 1.0\r\n"
                + "Content-Type: text/plain; charset=us-ascii\r\n"
                + "\r\n",
            subject,
            number,
            number,
            size);
    StringBuilder b = new StringBuilder(Math.max(size, headers.length()) + 80);
    b.append(headers);
    String filler = "The quick brown fox jumps over the lazy dog; benchmark line ";
    long line = 0;
    while (b.length() < size) {
      int left = size - b.length();
      String text = filler + line++;
      if (left <= text.length() + 2) {
        // the last line: pad to the exact size (a lone "\r\n" when only two bytes are left)
        b.append("x".repeat(Math.max(0, left - 2))).append("\r\n");
        break;
      }
      b.append(text).append("\r\n");
    }
    byte[] bytes = b.toString().getBytes(StandardCharsets.US_ASCII);
    return bytes;
  }
}
