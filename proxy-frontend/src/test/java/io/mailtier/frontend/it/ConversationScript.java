package io.mailtier.frontend.it;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A scripted protocol conversation (IMAP, POP3), in the spirit of Apache James's mpt scripts.
 *
 * <ul>
 *   <li>{@code C: text} — send {@code text} followed by CRLF. Literal content is sent as further
 *       {@code C:} lines; the announced size counts the CRLF the runner adds to each line.
 *   <li>{@code S: regex} — the next line received (without CRLF) must match the regular expression
 *       entirely.
 *   <li>{@code SUB {} ... {@code }} — the {@code S:} lines inside match the next lines received in
 *       any order.
 *   <li>{@code C-APPEND: tag mailbox resource} — send {@code tag APPEND mailbox {N+}}, the bytes of
 *       the class-path resource (e.g. {@code /messages/embedded-message.eml}) and CRLF.
 *   <li>{@code TLS} — run the TLS handshake now (after the server's OK to STARTTLS or STLS).
 *   <li>{@code EOF} — the server must close the connection now (nothing more to read).
 *   <li>{@code RECONNECT} — drop the connection without a goodbye and open a new one (the next line
 *       read is the new greeting).
 *   <li>{@code #} starts a comment line; blank lines are ignored.
 * </ul>
 */
public record ConversationScript(String name, List<Step> steps) {

  /** One step of a script. */
  public sealed interface Step {
    int line();
  }

  /** Send a line. */
  public record Send(int line, String text) implements Step {}

  /** Expect a line. */
  public record Expect(int line, Pattern pattern) implements Step {}

  /** APPEND a class-path resource as a LITERAL+ literal. */
  public record AppendFile(int line, String tag, String mailbox, String resource) implements Step {}

  /** Run the TLS handshake. */
  public record StartTls(int line) implements Step {}

  /** Expect the server to close the connection. */
  public record Eof(int line) implements Step {}

  /** Drop the connection and connect again. */
  public record Reconnect(int line) implements Step {}

  /** Expect lines in any order. */
  public record Unordered(int line, List<Expect> expects) implements Step {}

  public static ConversationScript parse(String name, String text) {
    List<Step> steps = new ArrayList<>();
    List<Expect> block = null;
    int blockLine = 0;
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      int n = i + 1;
      String line =
          lines[i].endsWith("\r") ? lines[i].substring(0, lines[i].length() - 1) : lines[i];
      if (line.isBlank() || line.stripLeading().startsWith("#")) {
        continue;
      }
      if (line.startsWith("C-APPEND:")) {
        String[] words = strip(line.substring(9)).split(" ");
        if (words.length != 3 || block != null) {
          throw new IllegalArgumentException(name + ":" + n + ": C-APPEND: tag mailbox resource");
        }
        steps.add(new AppendFile(n, words[0], words[1], words[2]));
      } else if (line.startsWith("C:")) {
        if (block != null) {
          throw new IllegalArgumentException(name + ":" + n + ": C: inside SUB");
        }
        steps.add(new Send(n, strip(line.substring(2))));
      } else if (line.startsWith("S:")) {
        Expect e = new Expect(n, compile(name, n, strip(line.substring(2))));
        if (block != null) {
          block.add(e);
        } else {
          steps.add(e);
        }
      } else if (line.strip().equals("TLS")) {
        steps.add(new StartTls(n));
      } else if (line.strip().equals("EOF")) {
        steps.add(new Eof(n));
      } else if (line.strip().equals("RECONNECT")) {
        steps.add(new Reconnect(n));
      } else if (line.strip().equals("SUB {")) {
        block = new ArrayList<>();
        blockLine = n;
      } else if (line.strip().equals("}") && block != null) {
        steps.add(new Unordered(blockLine, List.copyOf(block)));
        block = null;
      } else {
        throw new IllegalArgumentException(name + ":" + n + ": cannot read line: " + line);
      }
    }
    if (block != null) {
      throw new IllegalArgumentException(name + ":" + blockLine + ": SUB block not closed");
    }
    return new ConversationScript(name, List.copyOf(steps));
  }

  /** The text after "C:" or "S:", without the one space that separates it. */
  private static String strip(String s) {
    return s.startsWith(" ") ? s.substring(1) : s;
  }

  private static Pattern compile(String name, int line, String regex) {
    try {
      return Pattern.compile(regex);
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException(name + ":" + line + ": bad regex: " + e.getMessage());
    }
  }
}
