package io.mailtier.frontend.auth.lockout;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailtier.frontend.auth.AuthLockoutConfig;
import io.mailtier.frontend.listener.IpMatch;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** ADR 0011 on local counters with a test clock. */
class AuthLockoutTest {
  private static final class MutableClock extends Clock {
    private long millis = 1_000_000;

    @Override
    public long millis() {
      return millis;
    }

    @Override
    public Instant instant() {
      return Instant.ofEpochMilli(millis);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    void advance(Duration d) {
      millis += d.toMillis();
    }
  }

  private final MutableClock clock = new MutableClock();
  private final LocalFailureStore store = new LocalFailureStore();
  private final AuthLockout lockout =
      new AuthLockout(
          new AuthLockoutConfig(
              3,
              5,
              Duration.ofMinutes(1),
              Duration.ofMinutes(10),
              List.of(IpMatch.parse("10.0.0.0/8"))),
          store,
          clock);

  private static boolean get(CompletionStage<Boolean> s) throws Exception {
    return s.toCompletableFuture().get(5, TimeUnit.SECONDS);
  }

  private void fail(String user, String ip) throws Exception {
    lockout.recordFailure(user, ip).toCompletableFuture().get(5, TimeUnit.SECONDS);
  }

  @Test
  void theNthFailureOfAnAccountWithinTheWindowShouldLockItForTheLockout() throws Exception {
    fail("alice@example.test", "192.0.2.1");
    fail("alice@example.test", "192.0.2.2");
    assertThat(get(lockout.isLocked("alice@example.test", "192.0.2.9"))).isFalse();
    fail("alice@example.test", "192.0.2.3");
    assertThat(get(lockout.isLocked("alice@example.test", "192.0.2.9"))).isTrue();
    assertThat(get(lockout.isLocked("bob@example.test", "192.0.2.9"))).isFalse();
    clock.advance(Duration.ofMinutes(10));
    assertThat(get(lockout.isLocked("alice@example.test", "192.0.2.9"))).isFalse();
  }

  @Test
  void failuresSpreadOverMoreThanTheWindowShouldNotLock() throws Exception {
    fail("alice@example.test", "192.0.2.1");
    fail("alice@example.test", "192.0.2.1");
    clock.advance(Duration.ofMinutes(1));
    fail("alice@example.test", "192.0.2.1");
    assertThat(get(lockout.isLocked("alice@example.test", "192.0.2.1"))).isFalse();
  }

  @Test
  void manyAccountsFromOneAddressShouldLockTheAddress() throws Exception {
    for (int i = 0; i < 5; i++) {
      fail("user" + i + "@example.test", "::ffff:192.0.2.7");
    }
    assertThat(get(lockout.isLocked("fresh@example.test", "192.0.2.7"))).isTrue();
    assertThat(get(lockout.isLocked("fresh@example.test", "192.0.2.8"))).isFalse();
  }

  @Test
  void trustedNetworksShouldNeitherBeCountedNorLocked() throws Exception {
    for (int i = 0; i < 10; i++) {
      fail("alice@example.test", "10.1.2.3");
    }
    assertThat(store.size()).isZero();
    assertThat(get(lockout.isLocked("alice@example.test", "192.0.2.1"))).isFalse();
  }

  @Test
  void aFailingStoreShouldMeanNotLocked() throws Exception {
    FailureStore broken =
        new FailureStore() {
          @Override
          public CompletionStage<Boolean> isLocked(String key, long now) {
            return CompletableFuture.failedFuture(new IllegalStateException("down"));
          }

          @Override
          public CompletionStage<Boolean> recordFailure(
              String key, long now, long windowMillis, int max, long lockoutMillis) {
            return CompletableFuture.failedFuture(new IllegalStateException("down"));
          }
        };
    AuthLockout degraded =
        new AuthLockout(new AuthLockoutConfig(1, 0, null, null, null), broken, Clock.systemUTC());
    degraded.recordFailure("alice@example.test", "192.0.2.1").toCompletableFuture().get();
    assertThat(get(degraded.isLocked("alice@example.test", "192.0.2.1"))).isFalse();
  }
}
