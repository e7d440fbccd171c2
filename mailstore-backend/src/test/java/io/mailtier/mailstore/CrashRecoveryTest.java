package io.mailtier.mailstore;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.mailtier.mailstore.grpc.MailStoreClient;
import io.mailtier.proto.mailstore.v1.AppendResponse;
import io.mailtier.proto.mailstore.v1.FetchRequest;
import io.mailtier.proto.mailstore.v1.GetQuotaRequest;
import io.mailtier.proto.mailstore.v1.ProvisionAccountRequest;
import io.mailtier.proto.mailstore.v1.SelectFolderRequest;
import io.mailtier.proto.mailstore.v1.UidRange;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a node (SIGKILL) in the middle of concurrent appends and checks, on the restarted node,
 * that every acknowledged message is there exactly once and intact, and nothing partial is.
 */
class CrashRecoveryTest {
  private static final String ACCOUNT = "crash@example.test";
  private static final Pattern LINE = Pattern.compile("mailstore (\\S+) gRPC on (\\S+):(\\d+)");
  private static final Pattern MARKER = Pattern.compile("X-Marker: (T\\d+-\\d+)\r\n");
  private static final int THREADS = 4;
  private static final int KILL_AFTER_ACKS = 120;
  private static final long KILL_AFTER_MILLIS = 8_000;

  @TempDir Path dir;

  /** The exact bytes of the message with a marker: header, seeded body, trailer. */
  static byte[] messageFor(String marker) {
    Random r = new Random(marker.hashCode());
    int bodySize = 200 + r.nextInt(r.nextInt(10) == 0 ? 600_000 : 20_000);
    StringBuilder b =
        new StringBuilder(
            "From: test@example.test\r\nX-Marker: " + marker + "\r\nSubject: crash\r\n\r\n");
    String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
    for (int i = 0; i < bodySize; i++) {
      b.append(i % 77 == 76 ? '\n' : alphabet.charAt(r.nextInt(alphabet.length())));
    }
    b.append("\r\n--END ").append(marker).append("--\r\n");
    return b.toString().getBytes(StandardCharsets.US_ASCII);
  }

  private Process startChild(Path config, Path log) throws IOException {
    String java = ProcessHandle.current().info().command().orElse("java");
    ProcessBuilder pb =
        new ProcessBuilder(
            java,
            "--enable-native-access=ALL-UNNAMED",
            "-Xmx256m",
            "-cp",
            System.getProperty("java.class.path"),
            MailstoreMain.class.getName(),
            "--config",
            config.toString());
    pb.redirectError(log.toFile());
    return pb.start();
  }

  /** Waits (bounded) for the "gRPC on host:port" line and returns the port. */
  private static int awaitPort(Process p) throws Exception {
    BlockingQueue<String> lines = new ArrayBlockingQueue<>(100);
    Thread reader =
        Thread.ofPlatform()
            .daemon()
            .start(() -> {
              try (BufferedReader in =
                  new BufferedReader(
                      new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                  lines.offer(line);
                }
              } catch (IOException e) {
                // the child died
              }
            });
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      String line = lines.poll(200, TimeUnit.MILLISECONDS);
      if (line != null) {
        Matcher m = LINE.matcher(line);
        if (m.find()) {
          return Integer.parseInt(m.group(3));
        }
      }
      if (!p.isAlive()) {
        break;
      }
    }
    reader.interrupt();
    throw new AssertionError("the child node did not print its port");
  }

  private Path writeConfig(String extra) throws IOException {
    Path config = dir.resolve("mailstore.yaml");
    Files.writeString(
        config,
        "nodeName: crashy\ngrpcAddress: 127.0.0.1:0\ndataDir: "
            + dir.resolve("data")
            + "\ngrpcThreads: 8\n"
            + extra);
    return config;
  }

  @Test
  @Timeout(value = 90, unit = TimeUnit.SECONDS)
  void everyAcknowledgedMessageShouldSurviveSigkillExactlyOnceAndIntact() throws Exception {
    Path config = writeConfig("");
    Process child = startChild(config, dir.resolve("child.log"));
    Map<String, Integer> acked = new ConcurrentHashMap<>();
    try {
      int port = awaitPort(child);
      ManagedChannel channel =
          NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
      try {
        MailStoreClient client = new MailStoreClient(channel);
        client
            .blocking()
            .provisionAccount(ProvisionAccountRequest.newBuilder().setAccount(ACCOUNT).build());
        AtomicInteger ackCount = new AtomicInteger();
        long stopAt = System.currentTimeMillis() + 20_000;
        List<Thread> writers = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
          int thread = t;
          writers.add(
              Thread.ofPlatform()
                  .start(() -> {
                    for (int n = 0; n < 5_000 && System.currentTimeMillis() < stopAt; n++) {
                      String marker = "T" + thread + "-" + n;
                      try {
                        AppendResponse r =
                            client.append(
                                ACCOUNT,
                                "INBOX",
                                messageFor(marker),
                                16 * 1024,
                                messageFor(marker).length);
                        acked.put(marker, r.getUid());
                        ackCount.incrementAndGet();
                      } catch (Exception e) {
                        return; // the node was killed
                      }
                    }
                  }));
        }
        long killAt = System.currentTimeMillis() + KILL_AFTER_MILLIS;
        while (ackCount.get() < KILL_AFTER_ACKS && System.currentTimeMillis() < killAt) {
          Thread.sleep(5);
        }
        child.destroyForcibly();
        assertThat(child.waitFor(15, TimeUnit.SECONDS)).isTrue();
        for (Thread w : writers) {
          w.join(TimeUnit.SECONDS.toMillis(40));
          assertThat(w.isAlive()).isFalse();
        }
      } finally {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
    } finally {
      child.destroyForcibly();
      child.waitFor(15, TimeUnit.SECONDS);
    }
    assertThat(acked).isNotEmpty();

    MailstoreConfig restart =
        new MailstoreConfig("crashy", "127.0.0.1:0", dir.resolve("data"), null, 0, 4);
    try (MailstoreNode node = MailstoreNode.start(restart)) {
      ManagedChannel channel =
          NettyChannelBuilder.forAddress("127.0.0.1", node.grpcPort()).usePlaintext().build();
      try {
        MailStoreClient client = new MailStoreClient(channel);
        var selected =
            client
                .blocking()
                .selectFolder(
                    SelectFolderRequest.newBuilder()
                        .setAccount(ACCOUNT)
                        .setFolder("INBOX")
                        .build());
        var fetched =
            client.fetch(
                FetchRequest.newBuilder()
                    .setAccount(ACCOUNT)
                    .setFolder("INBOX")
                    .addUids(UidRange.newBuilder().setFirst(1).setLast(0))
                    .setBody(true)
                    .setSize(true)
                    .build());
        Map<String, Integer> stored = new HashMap<>();
        int previousUid = 0;
        for (var m : fetched.values()) {
          int uid = m.meta().getUid();
          assertThat(uid).isGreaterThan(previousUid);
          previousUid = uid;
          String text = new String(m.body(), StandardCharsets.US_ASCII);
          Matcher mk = MARKER.matcher(text);
          assertThat(mk.find()).as("message %d carries a marker", uid).isTrue();
          String marker = mk.group(1);
          assertThat(stored.put(marker, uid)).as("marker %s stored once", marker).isNull();
          assertThat(m.body())
              .as("message %s is complete and intact", marker)
              .isEqualTo(messageFor(marker));
          assertThat(m.meta().getSize()).isEqualTo(m.body().length);
        }
        for (Map.Entry<String, Integer> a : acked.entrySet()) {
          assertThat(stored)
              .as("acknowledged %s present", a.getKey())
              .containsEntry(a.getKey(), a.getValue());
        }
        System.out.printf(
            "crash test: %d acknowledged, %d stored after restart%n", acked.size(), stored.size());
        assertThat(selected.getUidsCount()).isEqualTo(fetched.size());
        assertThat(Integer.toUnsignedLong(selected.getStatus().getUidNext()))
            .isGreaterThan(previousUid);
        var quota =
            client
                .blocking()
                .getQuota(GetQuotaRequest.newBuilder().setAccount(ACCOUNT).build())
                .getQuota();
        assertThat(quota.getMessagesUsed()).isEqualTo(fetched.size());

        AppendResponse after = client.append(ACCOUNT, "INBOX", messageFor("T9-0"));
        assertThat(after.getUid()).isGreaterThan(previousUid);
      } finally {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
    }
    try (var spools = Files.list(dir.resolve("data/tmp"))) {
      assertThat(spools.toList()).isEmpty();
    }
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void mainShouldStopGracefullyOnSigtermAndExit2OnBadConfig() throws Exception {
    Process child = startChild(writeConfig(""), dir.resolve("term.log"));
    try {
      awaitPort(child);
      child.destroy();
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(Files.readString(dir.resolve("term.log"))).contains("stopped");
    } finally {
      child.destroyForcibly();
    }
    Process bad = startChild(writeConfig("bogusKey: 1\n"), dir.resolve("bad.log"));
    try {
      assertThat(bad.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(bad.exitValue()).isEqualTo(2);
      List<String> err = Files.readAllLines(dir.resolve("bad.log"));
      assertThat(err).hasSize(1);
      assertThat(err.get(0)).contains("bogusKey");
    } finally {
      bad.destroyForcibly();
    }
  }
}
