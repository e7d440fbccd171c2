package io.mailtier.frontend.pop3.session;

import io.mailtier.frontend.imap.session.TransportSecurity;

/** The states of a POP3 session (RFC 1939 3). */
public sealed interface Pop3State {

  /**
   * Before the maildrop is open.
   *
   * @param security what the connection offers and requires
   * @param user the name given by {@code USER}, waiting for {@code PASS}; null = none
   */
  record Authorization(TransportSecurity security, String user) implements Pop3State {
    public Authorization withUser(String name) {
      return new Authorization(security, name);
    }
  }

  /** The maildrop is open and locked. */
  record Transaction(Maildrop maildrop) implements Pop3State {}

  /** After {@code QUIT} (or a final error): the connection closes. */
  record Update() implements Pop3State {}

  /** The state's name in RFC 1939's words. */
  default String description() {
    return switch (this) {
      case Authorization a -> "AUTHORIZATION";
      case Transaction t -> "TRANSACTION";
      case Update u -> "UPDATE";
    };
  }
}
