package io.mailtier.frontend.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.mailtier.frontend.FrontendMain;
import io.mailtier.frontend.FrontendServer;
import io.mailtier.mailstore.MailstoreConfig;
import io.mailtier.mailstore.MailstoreNode;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * The POP3 maildrop lock is cluster-wide: three front-ends share one Hazelcast cluster on loopback
 * — two in this JVM, one in a child JVM ({@link FrontendMain}). A session on any of them locks the
 * maildrop for the others; the lock of a front-end killed with SIGKILL is freed once the cluster
 * sees it leave.
 */
@Timeout(180)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class Pop3MaildropLockClusterTest {
  private static final String NODE = "mailstore-1.example.test";
  private static final String IN_USE = "-ERR [IN-USE] Maildrop is locked by another POP3 session";

  @TempDir static Path dir;
  private static MailstoreNode node;
  private static ManagedChannel adminChannel;
  private static FrontendServer first;
  private static FrontendServer second;
  private static Process child;
  private static int childPop3Port;

  @BeforeAll
  static void start() throws Exception {
    Frontends.fastHazelcast();
    node =
        MailstoreNode.start(
            new MailstoreConfig(
                NODE, "127.0.0.1:0", Files.createDirectories(dir.resolve("node")), null, 0, 0));
    adminChannel =
        NettyChannelBuilder.forTarget("127.0.0.1:" + node.grpcPort()).usePlaintext().build();
    Frontends.provision(adminChannel, "alice@example.test", "alice-secret");
    Deliveries.deliver(adminChannel, "alice@example.test", "INBOX", Deliveries.message("a", "b"));
    int p1 = Frontends.freePort();
    int p2 = Frontends.freePort();
    int p3 = Frontends.freePort();
    String members = "[127.0.0.1:" + p1 + ", 127.0.0.1:" + p2 + ", 127.0.0.1:" + p3 + "]";
    String hz =
        "hazelcast: { enabled: true, clusterName: pop3lock-%d, port: %d, bindAddress: 127.0.0.1,"
            + " members: %s }\n";
    String pop3 = "pop3:\n  listeners:\n    - address: 127.0.0.1:0\n";
    String imap = "    - address: 127.0.0.1:0\n";

    Path childConfig = dir.resolve("child.yaml");
    Files.writeString(
        childConfig,
        Frontends.yaml(dir, hz.formatted(p1, p3, members) + pop3, "", imap, node.grpcPort()));
    child = Frontends.startChild(childConfig, dir.resolve("child.log"));
    first =
        Frontends.start(
            Frontends.yaml(dir, hz.formatted(p1, p1, members) + pop3, "", imap, node.grpcPort()));
    second =
        Frontends.start(
            Frontends.yaml(dir, hz.formatted(p1, p2, members) + pop3, "", imap, node.grpcPort()));
    childPop3Port = Frontends.childPort(child, dir.resolve("child.log"), "pop3");
    Frontends.awaitMembers(first, 3);
  }

  @AfterAll
  static void stop() throws Exception {
    Frontends.stopChild(child);
    if (second != null) {
      second.close();
    }
    if (first != null) {
      first.close();
    }
    if (adminChannel != null) {
      adminChannel.shutdownNow();
    }
    if (node != null) {
      node.close();
    }
  }

  private static ImapTestClient connect(int port) throws Exception {
    return Pop3SessionTest.connect(port);
  }

  @Test
  @Order(1)
  void aSessionOnOneFrontEndShouldLockTheMaildropOnTheOthers() throws Exception {
    try (ImapTestClient a = connect(first.pop3Port());
        ImapTestClient b = connect(second.pop3Port());
        ImapTestClient c = connect(childPop3Port)) {
      assertThat(Pop3SessionTest.login(a, "alice@example.test", "alice-secret"))
          .startsWith("+OK Maildrop has 1 messages");
      assertThat(Pop3SessionTest.login(b, "alice@example.test", "alice-secret")).isEqualTo(IN_USE);
      assertThat(Pop3SessionTest.login(c, "alice", "alice-secret")).isEqualTo(IN_USE);
      String metrics = Frontends.metrics(second);
      assertThat(Frontends.sample(metrics, "mailtier_pop3_maildrop_in_use_total")).isEqualTo(1.0);
      assertThat(Frontends.sample(metrics, "mailtier_pop3_sessions_active")).isEqualTo(1.0);
      assertThat(Frontends.sample(metrics, "mailtier_pop3_logins_total{result=\"ok\"}"))
          .isEqualTo(1.0);
      a.send("QUIT");
      assertThat(a.readLine()).startsWith("+OK");
      // released cluster-wide: the other front-end gets it (the release is asynchronous)
      assertThat(
              Pop3SessionTest.loginWhenUnlocked(
                  second.pop3Port(), b, "alice@example.test", "alice-secret"))
          .startsWith("+OK Maildrop has 1 messages");
    } // b dropped without QUIT: its lock goes with the connection
    try (ImapTestClient a = connect(first.pop3Port())) {
      assertThat(
              Pop3SessionTest.loginWhenUnlocked(
                  first.pop3Port(), a, "alice@example.test", "alice-secret"))
          .startsWith("+OK Maildrop has 1 messages");
      a.send("QUIT");
      assertThat(a.readLine()).startsWith("+OK");
    }
  }

  @Test
  @Order(2)
  void theLockOfAKilledFrontEndShouldBeFreedWhenTheClusterSeesItLeave() throws Exception {
    ImapTestClient holder = connect(childPop3Port);
    try {
      assertThat(
              Pop3SessionTest.loginWhenUnlocked(
                  childPop3Port, holder, "alice@example.test", "alice-secret"))
          .startsWith("+OK Maildrop has 1 messages");
      try (ImapTestClient a = connect(first.pop3Port())) {
        assertThat(Pop3SessionTest.login(a, "alice@example.test", "alice-secret"))
            .isEqualTo(IN_USE);
      }
      long killed = System.nanoTime();
      child.destroyForcibly(); // SIGKILL: no release, no goodbye to the cluster
      assertThat(child.waitFor(15, TimeUnit.SECONDS)).isTrue();
      assertThat(child.exitValue()).isEqualTo(137);

      String reply = IN_USE;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      try (ImapTestClient a = connect(first.pop3Port())) {
        while (reply.equals(IN_USE) && System.nanoTime() < deadline) {
          Thread.sleep(200);
          reply = Pop3SessionTest.login(a, "alice@example.test", "alice-secret");
        }
        System.out.printf(
            "maildrop lock of the SIGKILLed front-end freed after %d ms%n",
            TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed));
        assertThat(reply).as("the lock is free within 30 s of the kill").startsWith("+OK Maildrop");
        a.send("QUIT");
        assertThat(a.readLine()).startsWith("+OK");
      }
    } finally {
      holder.close();
    }
  }
}
