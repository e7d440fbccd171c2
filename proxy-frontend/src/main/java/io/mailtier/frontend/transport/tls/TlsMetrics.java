package io.mailtier.frontend.transport.tls;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** TLS meters: {@code mailtier_tls_handshake_failures_total{listener}}. */
public final class TlsMetrics {
  private final MeterRegistry registry;
  private final Map<String, Counter> failures = new ConcurrentHashMap<>();

  public TlsMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  /** Counts one failed handshake (implicit TLS or after STARTTLS) on a listener. */
  public void handshakeFailed(String listener) {
    counter(listener).increment();
  }

  /** The failures counted so far on a listener. */
  public double handshakeFailures(String listener) {
    return counter(listener).count();
  }

  private Counter counter(String listener) {
    return failures.computeIfAbsent(
        listener,
        l ->
            Counter.builder("mailtier_tls_handshake_failures")
                .description("TLS handshakes that failed, per listener")
                .tag("listener", l)
                .register(registry));
  }
}
