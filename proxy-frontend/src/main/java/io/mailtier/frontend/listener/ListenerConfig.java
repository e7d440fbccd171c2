package io.mailtier.frontend.listener;

import io.mailtier.frontend.transport.tls.TlsMode;
import io.mailtier.frontend.transport.tls.TlsSettings;
import java.util.Objects;

/**
 * One listener of a service. PROXY protocol, flow control and rules join this record later.
 *
 * @param address {@code host:port}; port 0 picks a free port (tests)
 * @param enabled whether the listener is opened (default true)
 * @param tls none (default), starttls, implicit or external
 * @param tlsSettings certificate, protocols, ciphers, client certificates; only with starttls or
 *     implicit (defaults: TLSv1.2 and TLSv1.3, a generated certificate)
 */
public record ListenerConfig(
    String address, Boolean enabled, TlsMode tls, TlsSettings tlsSettings) {
  public ListenerConfig {
    Objects.requireNonNull(address, "address is required (host:port)");
    HostPort.parse(address);
    enabled = enabled == null ? Boolean.TRUE : enabled;
    tls = tls == null ? TlsMode.NONE : tls;
    if (tlsSettings != null && !tls.terminatesTls()) {
      throw new IllegalArgumentException(
          "tlsSettings: only for tls starttls or implicit, not " + tls.key());
    }
    if (tls.terminatesTls() && tlsSettings == null) {
      tlsSettings = TlsSettings.DEFAULT;
    }
  }

  public ListenerConfig(String address, Boolean enabled) {
    this(address, enabled, null, null);
  }

  public ListenerConfig(String address) {
    this(address, true);
  }

  public String host() {
    return HostPort.parse(address).host();
  }

  public int port() {
    return HostPort.parse(address).port();
  }
}
