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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** UIDLs are the same in every session, on every front-end, and after the node restarts. */
@Timeout(120)
class Pop3UidlStabilityTest {
  private static final String NODE = "mailstore-1.example.test";
  @TempDir Path dir;

  private static List<String> uidl(int port) throws Exception {
    try (ImapTestClient c = Pop3SessionTest.connect(port)) {
      assertThat(Pop3SessionTest.loginWhenUnlocked(port, c, "alice", "alice-secret"))
          .startsWith("+OK");
      c.send("UIDL");
      assertThat(c.readLine()).startsWith("+OK");
      List<String> lines = new ArrayList<>();
      for (String line = c.readLine(); !line.equals("."); line = c.readLine()) {
        lines.add(line);
        assertThat(lines).hasSizeLessThan(100);
      }
      c.send("QUIT");
      assertThat(c.readLine()).startsWith("+OK");
      return lines;
    }
  }

  @Test
  void uidlsShouldSurviveOtherFrontEndsAndANodeRestart() throws Exception {
    int nodePort = Frontends.freePort();
    Path data = Files.createDirectories(dir.resolve("node"));
    MailstoreConfig nodeConfig =
        new MailstoreConfig(NODE, "127.0.0.1:" + nodePort, data, null, 0, 0);
    String pop3 = "pop3:\n  listeners:\n    - address: 127.0.0.1:0\n";
    String imap = "    - address: 127.0.0.1:0\n";
    List<String> before;
    MailstoreNode node = MailstoreNode.start(nodeConfig);
    try (FrontendServer one = Frontends.start(Frontends.yaml(dir, pop3, "", imap, nodePort));
        FrontendServer two = Frontends.start(Frontends.yaml(dir, pop3, "", imap, nodePort))) {
      ManagedChannel channel =
          NettyChannelBuilder.forTarget("127.0.0.1:" + nodePort).usePlaintext().build();
      try {
        Frontends.provision(channel, "alice@example.test", "alice-secret");
        for (int i = 1; i <= 3; i++) {
          Deliveries.deliver(
              channel, "alice@example.test", "INBOX", Deliveries.message("m" + i, "x"));
        }
      } finally {
        channel.shutdownNow();
      }
      before = uidl(one.pop3Port());
      assertThat(before).hasSize(3).allMatch(l -> l.matches("\\d \\d+\\.\\d+"));
      assertThat(before.stream().map(l -> l.substring(2)).distinct()).hasSize(3);
      assertThat(uidl(two.pop3Port())).isEqualTo(before);
      assertThat(uidl(one.pop3Port())).isEqualTo(before);

      node.close();
      node = MailstoreNode.start(nodeConfig); // the same data, the same port
      // the front-end reconnects to the restarted node on its own (bounded)
      List<String> after = List.of();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (System.nanoTime() < deadline) {
        try {
          after = uidl(two.pop3Port());
          break;
        } catch (AssertionError e) {
          Thread.sleep(200); // [SYS/TEMP] while the channel reconnects
        }
      }
      assertThat(after).isEqualTo(before);
    } finally {
      node.close();
    }
  }
}
