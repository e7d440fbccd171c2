package io.mailtier.frontend.auth.lockout;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Failures counted in this process (Hazelcast disabled). Entries that no longer matter are swept
 * every {@value #SWEEP_EVERY} failures, so a spray of names or addresses stays bounded.
 */
public final class LocalFailureStore implements FailureStore {
  static final int SWEEP_EVERY = 1024;

  private final ConcurrentHashMap<String, FailureCount> counts = new ConcurrentHashMap<>();
  private final AtomicLong calls = new AtomicLong();

  @Override
  public CompletionStage<Boolean> isLocked(String key, long now) {
    FailureCount f = counts.get(key);
    return CompletableFuture.completedFuture(f != null && f.isLocked(now));
  }

  @Override
  public CompletionStage<Boolean> recordFailure(
      String key, long now, long windowMillis, int max, long lockoutMillis) {
    if (calls.incrementAndGet() % SWEEP_EVERY == 0) {
      counts.values().removeIf(f -> f.relevantFor(now, windowMillis) <= 1);
    }
    FailureCount after =
        counts.compute(
            key,
            (k, f) ->
                (f == null ? new FailureCount(0, 0, 0) : f)
                    .fail(now, windowMillis, max, lockoutMillis));
    return CompletableFuture.completedFuture(after.isLocked(now));
  }

  /** Keys held (tests). */
  public int size() {
    return counts.size();
  }
}
