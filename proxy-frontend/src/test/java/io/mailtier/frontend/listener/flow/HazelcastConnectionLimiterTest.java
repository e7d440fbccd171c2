package io.mailtier.frontend.listener.flow;

import static io.mailtier.frontend.listener.flow.ConnectionLimiterContract.acquire;
import static io.mailtier.frontend.listener.flow.ConnectionLimiterContract.await;
import static io.mailtier.frontend.listener.flow.ConnectionLimiterContract.fc;
import static io.mailtier.frontend.listener.flow.ConnectionLimiterContract.granted;
import static io.mailtier.frontend.listener.flow.ConnectionLimiterContract.listenerLimits;
import static io.mailtier.frontend.listener.flow.ConnectionLimiterContract.refusedFor;
import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The contract on a real two-member cluster on loopback (TCP-IP join, explicit ports), plus what
 * only a cluster shows: limits that hold across members, and the slots of a member that dies. One
 * cluster for the whole class: forming it is the slow part.
 */
@Timeout(60)
class HazelcastConnectionLimiterTest implements ConnectionLimiterContract {
  private static final TestClock CLOCK = new TestClock();
  private static final List<Integer> PORTS = new ArrayList<>();
  private static HazelcastInstance first;
  private static HazelcastInstance second;
  private static HazelcastConnectionLimiter onFirst;
  private static HazelcastConnectionLimiter onSecond;

  @BeforeAll
  static void startCluster() throws Exception {
    for (int i = 0; i < 3; i++) {
      PORTS.add(freePort());
    }
    first = member(0);
    second = member(1);
    assertThat(second.getCluster().getMembers()).hasSize(2);
    onFirst = new HazelcastConnectionLimiter(first, CLOCK);
    onSecond = new HazelcastConnectionLimiter(second, CLOCK);
  }

  @AfterAll
  static void stopCluster() {
    if (onFirst != null) {
      onFirst.close();
      onSecond.close();
    }
    if (first != null) {
      first.getLifecycleService().terminate();
    }
    if (second != null) {
      second.getLifecycleService().terminate();
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** Member {@code index} of the test cluster, bound to 127.0.0.1, joining the others. */
  private static HazelcastInstance member(int index) {
    List<String> members = PORTS.stream().map(p -> "127.0.0.1:" + p).toList();
    HazelcastConfig settings =
        new HazelcastConfig(
            true, "listener-test-" + PORTS.get(0), PORTS.get(index), "127.0.0.1", members);
    Config config = HazelcastMembers.config(settings);
    config.setProperty("hazelcast.wait.seconds.before.join", "0");
    config.setProperty("hazelcast.heartbeat.interval.seconds", "1");
    config.setProperty("hazelcast.max.no.heartbeat.seconds", "5");
    return Hazelcast.newHazelcastInstance(config);
  }

  @Override
  public ConnectionLimiter limiter() {
    return onFirst;
  }

  @Override
  public TestClock clock() {
    return CLOCK;
  }

  @Test
  void perIpLimitShouldHoldAcrossMembers() {
    String l = ConnectionLimiterContract.newListener();
    Limits limits = listenerLimits(fc(0, 3, 0, 0));
    granted(acquire(onFirst, l, A, limits));
    granted(acquire(onSecond, l, A, limits));
    granted(acquire(onFirst, l, A, limits));
    refusedFor(acquire(onFirst, l, A, limits), Admission.Reason.PER_IP);
    refusedFor(acquire(onSecond, l, A, limits), Admission.Reason.PER_IP);
    granted(acquire(onSecond, l, B, limits));
  }

  @Test
  void aPermitReleasedOnOneMemberShouldFreeTheSlotForTheOther() {
    String l = ConnectionLimiterContract.newListener();
    Limits limits = listenerLimits(fc(1, 0, 0, 0));
    Permit p = granted(acquire(onSecond, l, A, limits));
    refusedFor(acquire(onFirst, l, B, limits), Admission.Reason.TOTAL);
    await(p);
    granted(acquire(onFirst, l, B, limits));
  }

  @Test
  void ratesShouldAddUpAcrossMembers() {
    String l = ConnectionLimiterContract.newListener();
    Limits limits = listenerLimits(fc(0, 0, 6, 4));
    CLOCK.toNextWindowStart(MINUTE);
    await(granted(acquire(onFirst, l, A, limits)));
    await(granted(acquire(onSecond, l, A, limits)));
    await(granted(acquire(onFirst, l, A, limits)));
    await(granted(acquire(onSecond, l, A, limits)));
    refusedFor(acquire(onFirst, l, A, limits), Admission.Reason.PER_IP_RATE);
    refusedFor(acquire(onSecond, l, A, limits), Admission.Reason.PER_IP_RATE);
    await(granted(acquire(onSecond, l, B, limits)));
    await(granted(acquire(onFirst, l, B, limits)));
    refusedFor(acquire(onFirst, l, V6, limits), Admission.Reason.RATE);
  }

  @Test
  void theSlotsOfAMemberThatDiesShouldBeReleased() throws Exception {
    HazelcastInstance third = member(2);
    HazelcastConnectionLimiter onThird = new HazelcastConnectionLimiter(third, CLOCK);
    String l = ConnectionLimiterContract.newListener();
    Limits limits = listenerLimits(fc(0, 3, 0, 0));
    granted(acquire(onThird, l, A, limits));
    granted(acquire(onThird, l, A, limits));
    granted(acquire(onFirst, l, A, limits));
    refusedFor(acquire(onSecond, l, A, limits), Admission.Reason.PER_IP);

    third.getLifecycleService().terminate(); // no graceful leave: as if the pod was killed
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    List<Permit> regained = new ArrayList<>();
    while (regained.size() < 2 && System.nanoTime() < deadline) {
      if (acquire(onSecond, l, A, limits) instanceof Admission.Granted g) {
        regained.add(g.permit());
      } else {
        Thread.sleep(100);
      }
    }
    assertThat(regained).as("slots regained after the member died").hasSize(2);
    refusedFor(acquire(onFirst, l, A, limits), Admission.Reason.PER_IP);
    onThird.close();
  }

  @Test
  void aFloodSpreadOverBothMembersShouldKeepTheLimitWhileAnotherIpIsAdmitted() {
    String l = ConnectionLimiterContract.newListener();
    Limits limits = listenerLimits(fc(100, 3, 0, 0));
    List<Permit> held = new ArrayList<>();
    int refused = 0;
    for (int i = 0; i < 2_000; i++) {
      ConnectionLimiter via = i % 2 == 0 ? onFirst : onSecond;
      Admission a = acquire(via, l, A, limits);
      if (a instanceof Admission.Granted g) {
        held.add(g.permit());
      } else {
        refused++;
      }
      if (i % 200 == 0) {
        await(granted(acquire(i % 400 == 0 ? onSecond : onFirst, l, B, limits)));
      }
    }
    assertThat(held).hasSize(3);
    assertThat(refused).isEqualTo(1_997);
  }
}
