package io.mailtier.frontend.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** The POP3 service's metrics, next to IMAP's in {@link FrontendMetrics}. */
public final class Pop3Metrics implements SessionMetrics {
  private final MeterRegistry registry;
  private final AtomicLong active = new AtomicLong();
  private final Counter sessions;
  private final Map<String, Counter> commands = new ConcurrentHashMap<>();
  private final Map<String, Counter> logins = new ConcurrentHashMap<>();
  private final Counter inUse;

  public Pop3Metrics(MeterRegistry registry) {
    this.registry = registry;
    Gauge.builder("mailtier_pop3_sessions_active", active, AtomicLong::get)
        .description("POP3 sessions open now")
        .register(registry);
    sessions =
        Counter.builder("mailtier_pop3_sessions")
            .description("POP3 sessions opened")
            .register(registry);
    inUse =
        Counter.builder("mailtier_pop3_maildrop_in_use")
            .description("POP3 logins refused with [IN-USE]: the maildrop was locked")
            .register(registry);
  }

  @Override
  public void sessionOpened() {
    active.incrementAndGet();
    sessions.increment();
  }

  @Override
  public void sessionClosed() {
    active.decrementAndGet();
  }

  public long activeSessions() {
    return active.get();
  }

  /** Counts one command by keyword; invalid lines count as "invalid" (a bounded label set). */
  public void command(String name) {
    commands
        .computeIfAbsent(
            name,
            n ->
                Counter.builder("mailtier_pop3_commands")
                    .description("POP3 commands by keyword")
                    .tag("command", n)
                    .register(registry))
        .increment();
  }

  /** Counts a login by result: ok, failed, locked_out, unavailable. */
  public void login(String result) {
    logins
        .computeIfAbsent(
            result,
            r ->
                Counter.builder("mailtier_pop3_logins")
                    .description("POP3 login attempts by result")
                    .tag("result", r)
                    .register(registry))
        .increment();
  }

  public void maildropInUse() {
    inUse.increment();
  }
}
