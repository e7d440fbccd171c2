package io.mailtier.frontend.pop3.command;

/**
 * A parsed POP3 command (RFC 1939, RFC 2449 CAPA, RFC 2595 STLS, RFC 5034 AUTH). Message numbers
 * are as the client sent them (1-based); whether they name a message is the session's business.
 */
public sealed interface Pop3Command {
  /** The command's keyword, upper case: each record is named after its keyword. */
  default String name() {
    return getClass().getSimpleName().toUpperCase(java.util.Locale.ROOT);
  }

  /** {@code USER name}. */
  record User(String user) implements Pop3Command {}

  /** {@code PASS password}. */
  record Pass(String password) implements Pop3Command {
    @Override
    public String toString() {
      return "Pass[***]";
    }
  }

  /** {@code APOP name digest}. */
  record Apop(String user, String digest) implements Pop3Command {}

  /**
   * {@code AUTH [mechanism [initial-response]]}.
   *
   * @param mechanism upper case; null for a bare {@code AUTH} (list the mechanisms)
   * @param initialResponse base64 ({@code =} for an empty one); null when none was sent
   */
  record Auth(String mechanism, String initialResponse) implements Pop3Command {
    @Override
    public String toString() {
      return "Auth[" + mechanism + (initialResponse == null ? "" : " ***") + "]";
    }
  }

  /** {@code STAT}. */
  record Stat() implements Pop3Command {}

  /** {@code LIST [msg]}; message 0 = all. */
  record List(int message) implements Pop3Command {}

  /** {@code RETR msg}. */
  record Retr(int message) implements Pop3Command {}

  /** {@code DELE msg}. */
  record Dele(int message) implements Pop3Command {}

  /** {@code NOOP}. */
  record Noop() implements Pop3Command {}

  /** {@code RSET}. */
  record Rset() implements Pop3Command {}

  /** {@code QUIT}. */
  record Quit() implements Pop3Command {}

  /** {@code TOP msg n}. */
  record Top(int message, int lines) implements Pop3Command {}

  /** {@code UIDL [msg]}; message 0 = all. */
  record Uidl(int message) implements Pop3Command {}

  /** {@code CAPA}. */
  record Capa() implements Pop3Command {}

  /** {@code STLS}. */
  record Stls() implements Pop3Command {}
}
