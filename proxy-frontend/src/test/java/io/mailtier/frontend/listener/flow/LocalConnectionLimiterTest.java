package io.mailtier.frontend.listener.flow;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailtier.frontend.listener.IpLiterals;
import java.net.InetAddress;

class LocalConnectionLimiterTest implements ConnectionLimiterContract {
  private final TestClock clock = new TestClock();
  private final LocalConnectionLimiter limiter = new LocalConnectionLimiter(clock);

  @Override
  public ConnectionLimiter limiter() {
    return limiter;
  }

  @Override
  public TestClock clock() {
    return clock;
  }

  @org.junit.jupiter.api.Test
  void countersShouldNotGrowWithTheNumberOfAddressesOnceTheirWindowsPassed() throws Exception {
    Limits limits =
        ConnectionLimiterContract.listenerLimits(ConnectionLimiterContract.fc(0, 2, 0, 5));
    for (int i = 0; i < 3 * LocalConnectionLimiter.SWEEP_EVERY; i++) {
      InetAddress ip = IpLiterals.parse("10.0." + (i / 250 % 250) + "." + (i % 250));
      Admission a = ConnectionLimiterContract.acquire(limiter, "l", ip, limits);
      ConnectionLimiterContract.await(ConnectionLimiterContract.granted(a));
      if (i % 1000 == 999) {
        clock.advance(java.time.Duration.ofMinutes(3));
      }
    }
    assertThat(limiter.size()).isLessThan(2 * LocalConnectionLimiter.SWEEP_EVERY);
  }

  @org.junit.jupiter.api.Test
  void theFactoryShouldGiveLocalCountersWhenHazelcastIsDisabled() {
    try (ConnectionLimiter l = ConnectionLimiters.create(HazelcastConfig.DISABLED, clock)) {
      assertThat(l).isInstanceOf(LocalConnectionLimiter.class);
    }
  }
}
