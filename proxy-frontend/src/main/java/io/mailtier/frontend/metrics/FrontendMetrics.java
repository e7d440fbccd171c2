package io.mailtier.frontend.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** The front-end's Micrometer meters: sessions, commands by name, logins ok/failed. */
public final class FrontendMetrics {
  private final MeterRegistry registry;
  private final AtomicLong activeSessions = new AtomicLong();
  private final Counter sessionsTotal;
  private final Counter loginsOk;
  private final Counter loginsFailed;
  private final Counter loginsUnavailable;
  private final Map<String, Counter> commands = new ConcurrentHashMap<>();

  public FrontendMetrics(MeterRegistry registry) {
    this.registry = registry;
    Gauge.builder("mailtier_imap_sessions_active", activeSessions, AtomicLong::get)
        .description("IMAP sessions open now")
        .register(registry);
    sessionsTotal =
        Counter.builder("mailtier_imap_sessions")
            .description("IMAP sessions opened")
            .register(registry);
    loginsOk = login("ok");
    loginsFailed = login("failed");
    loginsUnavailable = login("unavailable");
  }

  private Counter login(String result) {
    return Counter.builder("mailtier_imap_logins")
        .description("IMAP login attempts by result")
        .tag("result", result)
        .register(registry);
  }

  public void sessionOpened() {
    activeSessions.incrementAndGet();
    sessionsTotal.increment();
  }

  public void sessionClosed() {
    activeSessions.decrementAndGet();
  }

  public long activeSessions() {
    return activeSessions.get();
  }

  /**
   * Counts one command by name; syntax errors count as "invalid", so the label set stays bounded.
   */
  public void command(String name) {
    commands
        .computeIfAbsent(
            name,
            n ->
                Counter.builder("mailtier_imap_commands")
                    .description("IMAP commands by name")
                    .tag("command", n)
                    .register(registry))
        .increment();
  }

  public void loginOk() {
    loginsOk.increment();
  }

  public void loginFailed() {
    loginsFailed.increment();
  }

  public void loginUnavailable() {
    loginsUnavailable.increment();
  }
}
