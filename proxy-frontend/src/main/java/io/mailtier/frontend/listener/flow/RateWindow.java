package io.mailtier.frontend.listener.flow;

import java.io.Serial;
import java.io.Serializable;

/**
 * A sliding-window counter of new connections: the count of the current fixed window plus the
 * previous window's count weighted by how much of it still overlaps the sliding window ending now.
 * Two numbers per key, no per-connection timestamps, and no burst of twice the limit at a window
 * boundary (ADR 0009). Immutable; the same arithmetic runs in-process and inside Hazelcast entry
 * processors, with the caller's clock.
 *
 * @param intervalMillis the window length
 * @param window the index of the current window ({@code now / intervalMillis})
 * @param previous new connections counted in window {@code window - 1}
 * @param current new connections counted in window {@code window}
 */
record RateWindow(long intervalMillis, long window, int previous, int current)
    implements Serializable {
  @Serial private static final long serialVersionUID = 1L;

  static RateWindow empty(long intervalMillis, long now) {
    return new RateWindow(intervalMillis, now / intervalMillis, 0, 0);
  }

  /** This counter moved on to the window holding {@code now}. A clock behind ours is "now". */
  RateWindow at(long now) {
    long w = now / intervalMillis;
    if (w <= window) {
      return this;
    }
    if (w == window + 1) {
      return new RateWindow(intervalMillis, w, current, 0);
    }
    return new RateWindow(intervalMillis, w, 0, 0);
  }

  /** The estimated number of new connections in the interval ending at {@code now}. */
  double estimate(long now) {
    RateWindow r = at(now);
    long intoWindow = Math.max(0, now - r.window * intervalMillis);
    double previousWeight = 1.0 - (double) intoWindow / intervalMillis;
    return r.previous * previousWeight + r.current;
  }

  /** Counts one more at {@code now}, or null when that would exceed {@code limit}. */
  RateWindow tryCount(long now, int limit) {
    RateWindow r = at(now);
    if (r.estimate(now) + 1 > limit) {
      return null;
    }
    return new RateWindow(intervalMillis, r.window, r.previous, r.current + 1);
  }

  /** Takes back one connection counted in window {@code countedIn} (if it is still counted). */
  RateWindow uncount(long countedIn) {
    if (countedIn == window && current > 0) {
      return new RateWindow(intervalMillis, window, previous, current - 1);
    }
    if (countedIn == window - 1 && previous > 0) {
      return new RateWindow(intervalMillis, window, previous - 1, current);
    }
    return this;
  }

  /** Whether nothing counted here matters any more at {@code now}. */
  boolean isStale(long now) {
    RateWindow r = at(now);
    return r.previous == 0 && r.current == 0;
  }
}
