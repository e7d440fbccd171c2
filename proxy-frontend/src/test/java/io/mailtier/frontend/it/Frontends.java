package io.mailtier.frontend.it;

import io.mailtier.frontend.FrontendServer;
import io.mailtier.frontend.config.FrontendConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** Front-end configurations for the listener tests: file user map, one back-end node. */
final class Frontends {
  private Frontends() {}

  /**
   * A front-end YAML.
   *
   * @param top top-level keys (rules, hazelcast, authLockout), unindented; may be empty
   * @param imapExtra IMAP service keys, indented by two spaces; may be empty
   * @param listeners the list items under {@code imap.listeners}, indented by four spaces
   * @param nodePort the port of {@code mailstore-1.example.test} (1 = none)
   */
  static String yaml(Path dir, String top, String imapExtra, String listeners, int nodePort)
      throws IOException {
    Path map = dir.resolve("users.map");
    Files.writeString(
        map,
        "^alice@example\\.test$ mailstore-1.example.test\n"
            + "^bob@example\\.test$ mailstore-1.example.test\n");
    return """
    defaultDomain: example.test
    %s
    imap:
    %s
      listeners:
    %s
    userMap:
      type: file
      file: %s
    backends:
      nodes:
        mailstore-1.example.test: 127.0.0.1:%d
      deadline: 2s
    admin:
      address: 127.0.0.1:0
    """
        .formatted(top, imapExtra, listeners, map, nodePort);
  }

  static FrontendServer start(String yaml) throws Exception {
    return FrontendServer.start(FrontendConfig.parse(yaml, "test.yaml"));
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** The Prometheus text of a front-end's admin endpoint. */
  static String metrics(FrontendServer server) throws Exception {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    return http.send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server.adminPort() + "/metrics"))
                .timeout(Duration.ofSeconds(5))
                .build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  /** The value of one sample line ({@code name{labels}}) in Prometheus text; 0 when absent. */
  static double sample(String metrics, String nameAndLabels) {
    for (String line : metrics.split("\n")) {
      if (line.startsWith(nameAndLabels + " ")) {
        return Double.parseDouble(line.substring(nameAndLabels.length() + 1).trim());
      }
    }
    return 0;
  }

  /**
   * Hazelcast properties for tests with several members in one or more JVMs: no join delay, and a
   * member that stops answering is declared dead after 5 s (the defaults wait much longer).
   */
  static final java.util.List<String> FAST_HAZELCAST =
      java.util.List.of(
          "hazelcast.wait.seconds.before.join=0",
          "hazelcast.heartbeat.interval.seconds=1",
          "hazelcast.max.no.heartbeat.seconds=5");

  /** Sets {@link #FAST_HAZELCAST} for the members this JVM starts. */
  static void fastHazelcast() {
    for (String p : FAST_HAZELCAST) {
      int eq = p.indexOf('=');
      System.setProperty(p.substring(0, eq), p.substring(eq + 1));
    }
  }

  /** A mailstore node named {@code name} on a free port, its data in {@code dir/node}. */
  static io.mailtier.mailstore.MailstoreNode node(Path dir, String name) throws Exception {
    return io.mailtier.mailstore.MailstoreNode.start(
        new io.mailtier.mailstore.MailstoreConfig(
            name, "127.0.0.1:0", Files.createDirectories(dir.resolve("node")), null, 0, 0));
  }
}
