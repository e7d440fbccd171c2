package io.mailtier.frontend.auth.lockout;

import java.util.concurrent.CompletionStage;

/**
 * Where authentication failures are counted: in this process ({@link LocalFailureStore}) or in the
 * cluster ({@link HazelcastFailureStore}), next to the connection counters.
 */
public interface FailureStore extends AutoCloseable {

  /** Whether {@code key} is locked at {@code now}. */
  CompletionStage<Boolean> isLocked(String key, long now);

  /**
   * Counts one failure of {@code key}; answers whether the key is locked afterwards.
   *
   * @param max failures in the window that lock the key
   */
  CompletionStage<Boolean> recordFailure(
      String key, long now, long windowMillis, int max, long lockoutMillis);

  @Override
  default void close() {}
}
