package io.mailtier.mailstore.search;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Test messages in the encodings real mail uses: RFC 2047 encoded-word subjects (Q and B), bodies
 * in quoted-printable and base64, UTF-8 and legacy charsets (ISO-8859-2, KOI8-R), multipart.
 */
public final class SearchCorpus {
  private SearchCorpus() {}

  /** German, UTF-8: Q-encoded subject, quoted-printable body with ß and umlauts. */
  public static byte[] german() {
    return ascii(
        "From: =?UTF-8?Q?J=C3=BCrgen_M=C3=BCller?= <juergen@example.de>\r\n"
            + "To: alice@example.test\r\n"
            + "Date: Mon, 02 Mar 2026 10:00:00 +0100\r\n"
            + "Subject: "
            + qWord("Umzug in die Hauptstraße", StandardCharsets.UTF_8)
            + "\r\n"
            + "MIME-Version: 1.0\r\n"
            + "Content-Type: text/plain; charset=UTF-8\r\n"
            + "Content-Transfer-Encoding: quoted-printable\r\n"
            + "\r\n"
            + qp(
                "Die neue Wohnung ist groß und liegt an der Hauptstraße 5.\r\nGrüße, Jürgen\r\n",
                StandardCharsets.UTF_8));
  }

  /**
   * Romanian: B-encoded UTF-8 subject with comma-below letters, an ISO-8859-2 quoted-printable body
   * with the cedilla letters that charset has.
   */
  public static byte[] romanian() {
    Charset latin2 = Charset.forName("ISO-8859-2");
    return ascii(
        "From: Ana Popescu <ana@example.ro>\r\n"
            + "To: alice@example.test\r\n"
            + "Date: Tue, 03 Mar 2026 09:30:00 +0200\r\n"
            + "Subject: "
            + bWord("Ședință la București", StandardCharsets.UTF_8)
            + "\r\n"
            + "MIME-Version: 1.0\r\n"
            + "Content-Type: text/plain; charset=ISO-8859-2\r\n"
            + "Content-Transfer-Encoding: quoted-printable\r\n"
            + "\r\n"
            + qp("Vă aştept la şedinţă în Timişoara.\r\n", latin2));
  }

  /** Russian: B-encoded KOI8-R subject, base64 KOI8-R body. */
  public static byte[] cyrillic() {
    Charset koi8 = Charset.forName("KOI8-R");
    return ascii(
        "From: =?KOI8-R?B?"
            + b64("Иван Петров", koi8)
            + "?= <ivan@example.ru>\r\n"
            + "To: alice@example.test\r\n"
            + "Date: Wed, 04 Mar 2026 23:30:00 -0500\r\n"
            + "Subject: "
            + bWord("Привет из Москвы", koi8)
            + "\r\n"
            + "MIME-Version: 1.0\r\n"
            + "Content-Type: text/plain; charset=KOI8-R\r\n"
            + "Content-Transfer-Encoding: base64\r\n"
            + "\r\n"
            + wrap(b64("Съешь же ещё этих мягких французских булок, да выпей чаю.\r\n", koi8))
            + "\r\n");
  }

  /**
   * Multipart/mixed: a UTF-8 base64 text part, an attachment whose bytes spell a word that must not
   * be found (not text), an embedded message/rfc822 whose subject counts as body text.
   */
  public static byte[] multipart() {
    return ascii(
        "From: Bob <bob@example.test>\r\n"
            + "To: alice@example.test\r\n"
            + "Cc: carol@example.test\r\n"
            + "Bcc: dave@example.test\r\n"
            + "X-Project: Apollo\r\n"
            + "Date: Thu, 05 Mar 2026 12:00:00 +0000\r\n"
            + "Subject: Quarterly report\r\n"
            + "MIME-Version: 1.0\r\n"
            + "Content-Type: multipart/mixed; boundary=\"b1\"\r\n"
            + "\r\n"
            + "preamble\r\n"
            + "--b1\r\n"
            + "Content-Type: text/plain; charset=utf-8\r\n"
            + "Content-Transfer-Encoding: base64\r\n"
            + "\r\n"
            + wrap(
                b64("The figures look great. Café crème for everyone!\r\n", StandardCharsets.UTF_8))
            + "\r\n"
            + "--b1\r\n"
            + "Content-Type: application/octet-stream; name=\"blob.bin\"\r\n"
            + "Content-Transfer-Encoding: base64\r\n"
            + "\r\n"
            + b64("hiddenpassword", StandardCharsets.US_ASCII)
            + "\r\n"
            + "--b1\r\n"
            + "Content-Type: message/rfc822\r\n"
            + "\r\n"
            + "From: Eve <eve@example.test>\r\n"
            + "Subject: Forwarded minutes\r\n"
            + "\r\n"
            + "Inner body text about zeppelins.\r\n"
            + "--b1--\r\n");
  }

  /** A small ASCII message. */
  public static byte[] plain(String subject, String body) {
    return ascii(
        "From: Carol <carol@example.test>\r\n"
            + "To: alice@example.test\r\n"
            + "Date: Fri, 06 Mar 2026 08:00:00 +0000\r\n"
            + "Subject: "
            + subject
            + "\r\n"
            + "\r\n"
            + body
            + "\r\n");
  }

  static String qWord(String text, Charset cs) {
    StringBuilder sb = new StringBuilder("=?" + cs.name() + "?Q?");
    for (byte b : text.getBytes(cs)) {
      int c = b & 0xff;
      if (c == ' ') {
        sb.append('_');
      } else if (c > 32 && c < 127 && c != '=' && c != '?' && c != '_') {
        sb.append((char) c);
      } else {
        sb.append(String.format("=%02X", c));
      }
    }
    return sb.append("?=").toString();
  }

  static String bWord(String text, Charset cs) {
    return "=?" + cs.name() + "?B?" + b64(text, cs) + "?=";
  }

  static String b64(String text, Charset cs) {
    return Base64.getEncoder().encodeToString(text.getBytes(cs));
  }

  private static String wrap(String b64) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < b64.length(); i += 76) {
      sb.append(b64, i, Math.min(b64.length(), i + 76)).append("\r\n");
    }
    return sb.toString().stripTrailing();
  }

  /** Quoted-printable of text in a charset; CRLF line breaks kept as such. */
  static String qp(String text, Charset cs) {
    StringBuilder sb = new StringBuilder();
    byte[] bytes = text.getBytes(cs);
    for (int i = 0; i < bytes.length; i++) {
      int c = bytes[i] & 0xff;
      if (c == '\r' && i + 1 < bytes.length && bytes[i + 1] == '\n') {
        sb.append("\r\n");
        i++;
      } else if ((c >= 33 && c <= 126 && c != '=') || c == ' ') {
        sb.append((char) c);
      } else {
        sb.append(String.format("=%02X", c));
      }
    }
    return sb.toString();
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
