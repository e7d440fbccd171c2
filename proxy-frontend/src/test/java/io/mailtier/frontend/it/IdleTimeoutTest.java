package io.mailtier.frontend.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdleTimeoutTest {
  @TempDir Path dir;

  @Test
  void silentSessionShouldGetAutologoutAndBeClosed() throws Exception {
    try (TestCluster cluster =
            TestCluster.start(dir, TestCluster.Settings.DEFAULT.withIdleTimeout("1s"));
        ImapTestClient c = new ImapTestClient(cluster.imapPort())) {
      assertThat(c.readLine()).startsWith("* OK");
      assertThat(c.command("a1", "NOOP")).startsWith("a1 OK");
      long start = System.nanoTime();
      c.setTimeoutMillis(4000);
      assertThat(c.readLine()).startsWith("* BYE Autologout");
      assertThat(c.closedByServer()).isTrue();
      assertThat((System.nanoTime() - start) / 1_000_000).isBetween(500L, 3500L);
    }
  }
}
