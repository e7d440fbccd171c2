package io.mailtier.frontend.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** The front-end's Micrometer meters: sessions, commands by name, logins ok/failed. */
public final class FrontendMetrics implements SessionMetrics {
  private final MeterRegistry registry;
  private final AtomicLong activeSessions = new AtomicLong();
  private final Counter sessionsTotal;
  private final Counter loginsOk;
  private final Counter loginsFailed;
  private final Counter loginsUnavailable;
  private final Map<String, Counter> commands = new ConcurrentHashMap<>();
  private final Map<String, Counter> listenerCounters = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> listenerOpen = new ConcurrentHashMap<>();
  private final Counter loginsLockedOut;
  private final Counter admissionFailures;

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
    loginsLockedOut = login("locked_out");
    admissionFailures =
        Counter.builder("mailtier_listener_admission_errors")
            .description(
                "admissions whose cluster-wide counters failed; counted locally instead (ADR 0010)")
            .register(registry);
  }

  /** A listener admitted a connection. */
  public void listenerAccepted(String listener) {
    listenerCounters
        .computeIfAbsent(
            "accepted|" + listener,
            k ->
                Counter.builder("mailtier_listener_accepted")
                    .description("connections admitted, by listener")
                    .tag("listener", listener)
                    .register(registry))
        .increment();
    open(listener).incrementAndGet();
  }

  /** An admitted connection of a listener closed. */
  public void listenerClosed(String listener) {
    open(listener).decrementAndGet();
  }

  /**
   * A listener refused a connection (or a login, for {@code lockout}); reasons: {@code rule},
   * {@code total}, {@code per_ip}, {@code rate}, {@code per_ip_rate}, {@code proxy}, {@code
   * lockout}.
   */
  public void listenerRefused(String listener, String reason) {
    listenerCounters
        .computeIfAbsent(
            "refused|" + listener + "|" + reason,
            k ->
                Counter.builder("mailtier_listener_refused")
                    .description("connections (or logins: lockout) refused, by listener and reason")
                    .tag("listener", listener)
                    .tag("reason", reason)
                    .register(registry))
        .increment();
  }

  /** The cluster-wide counters failed during an admission (ADR 0010). */
  public void admissionFailed() {
    admissionFailures.increment();
  }

  /** Connections of a listener open now. */
  public long listenerOpenConnections(String listener) {
    return open(listener).get();
  }

  private AtomicLong open(String listener) {
    return listenerOpen.computeIfAbsent(
        listener,
        l -> {
          AtomicLong value = new AtomicLong();
          Gauge.builder("mailtier_listener_open_connections", value, AtomicLong::get)
              .description("admitted connections open now, by listener")
              .tag("listener", l)
              .register(registry);
          return value;
        });
  }

  public void loginLockedOut() {
    loginsLockedOut.increment();
  }

  private Counter login(String result) {
    return Counter.builder("mailtier_imap_logins")
        .description("IMAP login attempts by result")
        .tag("result", result)
        .register(registry);
  }

  @Override
  public void sessionOpened() {
    activeSessions.incrementAndGet();
    sessionsTotal.increment();
  }

  @Override
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
