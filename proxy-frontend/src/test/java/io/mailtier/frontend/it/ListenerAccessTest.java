package io.mailtier.frontend.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mailtier.common.config.ConfigException;
import io.mailtier.frontend.FrontendServer;
import io.mailtier.frontend.config.FrontendConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The accept path of real listeners on loopback, one front-end with Hazelcast off: rules at the
 * listener and global levels, PROXY protocol garbage, per-IP limits under a flood, error control.
 * The client IP varies over 127.0.0.0/8.
 */
@Timeout(120)
class ListenerAccessTest {
  @TempDir static Path dir;
  private static FrontendServer server;
  private static int rulesPort;
  private static int globalPort;
  private static int errorsPort;
  private static int floodPort;
  private static int proxyPort;

  @BeforeAll
  static void start() throws Exception {
    rulesPort = Frontends.freePort();
    globalPort = Frontends.freePort();
    errorsPort = Frontends.freePort();
    floodPort = Frontends.freePort();
    proxyPort = Frontends.freePort();
    String listeners =
        """
            - address: 127.0.0.1:%d
              rules:
                - { priority: 1, action: allow, match: 127.0.0.2 }
                - { priority: 5, action: deny, match: 127.0.0.0/8 }
            - address: 127.0.0.1:%d
            - address: 127.0.0.1:%d
              errorControl: { maxAuthFailures: 2 }
            - address: 127.0.0.1:%d
              flowControl: { maxConnectionsPerIp: 20 }
            - address: 127.0.0.1:%d
              proxyProtocol: v2
        """
            .formatted(rulesPort, globalPort, errorsPort, floodPort, proxyPort);
    String top = "rules:\n  - { priority: 1, action: deny, match: 127.0.0.9 }\n";
    server = Frontends.start(Frontends.yaml(dir, top, "", listeners, 1));
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  private static String listener(int port) {
    return "listener=\"127.0.0.1:" + port + "\"";
  }

  @Test
  void aDenyRuleShouldCloseTheConnectionWithoutSendingAByte() throws Exception {
    try (LoopbackClient c = new LoopbackClient("127.0.0.1", rulesPort)) {
      assertThat(c.closedWithNothingSent()).isTrue();
    }
    String metrics = Frontends.metrics(server);
    assertThat(
            Frontends.sample(
                metrics,
                "mailtier_listener_refused_total{" + listener(rulesPort) + ",reason=\"rule\"}"))
        .isGreaterThanOrEqualTo(1);
  }

  @Test
  void anAllowRuleWithABetterPriorityShouldServeItsAddress() throws Exception {
    try (LoopbackClient c = new LoopbackClient("127.0.0.2", rulesPort)) {
      assertThat(c.readLine()).startsWith("* OK [CAPABILITY ");
      assertThat(c.command("a1", "NOOP")).isEqualTo("a1 OK NOOP completed");
    }
    assertThat(
            Frontends.sample(
                Frontends.metrics(server),
                "mailtier_listener_accepted_total{" + listener(rulesPort) + "}"))
        .isGreaterThanOrEqualTo(1);
  }

  @Test
  void globalRulesShouldApplyToAListenerWithoutRulesOfItsOwn() throws Exception {
    try (LoopbackClient c = new LoopbackClient("127.0.0.9", globalPort)) {
      assertThat(c.closedWithNothingSent()).isTrue();
    }
    try (LoopbackClient c = new LoopbackClient("127.0.0.10", globalPort)) {
      assertThat(c.readLine()).startsWith("* OK");
    }
    // the listener with rules of its own does not consult the global deny of 127.0.0.9
    try (LoopbackClient c = new LoopbackClient("127.0.0.9", rulesPort)) {
      assertThat(c.closedWithNothingSent()).isTrue(); // refused by its own deny 127.0.0.0/8
    }
  }

  @Test
  void aMalformedProxyHeaderShouldCloseTheConnectionWithoutSendingAByte() throws Exception {
    try (LoopbackClient c = new LoopbackClient("127.0.0.1", proxyPort)) {
      c.sendRaw("a1 LOGIN alice secret\r\n".getBytes(StandardCharsets.US_ASCII));
      assertThat(c.closedWithNothingSent()).isTrue();
    }
    try (LoopbackClient c = new LoopbackClient("127.0.0.1", proxyPort)) {
      c.sendRaw("PROXY TCP4 127.0.0.3 127.0.0.1 1234 143\r\n".getBytes(StandardCharsets.US_ASCII));
      assertThat(c.closedWithNothingSent()).as("a v1 header on a v2 listener").isTrue();
    }
    assertThat(
            Frontends.sample(
                Frontends.metrics(server),
                "mailtier_listener_refused_total{" + listener(proxyPort) + ",reason=\"proxy\"}"))
        .isEqualTo(2);
  }

  @Test
  void maxAuthFailuresShouldCloseTheSession() throws Exception {
    try (LoopbackClient c = new LoopbackClient("127.0.0.20", errorsPort)) {
      assertThat(c.readLine()).startsWith("* OK");
      assertThat(c.command("a1", "LOGIN mallory@example.test guess1"))
          .isEqualTo("a1 NO [AUTHENTICATIONFAILED] Authentication failed");
      c.send("a2 LOGIN mallory@example.test guess2");
      assertThat(c.readLine()).isEqualTo("a2 NO [AUTHENTICATIONFAILED] Authentication failed");
      assertThat(c.readLine()).isEqualTo("* BYE Too many authentication failures");
      assertThat(c.readLine()).isNull();
    }
  }

  @Test
  void theDefaultMaxAuthFailuresShouldBeThree() throws Exception {
    try (LoopbackClient c = new LoopbackClient("127.0.0.21", globalPort)) {
      c.readLine();
      assertThat(c.command("a1", "LOGIN mallory@example.test x")).startsWith("a1 NO");
      assertThat(c.command("a2", "LOGIN mallory@example.test x")).startsWith("a2 NO");
      c.send("a3 LOGIN mallory@example.test x");
      assertThat(c.readLine()).startsWith("a3 NO");
      assertThat(c.readLine()).isEqualTo("* BYE Too many authentication failures");
    }
  }

  @Test
  void aFloodFromOneAddressShouldHitThePerIpLimitWhileAnotherAddressIsServed() throws Exception {
    int attempts = 2000;
    List<LoopbackClient> held = new ArrayList<>();
    ExecutorService other = Executors.newSingleThreadExecutor();
    try {
      Future<Integer> servedMeanwhile =
          other.submit(() -> {
            int served = 0;
            for (int i = 0; i < 20; i++) {
              try (LoopbackClient c = new LoopbackClient("127.0.0.31", floodPort)) {
                String greeting = c.readLine();
                if (greeting != null && greeting.startsWith("* OK")) {
                  served++;
                }
              }
              Thread.sleep(25);
            }
            return served;
          });
      long heapBefore = usedHeapAfterGc();
      int greeted = 0;
      int refused = 0;
      long started = System.nanoTime();
      for (int i = 0; i < attempts; i++) {
        LoopbackClient c = new LoopbackClient("127.0.0.30", floodPort);
        String line = c.readLine();
        if (line != null && line.startsWith("* OK")) {
          greeted++;
          held.add(c);
        } else {
          assertThat(c.bytesRead()).isZero();
          refused++;
          c.close();
        }
      }
      long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
      long heapGrowth = usedHeapAfterGc() - heapBefore;
      System.out.printf(
          "flood: %d attempts in %d ms: %d greeted, %d refused; heap after GC grew by %d KiB%n",
          attempts, millis, greeted, refused, heapGrowth / 1024);
      // the refused connections leave nothing behind: a leak of even 16 KiB a connection would
      // show as 32 MiB (the front-end runs in this JVM)
      assertThat(heapGrowth).isLessThan(16L * 1024 * 1024);
      assertThat(greeted).isEqualTo(20);
      assertThat(refused).isEqualTo(attempts - 20);
      assertThat(servedMeanwhile.get(60, TimeUnit.SECONDS)).isEqualTo(20);
      assertThat(
              Frontends.sample(
                  Frontends.metrics(server),
                  "mailtier_listener_refused_total{" + listener(floodPort) + ",reason=\"per_ip\"}"))
          .isEqualTo(attempts - 20);
    } finally {
      other.shutdownNow();
      for (LoopbackClient c : held) {
        c.close();
      }
    }
    // the 20 slots come back when the flood's connections close
    boolean servedAgain = false;
    for (int i = 0; i < 50 && !servedAgain; i++) {
      try (LoopbackClient c = new LoopbackClient("127.0.0.30", floodPort)) {
        String line = c.readLine();
        servedAgain = line != null && line.startsWith("* OK");
      }
      if (!servedAgain) {
        Thread.sleep(100);
      }
    }
    assertThat(servedAgain).isTrue();
  }

  @Test
  void twoListenersOnOneAddressShouldBeAConfigurationErrorNamingTheKey() throws IOException {
    String yaml =
        Frontends.yaml(
            dir, "", "", "    - address: 0.0.0.0:1143\n    - address: 0.0.0.0:1143\n", 1);
    assertThatThrownBy(() -> FrontendConfig.parse(yaml, "frontend.yaml"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("imap.listeners[1].address")
        .hasMessageContaining("already the address of imap.listeners[0].address");
  }

  @Test
  void invalidListenerKeysShouldNameTheKey() throws IOException {
    String yaml =
        Frontends.yaml(
            dir,
            "",
            "",
            "    - address: 127.0.0.1:0\n      rules: [{priority: 1, action: deny, match: 10.0.0.1/8}]\n",
            1);
    assertThatThrownBy(() -> FrontendConfig.parse(yaml, "frontend.yaml"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("key 'imap.listeners[0].rules[0].match'")
        .hasMessageContaining("did you mean 10.0.0.0/8?");
    String lockout =
        Frontends.yaml(
            dir, "authLockout: {maxFailuresPerUser: -1}", "", "    - address: 127.0.0.1:0\n", 1);
    assertThatThrownBy(() -> FrontendConfig.parse(lockout, "frontend.yaml"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("key 'authLockout'")
        .hasMessageContaining("maxFailuresPerUser must be 0 (off) or a positive number");
  }

  /** Used heap of this JVM (client and front-end) after a full collection. */
  private static long usedHeapAfterGc() throws InterruptedException {
    java.lang.management.MemoryMXBean memory =
        java.lang.management.ManagementFactory.getMemoryMXBean();
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 3; i++) { // the lowest of three collections: less noise from the loops
      System.gc();
      Thread.sleep(50);
      used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
    }
    return used;
  }
}
