package io.mailtier.deploy.bench;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mailtier bench imap}: the IMAP load generator (sessions, fetch-bodies, idle). */
@Command(
    name = "imap",
    mixinStandardHelpOptions = true,
    description = {
      "Load an IMAP server and report throughput, latency percentiles and errors by kind.",
      "Modes:",
      "  sessions      each client loops: connect, LOGIN, SELECT INBOX,"
          + " FETCH 1:10 (FLAGS RFC822.SIZE), LOGOUT",
      "  fetch-bodies  logged-in clients FETCH n:m BODY.PEEK[] in a loop (MB/s, messages/s)",
      "  idle          K sessions in IDLE, then one APPEND per user; time until each sees EXISTS",
      "Seed the mailboxes first with 'mailtier bench seed-imap'."
    },
    sortOptions = false)
final class ImapBenchCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin TargetOptions target;

  @Option(
      names = "--mode",
      paramLabel = "MODE",
      description = "sessions, fetch-bodies or idle (default: ${DEFAULT-VALUE}).")
  String mode = "sessions";

  @Option(
      names = {"-c", "--concurrency"},
      paramLabel = "N",
      description =
          "Simultaneous clients; in idle mode, sessions set up at once (default: ${DEFAULT-VALUE}).")
  int concurrency = 16;

  @Option(
      names = {"-d", "--duration"},
      paramLabel = "DURATION",
      converter = TargetOptions.DurationConverter.class,
      description = "Measured time after the warm-up, at most 1h (default: ${DEFAULT-VALUE}).")
  Duration duration = Duration.ofSeconds(10);

  @Option(
      names = "--warmup",
      paramLabel = "DURATION",
      converter = TargetOptions.DurationConverter.class,
      description = "Unmeasured run before measuring (default: ${DEFAULT-VALUE}).")
  Duration warmup = Duration.ofSeconds(2);

  @Option(
      names = "--max-count",
      paramLabel = "N",
      description =
          "Stop after this many measured sessions (fetch-bodies: FETCH commands)"
              + " (default: ${DEFAULT-VALUE}).")
  long maxCount = 10_000_000;

  @Option(
      names = "--fetch-batch",
      paramLabel = "N",
      description = "fetch-bodies: messages per FETCH command (default: ${DEFAULT-VALUE}).")
  int fetchBatch = 1;

  @Option(
      names = "--idle-sessions",
      paramLabel = "K",
      description = "idle: concurrent IDLE sessions, at most 50000 (default: ${DEFAULT-VALUE}).")
  int idleSessions = 100;

  @Option(
      names = "--idle-rounds",
      paramLabel = "N",
      description =
          "idle: deliveries, one APPEND per idling user each (default: ${DEFAULT-VALUE}).")
  int idleRounds = 3;

  @Option(
      names = "--idle-wait",
      paramLabel = "DURATION",
      converter = TargetOptions.DurationConverter.class,
      description =
          "idle: how long a round waits for every EXISTS; later ones count as errors"
              + " (default: ${DEFAULT-VALUE}).")
  Duration idleWait = Duration.ofSeconds(10);

  @Option(
      names = "--metrics-url",
      paramLabel = "URL",
      description =
          "idle: the target's Prometheus /metrics (jvm_memory_used_bytes) to report its heap,"
              + " e.g. http://127.0.0.1:9101/metrics.")
  String metricsUrl;

  @Option(
      names = "--gc-command",
      paramLabel = "COMMAND",
      description =
          "idle: a shell command run before each heap sample, e.g. 'jcmd PID GC.run', so the"
              + " heap is compared after a collection.")
  String gcCommand;

  @Option(names = "--json", description = "Print the report as JSON.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    ImapBench.Mode m;
    try {
      m = ImapBench.Mode.valueOf(mode.strip().toUpperCase(Locale.ROOT).replace('-', '_'));
    } catch (IllegalArgumentException e) {
      spec.commandLine()
          .getErr()
          .println("unknown --mode " + mode + ": sessions, fetch-bodies, idle");
      return 2;
    }
    ImapBench.Settings settings;
    try {
      settings =
          new ImapBench.Settings(
              m,
              target.target(),
              target.userSet(),
              concurrency,
              duration,
              warmup,
              maxCount,
              fetchBatch,
              idleSessions,
              idleRounds,
              idleWait,
              metricsUrl,
              gcCommand);
    } catch (IllegalArgumentException e) {
      spec.commandLine().getErr().println("mailtier bench imap: " + e.getMessage());
      return 2;
    }
    BenchReport report = new ImapBench(settings).run();
    out.print(json ? report.toJson() : report.toText());
    out.flush();
    return report.errorCount() == 0 ? 0 : 3;
  }
}
