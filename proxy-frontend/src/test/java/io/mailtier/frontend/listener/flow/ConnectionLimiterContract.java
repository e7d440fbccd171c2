package io.mailtier.frontend.listener.flow;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailtier.frontend.listener.IpLiterals;
import io.mailtier.frontend.listener.IpMatch;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The behaviour every {@link ConnectionLimiter} must have; each implementation's test runs it. */
interface ConnectionLimiterContract {
  Duration MINUTE = Duration.ofMinutes(1);
  InetAddress A = IpLiterals.parse("192.0.2.1");
  InetAddress B = IpLiterals.parse("192.0.2.2");
  InetAddress V6 = IpLiterals.parse("2001:db8::1");

  /** The limiter under test (the same one for the whole class is fine). */
  ConnectionLimiter limiter();

  /** The clock the limiter was built with. */
  TestClock clock();

  static String newListener() {
    return "127.0.0.1:" + UUID.randomUUID();
  }

  static FlowControl fc(int max, int perIp, int rate, int perIpRate) {
    return new FlowControl(max, perIp, rate, perIpRate, MINUTE, 0, null);
  }

  static Limits listenerLimits(FlowControl fc) {
    return Limits.of(new ScopedLimit("listener", fc));
  }

  static Admission acquire(ConnectionLimiter limiter, String listener, InetAddress ip, Limits l) {
    try {
      return limiter.tryAcquire(listener, ip, l).toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  static Permit granted(Admission a) {
    assertThat(a).isInstanceOf(Admission.Granted.class);
    return ((Admission.Granted) a).permit();
  }

  static void refusedFor(Admission a, Admission.Reason reason) {
    assertThat(a)
        .isInstanceOfSatisfying(
            Admission.Refused.class, r -> assertThat(r.reason()).isEqualTo(reason));
  }

  static void await(Permit p) {
    try {
      p.release().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private Admission acquire(String listener, InetAddress ip, Limits l) {
    return acquire(limiter(), listener, ip, l);
  }

  @Test
  default void unlimitedLimitsShouldGrantEveryConnection() {
    String l = newListener();
    for (int i = 0; i < 20; i++) {
      granted(acquire(l, A, listenerLimits(FlowControl.UNLIMITED)));
    }
    granted(acquire(l, A, Limits.NONE));
  }

  @Test
  default void perIpLimitShouldRefuseTheConnectionOverItAndLeaveOtherIpsAlone() {
    String l = newListener();
    Limits limits = listenerLimits(fc(0, 2, 0, 0));
    granted(acquire(l, A, limits));
    granted(acquire(l, A, limits));
    refusedFor(acquire(l, A, limits), Admission.Reason.PER_IP);
    granted(acquire(l, B, limits));
  }

  @Test
  default void releasingAPermitShouldFreeItsSlot() {
    String l = newListener();
    Limits limits = listenerLimits(fc(1, 0, 0, 0));
    Permit p = granted(acquire(l, A, limits));
    refusedFor(acquire(l, B, limits), Admission.Reason.TOTAL);
    await(p);
    assertThat(p.isReleased()).isTrue();
    granted(acquire(l, B, limits));
  }

  @Test
  default void releasingTwiceShouldGiveBackOnlyOneSlot() {
    String l = newListener();
    Limits limits = listenerLimits(fc(2, 0, 0, 0));
    Permit first = granted(acquire(l, A, limits));
    granted(acquire(l, A, limits));
    await(first);
    await(first);
    granted(acquire(l, B, limits));
    refusedFor(acquire(l, B, limits), Admission.Reason.TOTAL);
  }

  @Test
  default void totalLimitShouldCountAllClientsTogether() {
    String l = newListener();
    Limits limits = listenerLimits(fc(3, 0, 0, 0));
    granted(acquire(l, A, limits));
    granted(acquire(l, B, limits));
    granted(acquire(l, V6, limits));
    refusedFor(acquire(l, IpLiterals.parse("198.51.100.7"), limits), Admission.Reason.TOTAL);
  }

  @Test
  default void reservedSlotsShouldGoOnlyToTrustedNetworks() {
    String l = newListener();
    FlowControl fc = new FlowControl(3, 0, 0, 0, MINUTE, 1, List.of(IpMatch.parse("10.0.0.0/8")));
    Limits limits = listenerLimits(fc);
    granted(acquire(l, A, limits));
    granted(acquire(l, B, limits));
    refusedFor(acquire(l, V6, limits), Admission.Reason.TOTAL);
    granted(acquire(l, IpLiterals.parse("10.1.2.3"), limits));
    refusedFor(acquire(l, IpLiterals.parse("10.1.2.4"), limits), Admission.Reason.TOTAL);
  }

  @Test
  default void trustedNetworksShouldBeExemptFromPerIpLimits() {
    String l = newListener();
    FlowControl fc =
        new FlowControl(0, 1, 0, 1, MINUTE, 0, List.of(IpMatch.parse("192.0.2.0-192.0.2.1")));
    Limits limits = listenerLimits(fc);
    for (int i = 0; i < 5; i++) {
      granted(acquire(l, A, limits));
    }
    granted(acquire(l, B, limits));
    refusedFor(acquire(l, B, limits), Admission.Reason.PER_IP);
  }

  @Test
  default void perIpRateShouldSlideOverTheInterval() {
    String l = newListener();
    Limits limits = listenerLimits(fc(0, 0, 0, 3));
    clock().toNextWindowStart(MINUTE);
    for (int i = 0; i < 3; i++) {
      await(granted(acquire(l, A, limits)));
    }
    refusedFor(acquire(l, A, limits), Admission.Reason.PER_IP_RATE);
    granted(acquire(l, B, limits));
    clock().advance(MINUTE); // start of the next window: the last minute still holds 3
    refusedFor(acquire(l, A, limits), Admission.Reason.PER_IP_RATE);
    clock().advance(Duration.ofSeconds(30)); // half of the previous window still counts: 1.5
    granted(acquire(l, A, limits));
    refusedFor(acquire(l, A, limits), Admission.Reason.PER_IP_RATE);
    clock().advance(Duration.ofSeconds(90)); // two windows on: nothing counts any more
    for (int i = 0; i < 3; i++) {
      granted(acquire(l, A, limits));
    }
  }

  @Test
  default void totalRateShouldCountNewConnectionsOfAllClients() {
    String l = newListener();
    Limits limits = listenerLimits(fc(0, 0, 2, 0));
    clock().toNextWindowStart(MINUTE);
    await(granted(acquire(l, A, limits)));
    await(granted(acquire(l, B, limits)));
    refusedFor(acquire(l, V6, limits), Admission.Reason.RATE);
  }

  @Test
  default void refusedAttemptsShouldNotCountTowardsTheRates() {
    String l = newListener();
    Limits limits = listenerLimits(fc(0, 1, 3, 0));
    clock().toNextWindowStart(MINUTE);
    granted(acquire(l, A, limits));
    for (int i = 0; i < 5; i++) {
      refusedFor(acquire(l, A, limits), Admission.Reason.PER_IP);
    }
    granted(acquire(l, B, limits));
    granted(acquire(l, V6, limits));
  }

  @Test
  default void aRefusalShouldUndoTheCountersTakenBeforeIt() {
    String l = newListener();
    Limits limits =
        Limits.of(
            new ScopedLimit("listener-rule-0", fc(0, 1, 0, 1)),
            new ScopedLimit("listener", fc(1, 0, 0, 0)));
    clock().toNextWindowStart(MINUTE);
    Permit a = granted(acquire(l, A, limits));
    refusedFor(acquire(l, B, limits), Admission.Reason.TOTAL);
    await(a);
    granted(acquire(l, B, limits)); // B's per-IP and per-IP-rate counts were given back
  }

  @Test
  default void anIpv4MappedIpv6ClientShouldCountAsItsIpv4Address() {
    String l = newListener();
    Limits limits = listenerLimits(fc(0, 1, 0, 0));
    granted(acquire(l, A, limits));
    InetAddress mapped = mappedOf(A);
    refusedFor(acquire(l, mapped, limits), Admission.Reason.PER_IP);
  }

  private static InetAddress mappedOf(InetAddress v4) {
    byte[] b = new byte[16];
    b[10] = (byte) 0xff;
    b[11] = (byte) 0xff;
    System.arraycopy(v4.getAddress(), 0, b, 12, 4);
    try {
      return java.net.Inet6Address.getByAddress(null, b, -1);
    } catch (java.net.UnknownHostException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  default void countersShouldBeKeptPerListenerAndPerScope() {
    String one = newListener();
    String two = newListener();
    Limits limits = listenerLimits(fc(1, 0, 0, 0));
    granted(acquire(one, A, limits));
    granted(acquire(two, A, limits));
    granted(acquire(one, A, Limits.of(new ScopedLimit("service-rule-1", fc(1, 0, 0, 0)))));
  }

  @Test
  default void aFloodFromOneIpShouldKeepItsLimitWhileAnotherIpIsAdmitted() {
    String l = newListener();
    Limits limits = listenerLimits(fc(100, 5, 0, 20));
    clock().toNextWindowStart(MINUTE);
    // 1,000 attempts that keep every connection open: the concurrent limit holds at 5.
    List<Permit> held = new ArrayList<>();
    for (int i = 0; i < 1_000; i++) {
      if (acquire(l, A, limits) instanceof Admission.Granted g) {
        held.add(g.permit());
      }
      if (i % 100 == 0) {
        await(granted(acquire(l, B, limits)));
      }
    }
    assertThat(held).hasSize(5);
    held.forEach(ConnectionLimiterContract::await);
    // 1,000 attempts that close at once: the per-IP rate holds at 20 in the interval.
    int more = 0;
    for (int i = 0; i < 1_000; i++) {
      if (acquire(l, A, limits) instanceof Admission.Granted g) {
        more++;
        await(g.permit());
      }
      if (i % 100 == 0) {
        await(granted(acquire(l, B, limits)));
      }
    }
    assertThat(more).isEqualTo(15);
    refusedFor(acquire(l, A, limits), Admission.Reason.PER_IP_RATE);
  }
}
