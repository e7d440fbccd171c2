package io.mailtier.deploy.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailtier.deploy.MailtierCli;
import io.mailtier.deploy.local.LocalCluster;
import io.mailtier.deploy.local.LocalClusterOptions;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code mailtier bench} through its command line against the real local cluster (directory, two
 * nodes, front-end) on ephemeral ports: seeding, a short sessions run, a fetch-bodies run, and the
 * errors a wrong password produces.
 */
class ImapBenchAgainstLocalClusterTest {
  @TempDir static Path data;
  static LocalCluster cluster;

  @BeforeAll
  static void startAndSeed() throws Exception {
    cluster =
        LocalCluster.start(
            new LocalClusterOptions(data, "127.0.0.1", LocalClusterOptions.Ports.EPHEMERAL, 4));
    Run seed = cli("bench", "seed-imap", "-m", "12", "-s", "2048", "-c", "4");
    assertThat(seed.exit).as(seed.out).isZero();
    assertThat(seed.out).contains("48 messages appended");
    Run again = cli("bench", "seed-imap", "-m", "12", "-s", "2048");
    assertThat(again.out).as("seeding only tops up").contains("0 messages appended");
  }

  @AfterAll
  static void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void sessionsModeShouldCompleteSessionsWithoutErrors() {
    Run r =
        cli(
            "bench",
            "imap",
            "--mode",
            "sessions",
            "-c",
            "4",
            "-d",
            "2s",
            "--warmup",
            "0",
            "--json");
    assertThat(r.exit).as(r.out + r.err).isZero();
    assertThat(number(r.out, "sessions")).isGreaterThan(0);
    assertThat(number(r.out, "errors_total")).isZero();
    assertThat(r.out).contains("\"session\": {\"count\": ");
    assertThat(r.out).contains("\"load_average_before\"");
  }

  @Test
  void fetchBodiesModeShouldCountTheSeededBytes() {
    Run r =
        cli(
            "bench",
            "imap",
            "--mode",
            "fetch-bodies",
            "-c",
            "2",
            "-d",
            "1s",
            "--warmup",
            "0",
            "--fetch-batch",
            "3");
    assertThat(r.exit).as(r.out + r.err).isZero();
    assertThat(r.out).contains("errors: none");
    Matcher m = Pattern.compile("messages per second\\s+([\\d,.]+)").matcher(r.out);
    assertThat(m.find()).as(r.out).isTrue();
    assertThat(Double.parseDouble(m.group(1).replace(",", ""))).isGreaterThan(0);
  }

  @Test
  void wrongPasswordShouldBeCountedAsLoginErrorsAndFailTheRun() {
    Run r =
        cli(
            "bench",
            "imap",
            "--password",
            "wrong",
            "-c",
            "2",
            "-d",
            "1s",
            "--warmup",
            "0",
            "--max-count",
            "20",
            "--json");
    assertThat(r.exit).isEqualTo(3);
    assertThat(number(r.out, "sessions")).isZero();
    assertThat(r.out).containsPattern("\"LOGIN NO\": [1-9]");
  }

  @Test
  void badOptionsShouldBeRefusedBeforeConnecting() {
    assertThat(cli("bench", "imap", "--mode", "nonsense").exit).isEqualTo(2);
    assertThat(cli("bench", "imap", "-c", "0").exit).isEqualTo(2);
    assertThat(cli("bench", "imap", "-d", "2h").exit).isEqualTo(2);
  }

  @Test
  void sessionsModeShouldWorkOverImplicitTls() {
    Run r =
        cli(cluster.imapsPort(), "bench", "imap", "--tls", "-c", "2", "-d", "1s", "--warmup", "0");
    assertThat(r.exit).as(r.out + r.err).isZero();
    assertThat(r.out).contains("(TLS)").contains("errors: none");
  }

  private record Run(int exit, String out, String err) {}

  private static Run cli(String... args) {
    return cli(cluster.imapPort(), args);
  }

  /** Runs the real CLI, pointed at the cluster's IMAP port with its benchmark accounts. */
  private static Run cli(int port, String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(
        List.of(
            "--port", String.valueOf(port), "--users", "user%d@example.test", "--user-count", "4"));
    if (!all.contains("--password")) {
      all.addAll(List.of("--password", "bench"));
    }
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = new CommandLine(new MailtierCli());
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int exit = cl.execute(all.toArray(String[]::new));
    return new Run(exit, out.toString(), err.toString());
  }

  private static double number(String json, String key) {
    Matcher m = Pattern.compile("\"" + key + "\": ([0-9.]+)").matcher(json);
    assertThat(m.find()).as("%s in %s", key, json).isTrue();
    return Double.parseDouble(m.group(1));
  }
}
