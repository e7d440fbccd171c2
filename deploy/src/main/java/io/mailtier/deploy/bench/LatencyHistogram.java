package io.mailtier.deploy.bench;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A lock-free latency histogram in microseconds with a bounded relative error: values below 128 µs
 * are kept exactly, larger ones in buckets of 64 steps per power of two (at most 1/64 ≈ 1.6% too
 * low). Its memory is fixed (a few KiB) however many samples it records, so a long run at a high
 * rate cannot grow the tool's heap. Minimum, maximum, count and sum are exact.
 */
public final class LatencyHistogram {
  private static final int EXACT = 128; // values 0..127 have a bucket each
  private static final int STEPS = 64; // sub-buckets per power of two above that
  private static final int BUCKETS = EXACT + 57 * STEPS;

  private final AtomicLongArray counts = new AtomicLongArray(BUCKETS);
  private final AtomicLong count = new AtomicLong();
  private final AtomicLong sum = new AtomicLong();
  private final AtomicLong min = new AtomicLong(Long.MAX_VALUE);
  private final AtomicLong max = new AtomicLong(Long.MIN_VALUE);

  /** Records one latency given in nanoseconds (negative values count as 0). */
  public void recordNanos(long nanos) {
    recordMicros(Math.max(0, nanos) / 1000);
  }

  /** Records one latency given in microseconds (negative values count as 0). */
  public void recordMicros(long micros) {
    long v = Math.max(0, micros);
    counts.incrementAndGet(index(v));
    count.incrementAndGet();
    sum.addAndGet(v);
    min.accumulateAndGet(v, Math::min);
    max.accumulateAndGet(v, Math::max);
  }

  static int index(long v) {
    if (v < EXACT) {
      return (int) v;
    }
    int magnitude = 63 - Long.numberOfLeadingZeros(v); // >= 7
    int shift = magnitude - 6;
    long mantissa = v >>> shift; // 64..127
    return EXACT + (shift - 1) * STEPS + (int) (mantissa - STEPS);
  }

  /** The smallest value that falls into bucket {@code i}. */
  static long lowerBound(int i) {
    if (i < EXACT) {
      return i;
    }
    int shift = (i - EXACT) / STEPS + 1;
    long mantissa = (i - EXACT) % STEPS + STEPS;
    return mantissa << shift;
  }

  public long count() {
    return count.get();
  }

  /** The exact largest value in µs (0 when empty). */
  public long maxMicros() {
    return count.get() == 0 ? 0 : max.get();
  }

  /** The exact smallest value in µs (0 when empty). */
  public long minMicros() {
    return count.get() == 0 ? 0 : min.get();
  }

  /** The exact mean in µs (0 when empty). */
  public double meanMicros() {
    long n = count.get();
    return n == 0 ? 0 : (double) sum.get() / n;
  }

  /**
   * The nearest-rank percentile in µs: the smallest recorded value such that at least {@code p}
   * percent of the samples are at or below it, to the bucket precision (exact below 128 µs, else at
   * most 1/64 low), never outside [min, max]. 0 when empty.
   *
   * @param p in (0, 100]
   */
  public long percentileMicros(double p) {
    if (!(p > 0 && p <= 100)) {
      throw new IllegalArgumentException("percentile must be in (0, 100]: " + p);
    }
    long n = count.get();
    if (n == 0) {
      return 0;
    }
    long rank = (long) Math.ceil(p / 100.0 * n);
    rank = Math.max(1, Math.min(n, rank));
    long seen = 0;
    for (int i = 0; i < BUCKETS; i++) {
      seen += counts.get(i);
      if (seen >= rank) {
        return Math.max(minMicros(), Math.min(maxMicros(), lowerBound(i)));
      }
    }
    return maxMicros(); // concurrent recording moved the totals; the max is the honest answer
  }

  /** Adds every sample of {@code other} to this histogram. */
  public void add(LatencyHistogram other) {
    for (int i = 0; i < BUCKETS; i++) {
      long c = other.counts.get(i);
      if (c != 0) {
        counts.addAndGet(i, c);
      }
    }
    long n = other.count.get();
    if (n > 0) {
      count.addAndGet(n);
      sum.addAndGet(other.sum.get());
      min.accumulateAndGet(other.min.get(), Math::min);
      max.accumulateAndGet(other.max.get(), Math::max);
    }
  }
}
