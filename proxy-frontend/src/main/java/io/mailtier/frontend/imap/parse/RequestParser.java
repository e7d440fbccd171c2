package io.mailtier.frontend.imap.parse;

import io.mailtier.frontend.imap.command.ImapCommand;
import java.util.Locale;

/** Parses one complete command (tag, name, arguments) using a {@link ParserRegistry}. */
public final class RequestParser {
  private final ParserRegistry registry;

  public RequestParser(ParserRegistry registry) {
    this.registry = registry;
  }

  /** The outcome of parsing: a command, or a syntax error with the tag if one could be read. */
  public sealed interface Result {}

  /** A command. */
  public record Parsed(ImapCommand command) implements Result {}

  /**
   * A syntax error.
   *
   * @param tag the tag, or {@code *} when none could be read
   * @param commandName the command's name if it could be read, else empty
   */
  public record Invalid(String tag, String commandName, String message) implements Result {}

  public Result parse(byte[] raw) {
    ImapTokenizer t = new ImapTokenizer(raw);
    String tag;
    try {
      tag = t.tag();
    } catch (ParseException e) {
      return new Invalid("*", "", "Missing or invalid tag");
    }
    if (t.peek() != ' ') {
      return new Invalid(t.atEnd() ? tag : "*", "", t.atEnd() ? "Missing command" : "Invalid tag");
    }
    t.optionalSp();
    String name;
    try {
      name = t.atom().toUpperCase(Locale.ROOT);
    } catch (ParseException e) {
      return new Invalid(tag, "", "Missing command");
    }
    var parser = registry.parser(name);
    if (parser.isEmpty()) {
      return new Invalid(tag, name, "Unknown command");
    }
    try {
      return new Parsed(parser.get().parse(tag, t));
    } catch (ParseException e) {
      return new Invalid(tag, name, "Syntax error in " + name + ": " + e.getMessage());
    }
  }

  /**
   * Reads the tag and the command name of a command's first line without parsing the rest (the
   * transport uses it to answer a literal that is too big). Returns null when there is no tag.
   */
  public static String[] tagAndName(byte[] line) {
    ImapTokenizer t = new ImapTokenizer(line);
    try {
      String tag = t.tag();
      t.sp();
      String name = t.atom().toUpperCase(Locale.ROOT);
      return new String[] {tag, name};
    } catch (ParseException e) {
      return null;
    }
  }
}
