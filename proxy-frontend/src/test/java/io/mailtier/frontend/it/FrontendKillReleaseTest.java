package io.mailtier.frontend.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailtier.frontend.FrontendMain;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cluster-wide open-connection counts held by a front-end that dies: one front-end runs in this
 * JVM, the other in a child JVM ({@link FrontendMain}) that is killed with SIGKILL while it holds
 * connections. Its counts must be released when the cluster sees it leave, not leak forever.
 */
@Timeout(120)
class FrontendKillReleaseTest {
  private static final String NODE = "mailstore-1.example.test";
  private static final String IP = "127.0.0.44";

  @TempDir static Path dir;
  private static MailstoreNode node;
  private static FrontendServer survivor;
  private static Process child;
  private static int childImapPort;
  private static boolean passed;

  @BeforeAll
  static void start() throws Exception {
    Frontends.fastHazelcast();
    node =
        MailstoreNode.start(
            new MailstoreConfig(
                NODE, "127.0.0.1:0", Files.createDirectories(dir.resolve("node")), null, 0, 0));
    int hz1 = Frontends.freePort();
    int hz2 = Frontends.freePort();
    String members = "[127.0.0.1:" + hz1 + ", 127.0.0.1:" + hz2 + "]";
    String hz =
        "hazelcast: { enabled: true, clusterName: kill-%d, port: %d, bindAddress: 127.0.0.1,"
            + " members: %s }\n";
    String limit = "      flowControl: { maxConnectionsPerIp: 3 }\n";

    Path childConfig = dir.resolve("child.yaml");
    Files.writeString(
        childConfig,
        Frontends.yaml(
            dir,
            hz.formatted(hz1, hz2, members),
            "",
            // the same listener address as the survivor's: counters are keyed by it, as all
            // front-ends of a deployment share one configuration
            "    - address: 127.0.0.1:0\n" + limit,
            node.grpcPort()));
    child = Frontends.startChild(childConfig, dir.resolve("child.log"));
    survivor =
        Frontends.start(
            Frontends.yaml(
                dir,
                hz.formatted(hz1, hz1, members),
                "",
                "    - address: 127.0.0.1:0\n" + limit,
                node.grpcPort()));
    childImapPort = Frontends.childPort(child, dir.resolve("child.log"), "imap");
    Frontends.awaitMembers(survivor, 2);
  }

  @AfterAll
  static void stop() throws Exception {
    if (child != null) {
      Frontends.stopChild(child);
      System.out.println(
          "--- child front-end log ---\n" + Files.readString(dir.resolve("child.log")));
    }
    if (survivor != null) {
      survivor.close();
    }
    if (node != null) {
      node.close();
    }
  }

  private static LoopbackClient greeted(int port) throws Exception {
    LoopbackClient c = new LoopbackClient(IP, port);
    assertThat(c.readLine()).startsWith("* OK");
    return c;
  }

  @Test
  void theCountsOfAKilledFrontEndShouldBeReleasedWhenTheClusterSeesItLeave() throws Exception {
    List<LoopbackClient> open = new ArrayList<>();
    try {
      open.add(greeted(childImapPort));
      open.add(greeted(childImapPort));
      open.add(greeted(survivor.imapPort()));
      // the per-IP limit of 3 is cluster-wide: the 4th is refused here, with two of the three
      // held by the other JVM
      try (LoopbackClient fourth = new LoopbackClient(IP, survivor.imapPort())) {
        assertThat(fourth.closedWithNothingSent()).isTrue();
      }

      long killed = System.nanoTime();
      child.destroyForcibly(); // SIGKILL: no shutdown hook, no goodbye to the cluster
      assertThat(child.waitFor(15, TimeUnit.SECONDS)).isTrue();
      assertThat(child.exitValue()).isEqualTo(137);

      boolean served = false;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (!served && System.nanoTime() < deadline) {
        try (LoopbackClient c = new LoopbackClient(IP, survivor.imapPort())) {
          String line = c.readLine();
          served = line != null && line.startsWith("* OK");
        }
        if (!served) {
          Thread.sleep(100);
        }
      }
      System.out.printf(
          "counts of the SIGKILLed front-end released after %d ms%n",
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed));
      assertThat(served).as("a slot came back within 30 s of the kill").isTrue();
      // exactly the two dead slots came back, not more: the survivor's own one still counts
      List<LoopbackClient> again = new ArrayList<>();
      try {
        again.add(greeted(survivor.imapPort()));
        again.add(greeted(survivor.imapPort()));
        try (LoopbackClient over = new LoopbackClient(IP, survivor.imapPort())) {
          assertThat(over.closedWithNothingSent()).isTrue();
        }
      } finally {
        for (LoopbackClient c : again) {
          c.close();
        }
      }
      passed = true;
    } finally {
      for (LoopbackClient c : open) {
        c.close();
      }
    }
  }
}
