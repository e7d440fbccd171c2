package io.mailtier.frontend.auth.lockout;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.ExtendedMapEntry;
import com.hazelcast.map.IMap;
import java.io.Serial;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * Failures counted cluster-wide: one {@link IMap} entry per key, changed by an entry processor on
 * the key's owner (atomic without the Enterprise CP subsystem), expiring when it no longer matters.
 * The caller keeps and shuts down the member.
 */
public final class HazelcastFailureStore implements FailureStore {
  /** The map of failure counts. */
  public static final String MAP = "mailtier.auth.failures";

  private final IMap<String, FailureCount> counts;

  public HazelcastFailureStore(HazelcastInstance hazelcast) {
    this.counts = hazelcast.getMap(MAP);
  }

  @Override
  public CompletionStage<Boolean> isLocked(String key, long now) {
    return counts.getAsync(key).thenApply(f -> f != null && f.isLocked(now));
  }

  @Override
  public CompletionStage<Boolean> recordFailure(
      String key, long now, long windowMillis, int max, long lockoutMillis) {
    return counts.submitToKey(key, new RecordFailure(now, windowMillis, max, lockoutMillis));
  }

  record RecordFailure(long now, long windowMillis, int max, long lockoutMillis)
      implements EntryProcessor<String, FailureCount, Boolean> {
    @Serial private static final long serialVersionUID = 1L;

    @Override
    public Boolean process(Map.Entry<String, FailureCount> entry) {
      FailureCount current = entry.getValue();
      FailureCount after =
          (current == null ? new FailureCount(0, 0, 0) : current)
              .fail(now, windowMillis, max, lockoutMillis);
      ((ExtendedMapEntry<String, FailureCount>) entry)
          .setValue(after, after.relevantFor(now, windowMillis), TimeUnit.MILLISECONDS);
      return after.isLocked(now);
    }
  }
}
