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

  /** Hazelcast settings that let a test see a member leave within seconds. */
  static final java.util.List<String> FAST_HAZELCAST =
      java.util.List.of(
          "-Dhazelcast.wait.seconds.before.join=0",
          "-Dhazelcast.heartbeat.interval.seconds=1",
          "-Dhazelcast.max.no.heartbeat.seconds=5");

  /** Applies {@link #FAST_HAZELCAST} to this JVM. */
  static void fastHazelcast() {
    for (String property : FAST_HAZELCAST) {
      String[] kv = property.substring(2).split("=", 2);
      System.setProperty(kv[0], kv[1]);
    }
  }

  /**
   * Starts a front-end in a child JVM ({@code FrontendMain}) with {@link #FAST_HAZELCAST}; its
   * output goes to {@code log}.
   */
  static Process startChild(Path config, Path log) throws IOException {
    String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    java.util.List<String> command =
        new java.util.ArrayList<>(java.util.List.of(javaBin, "-Xmx256m"));
    command.addAll(FAST_HAZELCAST);
    command.addAll(
        java.util.List.of(
            "-cp",
            System.getProperty("java.class.path"),
            io.mailtier.frontend.FrontendMain.class.getName(),
            "--config",
            config.toString()));
    return new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
  }

  /**
   * The port of the first listener of a protocol that a child front-end prints once it is up
   * ({@code imap 127.0.0.1:PORT}, {@code pop3 127.0.0.1:PORT}); waits up to 60 s.
   */
  static int childPort(Process child, Path log, String protocol) throws Exception {
    java.util.regex.Pattern endpoint =
        java.util.regex.Pattern.compile("(?m)^" + protocol + " 127\\.0\\.0\\.1:(\\d+)$");
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      String text = Files.readString(log);
      if (!child.isAlive()) {
        throw new AssertionError("the child front-end exited:\n" + text);
      }
      java.util.regex.Matcher m = endpoint.matcher(text);
      if (m.find()) {
        return Integer.parseInt(m.group(1));
      }
      Thread.sleep(100);
    }
    throw new AssertionError("the child front-end did not start within 60 s");
  }

  /** Provisions an account on a node through its gRPC API. */
  static void provision(io.grpc.Channel node, String account, String password) {
    io.mailtier.proto.mailstore.v1.MailStoreGrpc.newBlockingStub(node)
        .withDeadlineAfter(10, java.util.concurrent.TimeUnit.SECONDS)
        .provisionAccount(
            io.mailtier.proto.mailstore.v1.ProvisionAccountRequest.newBuilder()
                .setAccount(account)
                .setPassword(password)
                .build());
  }

  /** Waits up to 60 s until a front-end sees {@code members} members in its cluster. */
  static void awaitMembers(FrontendServer server, int members) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (server.clusterMembers() < members && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    org.assertj.core.api.Assertions.assertThat(server.clusterMembers())
        .as("front-ends in one cluster")
        .isEqualTo(members);
  }

  /** Kills a child front-end (if still alive) and waits for it to go. */
  static void stopChild(Process child) throws InterruptedException {
    if (child != null) {
      child.destroyForcibly();
      child.waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
    }
  }

  /** Whether a command line tool runs and exits 0 (e.g. {@code python3 -c "import poplib"}). */
  static boolean available(String... command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(10, java.util.concurrent.TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
