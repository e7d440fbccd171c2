package io.mailtier.frontend.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mailtier.frontend.FrontendMain;
import io.mailtier.frontend.FrontendServer;
import io.mailtier.frontend.config.FrontendConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The public API the launcher uses: start, ports, metrics, close, and the command line. */
class FrontendServerTest {
  @TempDir Path dir;

  private String yaml(String listener, String admin) throws Exception {
    Path map = dir.resolve("users.map");
    Files.writeString(map, "example\\.test$ mailstore-1.example.test\n");
    return """
    defaultDomain: example.test
    imap:
      listeners:
        - address: %s
    userMap:
      type: file
      file: %s
    backends:
      nodes:
        mailstore-1.example.test: 127.0.0.1:1
    %s
    """
        .formatted(listener, map, admin);
  }

  @Test
  void secondServerOnTheSamePortShouldFailToStart() throws Exception {
    try (FrontendServer first =
        FrontendServer.start(FrontendConfig.parse(yaml("127.0.0.1:0", ""), "a.yaml"))) {
      assertThat(first.imapPort()).isPositive();
      assertThat(first.adminPort()).isEqualTo(-1);
      String taken = "127.0.0.1:" + first.imapPort();
      assertThatThrownBy(
              () -> FrontendServer.start(FrontendConfig.parse(yaml(taken, ""), "b.yaml")))
          .isInstanceOf(Exception.class);
    }
  }

  @Test
  void adminEndpointShouldExposeHealthAndSessionLoginAndCommandMetrics() throws Exception {
    try (TestCluster cluster = TestCluster.start(dir)) {
      cluster.resetAccounts();
      try (ImapTestClient c = new ImapTestClient(cluster.imapPort())) {
        c.readLine();
        c.command("a1", "LOGIN alice wrong");
        c.command("a2", "LOGIN alice alice-secret");
        c.command("a3", "NOOP");
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        String base = "http://127.0.0.1:" + cluster.frontend().adminPort();
        HttpResponse<String> live =
            http.send(
                HttpRequest.newBuilder(URI.create(base + "/health/live")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(live.statusCode()).isEqualTo(200);
        String metrics =
            http.send(
                    HttpRequest.newBuilder(URI.create(base + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString())
                .body();
        assertThat(metrics)
            .contains("mailtier_imap_sessions_active 1.0")
            .containsPattern("mailtier_imap_logins_total\\{result=\"ok\"} 1.0")
            .containsPattern("mailtier_imap_logins_total\\{result=\"failed\"} 1.0")
            .containsPattern("mailtier_imap_commands_total\\{command=\"NOOP\"} 1.0");
      }
    }
  }

  @Test
  void closingTheServerShouldSayByeToOpenSessions() throws Exception {
    FrontendServer server =
        FrontendServer.start(FrontendConfig.parse(yaml("127.0.0.1:0", ""), "c.yaml"));
    try (ImapTestClient c = new ImapTestClient(server.imapPort())) {
      assertThat(c.readLine()).startsWith("* OK");
      server.close();
      assertThat(c.readLine()).isEqualTo("* BYE Server shutting down");
      assertThat(c.closedByServer()).isTrue();
    } finally {
      server.close();
    }
  }

  @Test
  void fixedPortListenerShouldServeManySessionsAcrossItsInstancesAndSayByeToAll() throws Exception {
    int port;
    try (java.net.ServerSocket probe =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = probe.getLocalPort();
    }
    FrontendServer server =
        FrontendServer.start(FrontendConfig.parse(yaml("127.0.0.1:" + port, ""), "d.yaml"));
    java.util.List<ImapTestClient> clients = new java.util.ArrayList<>();
    try {
      assertThat(server.imapPort()).isEqualTo(port);
      for (int i = 0; i < 8; i++) {
        ImapTestClient c = new ImapTestClient(port);
        clients.add(c);
        assertThat(c.readLine()).startsWith("* OK");
        assertThat(c.command("n" + i, "NOOP")).isEqualTo("n" + i + " OK NOOP completed");
      }
      server.close();
      for (ImapTestClient c : clients) {
        assertThat(c.readLine()).isEqualTo("* BYE Server shutting down");
      }
    } finally {
      server.close();
      for (ImapTestClient c : clients) {
        c.close();
      }
    }
  }

  @Test
  void mainShouldExitWithTwoAndOneLineOnABadConfiguration() throws Exception {
    Path bad = dir.resolve("bad.yaml");
    Files.writeString(bad, "defaultDomain: example.test\nimap:\n  listeners: []\n");
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream old = System.err;
    int code;
    try {
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      code = new CommandLine(new FrontendMain()).execute("--config", bad.toString());
    } finally {
      System.setErr(old);
    }
    assertThat(code).isEqualTo(FrontendMain.EXIT_BAD_CONFIG);
    String message = err.toString(StandardCharsets.UTF_8).strip();
    assertThat(message).doesNotContain("\n").contains("bad.yaml").contains("listeners");
  }

  @Test
  void mainShouldExitWithTwoWhenTheFileIsMissing() {
    int code =
        new CommandLine(new FrontendMain())
            .execute("--config", dir.resolve("missing.yaml").toString());
    assertThat(code).isEqualTo(FrontendMain.EXIT_BAD_CONFIG);
  }
}
