package io.mailtier.deploy.bench;

import java.time.Duration;
import java.util.Objects;

/**
 * The IMAP server under test.
 *
 * @param host host name or address (loopback in every documented use)
 * @param port TCP port
 * @param tls implicit TLS (the certificate is not verified: a benchmark aid, never a client)
 * @param timeout connect and read timeout of every step
 */
record ImapTarget(String host, int port, boolean tls, Duration timeout) {
  ImapTarget {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(timeout, "timeout");
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port must be 1..65535: " + port);
    }
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive: " + timeout);
    }
  }

  @Override
  public String toString() {
    return host + ":" + port + (tls ? " (TLS)" : " (plain)");
  }
}
