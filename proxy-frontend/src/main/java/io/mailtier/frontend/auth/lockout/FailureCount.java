package io.mailtier.frontend.auth.lockout;

import java.io.Serial;
import java.io.Serializable;

/**
 * The failed authentications of one key (an account or a client IP): a fixed window opened by the
 * first failure, and the lock it may have led to. Immutable; the same arithmetic runs in-process
 * and inside Hazelcast entry processors, with the caller's clock.
 *
 * @param windowStart when the first failure of the current window happened (epoch millis)
 * @param count failures in the current window
 * @param lockedUntil the end of the lock (epoch millis); 0 = not locked
 */
record FailureCount(long windowStart, int count, long lockedUntil) implements Serializable {
  @Serial private static final long serialVersionUID = 1L;

  boolean isLocked(long now) {
    return lockedUntil > now;
  }

  /** One more failure at {@code now}; reaching {@code max} in the window locks the key. */
  FailureCount fail(long now, long windowMillis, int max, long lockoutMillis) {
    if (isLocked(now)) {
      return this;
    }
    boolean windowOver = count == 0 || now - windowStart >= windowMillis;
    long start = windowOver ? now : windowStart;
    int n = (windowOver ? 0 : count) + 1;
    if (n >= max) {
      return new FailureCount(now, 0, now + lockoutMillis);
    }
    return new FailureCount(start, n, 0);
  }

  /** How long after {@code now} this state still matters (the TTL of its entry). */
  long relevantFor(long now, long windowMillis) {
    return Math.max(1, Math.max(lockedUntil, windowStart + windowMillis) - now);
  }
}
