package io.mailtier.frontend.imap.parse;

import io.mailtier.frontend.imap.command.ImapCommand;

/** Parses the arguments of one command; the tokenizer stands just after the command's name. */
@FunctionalInterface
public interface CommandParser {
  ImapCommand parse(String tag, ImapTokenizer t) throws ParseException;
}
