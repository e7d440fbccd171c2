package io.mailtier.frontend.pop3.response;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Turns POP3 replies into the bytes sent; the only place that writes line ends. */
public final class Pop3Encoder {
  private static final byte[] CRLF = {'\r', '\n'};
  private static final byte[] END = {'.', '\r', '\n'};

  private Pop3Encoder() {}

  public static byte[] encodeAll(List<Pop3Response> responses) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Pop3Response r : responses) {
      encode(r, out);
    }
    return out.toByteArray();
  }

  public static byte[] encode(Pop3Response response) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    encode(response, out);
    return out.toByteArray();
  }

  private static void encode(Pop3Response response, ByteArrayOutputStream out) {
    switch (response) {
      case Pop3Response.Status s -> {
        StringBuilder line = new StringBuilder(s.ok() ? "+OK" : "-ERR");
        if (s.code() != null) {
          line.append(" [").append(s.code().text()).append(']');
        }
        if (s.text() != null && !s.text().isEmpty()) {
          line.append(' ').append(oneLine(s.text()));
        }
        line(out, line.toString());
      }
      case Pop3Response.Listing l -> {
        line(out, l.text().isEmpty() ? "+OK" : "+OK " + oneLine(l.text()));
        for (String item : l.lines()) {
          stuffed(out, oneLine(item).getBytes(StandardCharsets.UTF_8));
        }
        out.writeBytes(END);
      }
      case Pop3Response.Content c -> {
        line(out, c.text().isEmpty() ? "+OK" : "+OK " + oneLine(c.text()));
        content(out, c.data());
        out.writeBytes(END);
      }
      case Pop3Response.Challenge c -> line(out, "+ " + oneLine(c.base64()));
    }
  }

  /**
   * Writes message data line by line: CRLF line ends (a bare LF or CR becomes CRLF), a dot at the
   * start of a line doubled (RFC 1939 3), and a line end added after a last line without one.
   */
  static void content(ByteArrayOutputStream out, byte[] data) {
    int start = 0;
    int n = data.length;
    while (start < n) {
      int end = start;
      while (end < n && data[end] != '\n' && data[end] != '\r') {
        end++;
      }
      if (data[start] == '.') {
        out.write('.');
      }
      out.write(data, start, end - start);
      out.writeBytes(CRLF);
      if (end < n && data[end] == '\r') {
        end++;
      }
      if (end < n && data[end] == '\n') {
        end++;
      }
      start = end;
    }
  }

  private static void stuffed(ByteArrayOutputStream out, byte[] line) {
    if (line.length > 0 && line[0] == '.') {
      out.write('.');
    }
    out.writeBytes(line);
    out.writeBytes(CRLF);
  }

  private static void line(ByteArrayOutputStream out, String text) {
    out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
    out.writeBytes(CRLF);
  }

  private static String oneLine(String text) {
    return text.replace('\r', ' ').replace('\n', ' ');
  }
}
