package io.mailtier.frontend.imap.parse;

import io.mailtier.frontend.imap.command.ImapCommand;
import java.util.Locale;
import java.util.Optional;

/** {@code AUTHENTICATE SP auth-type [SP (base64 / "=")]} (RFC 4959 SASL-IR). */
final class AuthenticateParser implements CommandParser {
  @Override
  public ImapCommand parse(String tag, ImapTokenizer t) throws ParseException {
    t.sp();
    String mechanism = t.atom().toUpperCase(Locale.ROOT);
    Optional<String> initial = Optional.empty();
    if (t.optionalSp()) {
      String ir = t.rest();
      if (ir.isEmpty() || !ir.matches("[A-Za-z0-9+/]*={0,2}")) {
        throw new ParseException("Invalid initial response");
      }
      initial = Optional.of(ir);
    }
    t.end();
    return new ImapCommand.Authenticate(tag, mechanism, initial);
  }
}
