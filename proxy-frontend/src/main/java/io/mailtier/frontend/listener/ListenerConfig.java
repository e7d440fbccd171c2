package io.mailtier.frontend.listener;

import io.mailtier.frontend.listener.flow.FlowControl;
import io.mailtier.frontend.listener.proxy.ProxyProtocolMode;
import io.mailtier.frontend.listener.rules.AccessRule;
import io.mailtier.frontend.transport.tls.TlsMode;
import io.mailtier.frontend.transport.tls.TlsSettings;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * One listener of a service (docs/operations/listeners.md, docs/operations/tls.md).
 *
 * @param address {@code host:port}; port 0 picks a free port (tests)
 * @param enabled whether the listener is opened (default true)
 * @param tls none (default), starttls, implicit or external
 * @param tlsSettings certificate, protocols, ciphers, client certificates; only with starttls or
 *     implicit (defaults: TLSv1.2 and TLSv1.3, a generated certificate)
 * @param proxyProtocol whether a PROXY protocol header precedes the client's bytes (default off)
 * @param idleTimeout overrides the service's idle timeout; null = the service's
 * @param flowControl the listener's own connection limits (default none)
 * @param errorControl per-session error limits; null = the service's {@code maxBadCommands} and the
 *     default {@code maxAuthFailures}
 * @param rules the listener's allow/deny rules; when not empty they replace the service's and the
 *     global ones (ADR 0008)
 */
public record ListenerConfig(
    String address,
    Boolean enabled,
    TlsMode tls,
    TlsSettings tlsSettings,
    ProxyProtocolMode proxyProtocol,
    Duration idleTimeout,
    FlowControl flowControl,
    ErrorControl errorControl,
    List<AccessRule> rules) {
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
    proxyProtocol = proxyProtocol == null ? ProxyProtocolMode.OFF : proxyProtocol;
    if (idleTimeout != null && idleTimeout.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new IllegalArgumentException("idleTimeout must be at least 1s, was " + idleTimeout);
    }
    flowControl = flowControl == null ? FlowControl.UNLIMITED : flowControl;
    rules = rules == null ? List.of() : List.copyOf(rules);
  }

  public ListenerConfig(String address) {
    this(address, true);
  }

  public ListenerConfig(String address, Boolean enabled) {
    this(address, enabled, null, null, null, null, null, null, null);
  }

  /** This listener's idle timeout: its own, else the service's. */
  public Duration idleTimeout(Duration serviceDefault) {
    return idleTimeout == null ? serviceDefault : idleTimeout;
  }

  /** This listener's error control: its own, else the service's bad-command limit. */
  public ErrorControl errorControl(int serviceMaxBadCommands) {
    return errorControl != null ? errorControl : new ErrorControl(serviceMaxBadCommands, 0);
  }

  public String host() {
    return HostPort.parse(address).host();
  }

  public int port() {
    return HostPort.parse(address).port();
  }
}
