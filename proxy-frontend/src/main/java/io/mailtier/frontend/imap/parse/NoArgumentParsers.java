package io.mailtier.frontend.imap.parse;

import io.mailtier.frontend.imap.command.ImapCommand;
import java.util.function.Function;

/** Parsers of the commands that take no argument: CAPABILITY, NOOP, LOGOUT, CLOSE, UNSELECT. */
final class NoArgumentParsers {
  private NoArgumentParsers() {}

  static CommandParser of(Function<String, ImapCommand> factory) {
    return (tag, t) -> {
      t.end();
      return factory.apply(tag);
    };
  }
}
