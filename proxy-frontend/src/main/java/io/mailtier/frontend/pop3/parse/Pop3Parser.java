package io.mailtier.frontend.pop3.parse;

import io.mailtier.frontend.pop3.command.Pop3Command;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Parses one POP3 command line (without its CRLF). Keywords are case-insensitive and separated from
 * their arguments by single spaces (RFC 1939 3); {@code PASS} takes the rest of the line, so a
 * password may contain spaces. No Vert.x, no I/O.
 */
public final class Pop3Parser {
  /** The longest argument of the numeric and name commands (RFC 1939 3: 40 octets). */
  public static final int MAX_ARGUMENT = 40;

  /** The outcome of a parse. */
  public sealed interface Result {}

  /** A valid command. */
  public record Parsed(Pop3Command command) implements Result {}

  /**
   * A line that is not a valid command.
   *
   * @param keyword the keyword, upper case (may be empty)
   * @param message why, for the client
   */
  public record Invalid(String keyword, String message) implements Result {}

  private Pop3Parser() {}

  public static Result parse(byte[] line) {
    for (byte b : line) {
      if (b == 0 || b == '\r' || b == '\n') {
        return new Invalid("", "Control characters in the command");
      }
    }
    String text = new String(line, StandardCharsets.UTF_8);
    int space = text.indexOf(' ');
    String keyword = (space < 0 ? text : text.substring(0, space)).toUpperCase(Locale.ROOT);
    String rest = space < 0 ? null : text.substring(space + 1);
    if (keyword.isEmpty()) {
      return new Invalid("", "Empty command");
    }
    if (keyword.length() > 4) {
      return new Invalid("", "Unknown command");
    }
    try {
      return new Parsed(command(keyword, rest));
    } catch (IllegalArgumentException e) {
      return new Invalid(keyword, e.getMessage());
    }
  }

  private static Pop3Command command(String keyword, String rest) {
    return switch (keyword) {
      case "USER" -> new Pop3Command.User(name(rest));
      case "PASS" -> {
        if (rest == null || rest.isEmpty()) {
          throw new IllegalArgumentException("PASS needs a password");
        }
        yield new Pop3Command.Pass(rest);
      }
      case "APOP" -> {
        String[] args = args(rest, 2, 2);
        yield new Pop3Command.Apop(name(args[0]), args[1]);
      }
      case "AUTH" -> {
        if (rest == null) {
          yield new Pop3Command.Auth(null, null);
        }
        String[] args = args(rest, 1, 2);
        String mechanism = args[0].toUpperCase(Locale.ROOT);
        if (!mechanism.matches("[A-Z0-9_-]{1,20}")) {
          throw new IllegalArgumentException("Invalid SASL mechanism name");
        }
        yield new Pop3Command.Auth(mechanism, args.length > 1 ? args[1] : null);
      }
      case "STAT" -> none(rest, new Pop3Command.Stat());
      case "LIST" -> new Pop3Command.List(optionalNumber(rest));
      case "RETR" -> new Pop3Command.Retr(number(args(rest, 1, 1)[0]));
      case "DELE" -> new Pop3Command.Dele(number(args(rest, 1, 1)[0]));
      case "NOOP" -> none(rest, new Pop3Command.Noop());
      case "RSET" -> none(rest, new Pop3Command.Rset());
      case "QUIT" -> none(rest, new Pop3Command.Quit());
      case "TOP" -> {
        String[] args = args(rest, 2, 2);
        int lines = count(args[1]);
        yield new Pop3Command.Top(number(args[0]), lines);
      }
      case "UIDL" -> new Pop3Command.Uidl(optionalNumber(rest));
      case "CAPA" -> none(rest, new Pop3Command.Capa());
      case "STLS" -> none(rest, new Pop3Command.Stls());
      default -> throw new IllegalArgumentException("Unknown command");
    };
  }

  private static Pop3Command none(String rest, Pop3Command command) {
    if (rest != null) {
      throw new IllegalArgumentException(command.name() + " takes no argument");
    }
    return command;
  }

  private static String name(String arg) {
    if (arg == null || arg.isEmpty() || arg.indexOf(' ') >= 0) {
      throw new IllegalArgumentException("Expected one name");
    }
    if (arg.length() > 320) {
      throw new IllegalArgumentException("Name too long");
    }
    return arg;
  }

  private static String[] args(String rest, int min, int max) {
    if (rest == null || rest.isEmpty()) {
      throw new IllegalArgumentException("Missing argument");
    }
    String[] args = rest.split(" ", -1);
    for (String a : args) {
      if (a.isEmpty()) {
        throw new IllegalArgumentException("Arguments are separated by one space");
      }
    }
    if (args.length < min || args.length > max) {
      throw new IllegalArgumentException(
          min == max ? "Expected " + min + " argument(s)" : "Expected " + min + " to " + max);
    }
    return args;
  }

  private static int optionalNumber(String rest) {
    return rest == null ? 0 : number(args(rest, 1, 1)[0]);
  }

  /** A message number: 1 or more, decimal digits only. */
  private static int number(String arg) {
    int n = count(arg);
    if (n == 0) {
      throw new IllegalArgumentException("Invalid message number");
    }
    return n;
  }

  private static int count(String arg) {
    if (arg.isEmpty() || arg.length() > 9 || !arg.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw new IllegalArgumentException("Invalid number: " + sanitize(arg));
    }
    return Integer.parseInt(arg);
  }

  private static String sanitize(String s) {
    String cut = s.length() > MAX_ARGUMENT ? s.substring(0, MAX_ARGUMENT) + "..." : s;
    return cut.replaceAll("[^\\x21-\\x7e]", "?");
  }
}
