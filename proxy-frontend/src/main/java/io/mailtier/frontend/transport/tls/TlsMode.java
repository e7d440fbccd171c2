package io.mailtier.frontend.transport.tls;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How a listener's connections get TLS ({@code tls:} of a listener). */
public enum TlsMode {
  /** Plain TCP; no STARTTLS offered. The connection is not secure. */
  @JsonProperty("none")
  NONE,
  /** Plain TCP until the client's STARTTLS; secure after the handshake. */
  @JsonProperty("starttls")
  STARTTLS,
  /** TLS from the first byte (IMAP 993, RFC 8314). */
  @JsonProperty("implicit")
  IMPLICIT,
  /**
   * TLS terminated by a device in front (a TLS-terminating load balancer); the plain connection
   * counts as secure. Only for listeners that device alone can reach.
   */
  @JsonProperty("external")
  EXTERNAL;

  /** Whether this front-end holds a certificate for the listener (STARTTLS or implicit). */
  public boolean terminatesTls() {
    return this == STARTTLS || this == IMPLICIT;
  }

  /** Whether a connection counts as secure before any STARTTLS. */
  public boolean secureFromStart() {
    return this == IMPLICIT || this == EXTERNAL;
  }

  /** The spelling in the YAML. */
  public String key() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
