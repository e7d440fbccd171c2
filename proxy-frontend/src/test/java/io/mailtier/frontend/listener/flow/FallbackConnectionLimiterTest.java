package io.mailtier.frontend.listener.flow;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** ADR 0010: failing or silent cluster counters degrade to this front-end's counters. */
@Timeout(10)
class FallbackConnectionLimiterTest {
  private static final Limits PER_IP_ONE =
      Limits.of(new ScopedLimit("listener", new FlowControl(0, 1, 0, 0, null, 0, null)));

  private final InetAddress client = InetAddress.getLoopbackAddress();
  private final AtomicInteger failures = new AtomicInteger();

  private static Admission get(java.util.concurrent.CompletionStage<Admission> s) throws Exception {
    return s.toCompletableFuture().get(5, TimeUnit.SECONDS);
  }

  @Test
  void aFailingPrimaryShouldBeReplacedByLocalCountsThatStillHoldTheLimit() throws Exception {
    ConnectionLimiter broken =
        (l, ip, limits) ->
            CompletableFuture.failedFuture(new IllegalStateException("cluster down"));
    var limiter =
        new FallbackConnectionLimiter(
            broken, new LocalConnectionLimiter(), Duration.ofSeconds(1), failures::incrementAndGet);
    assertThat(get(limiter.tryAcquire("l", client, PER_IP_ONE)))
        .isInstanceOf(Admission.Granted.class);
    assertThat(get(limiter.tryAcquire("l", client, PER_IP_ONE)))
        .isInstanceOf(Admission.Refused.class);
    assertThat(failures).hasValue(2);
  }

  @Test
  void aPrimaryThatThrowsShouldFallBackToo() throws Exception {
    ConnectionLimiter throwing =
        (l, ip, limits) -> {
          throw new IllegalStateException("not active");
        };
    var limiter =
        new FallbackConnectionLimiter(
            throwing,
            new LocalConnectionLimiter(),
            Duration.ofSeconds(1),
            failures::incrementAndGet);
    assertThat(get(limiter.tryAcquire("l", client, PER_IP_ONE)))
        .isInstanceOf(Admission.Granted.class);
    assertThat(failures).hasValue(1);
  }

  @Test
  void aSilentPrimaryShouldTimeOutAndALateGrantShouldBeGivenBack() throws Exception {
    CompletableFuture<Admission> late = new CompletableFuture<>();
    LocalConnectionLimiter counted = new LocalConnectionLimiter();
    ConnectionLimiter silent = (l, ip, limits) -> late;
    var limiter =
        new FallbackConnectionLimiter(
            silent,
            new LocalConnectionLimiter(),
            Duration.ofMillis(200),
            failures::incrementAndGet);
    long start = System.nanoTime();
    assertThat(get(limiter.tryAcquire("l", client, PER_IP_ONE)))
        .isInstanceOf(Admission.Granted.class);
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start))
        .isGreaterThanOrEqualTo(190);
    Admission.Granted fromPrimary =
        (Admission.Granted) get(counted.tryAcquire("l", client, PER_IP_ONE));
    late.complete(fromPrimary);
    assertThat(fromPrimary.permit().isReleased()).isTrue();
    assertThat(counted.size()).isZero();
  }
}
