package io.mailtier.frontend.listener.flow;

import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counters in this process only: the limiter when Hazelcast is disabled (one front-end, tests,
 * {@code mailtier-up}). Answers with completed stages. Keys whose count drops to zero are removed
 * at once; rate counters that no longer matter are swept every {@value #SWEEP_EVERY} admissions, so
 * a flood from many addresses does not grow the maps without bound.
 */
public final class LocalConnectionLimiter extends CountingLimiter {
  static final int SWEEP_EVERY = 4096;

  private final ConcurrentHashMap<String, Integer> open = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, RateWindow> rates = new ConcurrentHashMap<>();
  private final AtomicLong calls = new AtomicLong();

  public LocalConnectionLimiter(Clock clock) {
    super(clock);
  }

  public LocalConnectionLimiter() {
    this(Clock.systemUTC());
  }

  @Override
  CompletionStage<Boolean> takeOpen(String key, int limit) {
    boolean[] ok = {false};
    open.compute(
        key,
        (k, n) -> {
          int count = n == null ? 0 : n;
          if (count >= limit) {
            return n;
          }
          ok[0] = true;
          return count + 1;
        });
    return CompletableFuture.completedFuture(ok[0]);
  }

  @Override
  CompletionStage<Void> giveOpen(String key) {
    open.computeIfPresent(key, (k, n) -> n <= 1 ? null : n - 1);
    return CompletableFuture.completedFuture(null);
  }

  @Override
  CompletionStage<Long> countNew(String key, long now, long intervalMillis, int limit) {
    sweepNowAndThen(now);
    long[] window = {-1};
    rates.compute(
        key,
        (k, r) -> {
          RateWindow current = r == null ? RateWindow.empty(intervalMillis, now) : r;
          RateWindow counted = current.tryCount(now, limit);
          if (counted == null) {
            return current;
          }
          window[0] = counted.window();
          return counted;
        });
    return CompletableFuture.completedFuture(window[0]);
  }

  @Override
  CompletionStage<Void> uncountNew(String key, long window) {
    rates.computeIfPresent(key, (k, r) -> r.uncount(window));
    return CompletableFuture.completedFuture(null);
  }

  private void sweepNowAndThen(long now) {
    if (calls.incrementAndGet() % SWEEP_EVERY == 0) {
      rates.entrySet().removeIf(e -> e.getValue().isStale(now));
    }
  }

  /** How many counters are held (for tests and metrics). */
  public int size() {
    return open.size() + rates.size();
  }
}
