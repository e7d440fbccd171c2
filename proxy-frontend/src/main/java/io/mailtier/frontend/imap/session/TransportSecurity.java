package io.mailtier.frontend.imap.session;

/**
 * What the connection under a session offers and requires, as far as the protocol cares.
 *
 * @param tls whether the connection is secure: TLS is active (implicit or after STARTTLS), or the
 *     listener is {@code tls: external}
 * @param startTlsOffered whether the listener offers STARTTLS
 * @param requireTlsForAuth whether credentials may only be sent over a secure connection
 */
public record TransportSecurity(boolean tls, boolean startTlsOffered, boolean requireTlsForAuth) {
  /** A plain connection on which authentication is allowed (no TLS policy). */
  public static final TransportSecurity PLAIN_AUTH_ALLOWED =
      new TransportSecurity(false, false, false);

  /** Whether STARTTLS may be used now. */
  public boolean canStartTls() {
    return startTlsOffered && !tls;
  }

  /** Whether LOGIN and AUTHENTICATE may be used now. */
  public boolean authAllowed() {
    return tls || !requireTlsForAuth;
  }

  /** After a successful STARTTLS. */
  public TransportSecurity afterStartTls() {
    return new TransportSecurity(true, startTlsOffered, requireTlsForAuth);
  }
}
