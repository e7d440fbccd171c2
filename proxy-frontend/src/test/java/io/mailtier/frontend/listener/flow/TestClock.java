package io.mailtier.frontend.listener.flow;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/** A clock the test moves by hand. */
final class TestClock extends Clock {
  private final AtomicLong millis = new AtomicLong(1_700_000_040_000L);

  void advance(Duration d) {
    millis.addAndGet(d.toMillis());
  }

  /** Moves to the start of the next window of length {@code interval}. */
  void toNextWindowStart(Duration interval) {
    long i = interval.toMillis();
    millis.updateAndGet(m -> (m / i + 1) * i);
  }

  @Override
  public long millis() {
    return millis.get();
  }

  @Override
  public Instant instant() {
    return Instant.ofEpochMilli(millis());
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException();
  }
}
