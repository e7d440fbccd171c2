package io.mailtier.frontend.imap.parse;

/** The command is not valid IMAP syntax; the client gets {@code BAD} with this message. */
public final class ParseException extends Exception {
  public ParseException(String message) {
    super(message);
  }
}
