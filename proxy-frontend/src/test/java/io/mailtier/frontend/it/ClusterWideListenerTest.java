package io.mailtier.frontend.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.mailtier.frontend.FrontendServer;
import io.mailtier.mailstore.MailstoreConfig;
import io.mailtier.mailstore.MailstoreNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two front-ends forming one Hazelcast cluster on loopback (explicit member ports) in front of one
 * real mailstore node: connection limits and authentication lockouts add up across them, and the
 * counts of a front-end that stops are released. One cluster for the class (joining takes seconds);
 * the last test stops the first front-end.
 */
@Timeout(120)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterWideListenerTest {
  private static final String NODE = "mailstore-1.example.test";

  @TempDir static Path dir;
  private static MailstoreNode node;
  private static ManagedChannel adminChannel;
  private static FrontendServer first;
  private static FrontendServer second;

  @BeforeAll
  static void start() throws Exception {
    System.setProperty("hazelcast.wait.seconds.before.join", "0");
    System.setProperty("hazelcast.heartbeat.interval.seconds", "1");
    System.setProperty("hazelcast.max.no.heartbeat.seconds", "5");
    node =
        MailstoreNode.start(
            new MailstoreConfig(
                NODE, "127.0.0.1:0", Files.createDirectories(dir.resolve("node")), null, 0, 0));
    adminChannel =
        NettyChannelBuilder.forTarget("127.0.0.1:" + node.grpcPort()).usePlaintext().build();
    Frontends.provision(adminChannel, "alice@example.test", "alice-secret");
    int p1 = Frontends.freePort();
    int p2 = Frontends.freePort();
    String members = "[127.0.0.1:" + p1 + ", 127.0.0.1:" + p2 + "]";
    String listeners =
        """
            - address: 127.0.0.1:0
              flowControl: { maxConnectionsPerIp: 3 }
              errorControl: { maxAuthFailures: 10 }
        """;
    String lockout =
        "authLockout: { maxFailuresPerUser: 3, maxFailuresPerIp: 50, window: 1m, lockout: 3s }\n";
    String hz =
        "hazelcast: { enabled: true, clusterName: cw-%d, port: %d, bindAddress: 127.0.0.1,"
            + " members: %s }\n";
    long started = System.nanoTime();
    first =
        Frontends.start(
            Frontends.yaml(
                dir, lockout + hz.formatted(p1, p1, members), "", listeners, node.grpcPort()));
    second =
        Frontends.start(
            Frontends.yaml(
                dir, lockout + hz.formatted(p1, p2, members), "", listeners, node.grpcPort()));
    System.out.printf(
        "two front-ends with Hazelcast up in %d ms%n",
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
  }

  @AfterAll
  static void stop() throws Exception {
    for (FrontendServer s : new FrontendServer[] {second, first}) {
      if (s != null) {
        s.close();
      }
    }
    if (adminChannel != null) {
      adminChannel.shutdownNow();
    }
    if (node != null) {
      node.close();
    }
  }

  private static LoopbackClient greeted(String ip, FrontendServer server) throws Exception {
    LoopbackClient c = new LoopbackClient(ip, server.imapPort());
    assertThat(c.readLine()).startsWith("* OK");
    return c;
  }

  private static String login(FrontendServer server, String password) throws Exception {
    try (LoopbackClient c = greeted("127.0.0.50", server)) {
      return c.command("a1", "LOGIN alice@example.test " + password);
    }
  }

  @Test
  @Order(1)
  void thePerIpLimitShouldHoldAcrossBothFrontEnds() throws Exception {
    List<LoopbackClient> open = new ArrayList<>();
    try {
      open.add(greeted("127.0.0.40", first));
      open.add(greeted("127.0.0.40", second));
      open.add(greeted("127.0.0.40", first));
      for (FrontendServer s : new FrontendServer[] {first, second}) {
        try (LoopbackClient fourth = new LoopbackClient("127.0.0.40", s.imapPort())) {
          assertThat(fourth.closedWithNothingSent()).as("the 4th, on either front-end").isTrue();
        }
      }
      open.add(greeted("127.0.0.41", second)); // another address is not affected
    } finally {
      for (LoopbackClient c : open) {
        c.close();
      }
    }
  }

  @Test
  @Order(2)
  void wrongPasswordsOnBothFrontEndsShouldAddUpToOneLockout() throws Exception {
    String failed = "a1 NO [AUTHENTICATIONFAILED] Authentication failed";
    assertThat(login(first, "wrong-1")).isEqualTo(failed);
    assertThat(login(second, "wrong-2")).isEqualTo(failed);
    assertThat(login(first, "wrong-3")).isEqualTo(failed);
    long lockedAt = System.nanoTime();
    // locked: the right password gets the very same answer, on both front-ends
    assertThat(login(second, "alice-secret")).isEqualTo(failed);
    assertThat(login(first, "alice-secret")).isEqualTo(failed);
    String metrics = Frontends.metrics(second);
    assertThat(Frontends.sample(metrics, "mailtier_imap_logins_total{result=\"locked_out\"}"))
        .isEqualTo(1);
    // after the lockout (3 s) the right password works again; bounded wait
    String answer = null;
    for (int i = 0; i < 40; i++) {
      answer = login(first, "alice-secret");
      if (answer.startsWith("a1 OK")) {
        break;
      }
      Thread.sleep(250);
    }
    System.out.printf(
        "lockout lifted after %d ms%n",
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lockedAt));
    assertThat(answer).startsWith("a1 OK");
  }

  @Test
  @Order(3)
  void theCountsOfAStoppedFrontEndShouldBeReleased() throws Exception {
    List<LoopbackClient> open = new ArrayList<>();
    try {
      open.add(greeted("127.0.0.42", first));
      open.add(greeted("127.0.0.42", first));
      open.add(greeted("127.0.0.42", second));
      try (LoopbackClient fourth = new LoopbackClient("127.0.0.42", second.imapPort())) {
        assertThat(fourth.closedWithNothingSent()).isTrue();
      }
      long stopping = System.nanoTime();
      first.close();
      boolean served = false;
      for (int i = 0; i < 100 && !served; i++) {
        try (LoopbackClient c = new LoopbackClient("127.0.0.42", second.imapPort())) {
          String line = c.readLine();
          served = line != null && line.startsWith("* OK");
        }
        if (!served) {
          Thread.sleep(100);
        }
      }
      System.out.printf(
          "slots released %d ms after the first front-end began to stop%n",
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stopping));
      assertThat(served).isTrue();
    } finally {
      for (LoopbackClient c : open) {
        c.close();
      }
    }
  }
}
