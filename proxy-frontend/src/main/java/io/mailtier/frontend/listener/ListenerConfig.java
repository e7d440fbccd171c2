package io.mailtier.frontend.listener;

import java.util.Objects;

/**
 * One listener of a service. TLS, PROXY protocol, flow control and rules join this record later.
 *
 * @param address {@code host:port}; port 0 picks a free port (tests)
 * @param enabled whether the listener is opened (default true)
 */
public record ListenerConfig(String address, Boolean enabled) {
  public ListenerConfig {
    Objects.requireNonNull(address, "address is required (host:port)");
    HostPort.parse(address);
    enabled = enabled == null ? Boolean.TRUE : enabled;
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
