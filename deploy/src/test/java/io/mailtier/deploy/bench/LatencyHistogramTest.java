package io.mailtier.deploy.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LatencyHistogramTest {
  @Test
  void smallValuesShouldGiveExactNearestRankPercentiles() {
    LatencyHistogram h = new LatencyHistogram();
    for (int v = 100; v >= 1; v--) {
      h.recordMicros(v);
    }
    assertThat(h.count()).isEqualTo(100);
    assertThat(h.percentileMicros(50)).isEqualTo(50);
    assertThat(h.percentileMicros(90)).isEqualTo(90);
    assertThat(h.percentileMicros(99)).isEqualTo(99);
    assertThat(h.percentileMicros(100)).isEqualTo(100);
    assertThat(h.percentileMicros(0.1)).isEqualTo(1);
    assertThat(h.maxMicros()).isEqualTo(100);
    assertThat(h.minMicros()).isEqualTo(1);
    assertThat(h.meanMicros()).isEqualTo(50.5);
  }

  @Test
  void largeValuesShouldBeWithinTheBucketPrecisionOfTheExactPercentile() {
    Random random = new Random(42);
    long[] values = new long[20_000];
    LatencyHistogram h = new LatencyHistogram();
    for (int i = 0; i < values.length; i++) {
      // a long-tailed spread from 0.1 ms to ~10 s
      values[i] = (long) (100 * Math.exp(random.nextDouble() * 11.5));
      h.recordMicros(values[i]);
    }
    Arrays.sort(values);
    for (double p : new double[] {50, 90, 99, 99.9}) {
      long exact = values[(int) Math.ceil(p / 100 * values.length) - 1];
      long got = h.percentileMicros(p);
      assertThat(got).as("p%s", p).isLessThanOrEqualTo(exact);
      assertThat((double) got).as("p%s", p).isCloseTo(exact, within(exact / 64.0 + 1));
    }
    assertThat(h.maxMicros()).isEqualTo(values[values.length - 1]);
    assertThat(h.percentileMicros(100)).isLessThanOrEqualTo(h.maxMicros());
  }

  @Test
  void bucketsShouldCoverEveryValueWithoutGapsOrOverlaps() {
    for (long v :
        new long[] {0, 1, 127, 128, 129, 255, 256, 1000, 65_535, 1L << 40, Long.MAX_VALUE}) {
      int i = LatencyHistogram.index(v);
      assertThat(LatencyHistogram.lowerBound(i)).as("v=%d", v).isLessThanOrEqualTo(v);
      if (v < Long.MAX_VALUE) {
        int next = LatencyHistogram.index(v + 1);
        assertThat(next).isIn(i, i + 1);
      }
    }
  }

  @Test
  void emptyHistogramShouldReportZeroAndRejectBadPercentiles() {
    LatencyHistogram h = new LatencyHistogram();
    assertThat(h.percentileMicros(99)).isZero();
    assertThat(h.maxMicros()).isZero();
    assertThat(h.meanMicros()).isZero();
    assertThatThrownBy(() -> h.percentileMicros(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> h.percentileMicros(101)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void nanosShouldBeTruncatedToMicrosAndMergingShouldAddSamples() {
    LatencyHistogram a = new LatencyHistogram();
    LatencyHistogram b = new LatencyHistogram();
    a.recordNanos(1_999); // 1 µs
    a.recordNanos(-5); // clock oddity: 0
    b.recordMicros(300);
    a.add(b);
    assertThat(a.count()).isEqualTo(3);
    assertThat(a.minMicros()).isZero();
    assertThat(a.maxMicros()).isEqualTo(300);
    assertThat(a.percentileMicros(50)).isEqualTo(1);
  }
}
