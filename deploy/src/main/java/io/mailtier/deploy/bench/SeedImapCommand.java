package io.mailtier.deploy.bench;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mailtier bench seed-imap}: fills every user's INBOX to M messages of S bytes. */
@Command(
    name = "seed-imap",
    mixinStandardHelpOptions = true,
    description = {
      "APPEND messages to each user's INBOX until it holds --messages of them, so every server",
      "under test has the same mail. Run it again: it only tops up."
    },
    sortOptions = false)
final class SeedImapCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin TargetOptions target;

  @Option(
      names = {"-m", "--messages"},
      paramLabel = "M",
      description = "Messages per INBOX (default: ${DEFAULT-VALUE}).")
  int messages = 50;

  @Option(
      names = {"-s", "--size"},
      paramLabel = "BYTES",
      description = "Size of each message in bytes (default: ${DEFAULT-VALUE}).")
  int size = 4096;

  @Option(
      names = {"-c", "--concurrency"},
      paramLabel = "N",
      description = "Users seeded at once (default: ${DEFAULT-VALUE}).")
  int concurrency = 8;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    if (messages < 0 || messages > 100_000 || size < 200 || size > 50_000_000) {
      spec.commandLine()
          .getErr()
          .println("mailtier bench seed-imap: --messages 0..100000, --size 200..50000000");
      return 2;
    }
    UserSet users = target.userSet();
    ImapSeeder.Result r = ImapSeeder.seed(target.target(), users, messages, size, concurrency);
    out.printf(
        Locale.ROOT,
        "seeded %d users at %s: %d messages appended (%.1f MB) in %.1f s%n",
        users.size(),
        target.target(),
        r.appended(),
        r.bytes() / 1e6,
        r.seconds());
    r.errors().forEach(e -> out.println("  error: " + e));
    out.flush();
    return r.errors().isEmpty() ? 0 : 3;
  }
}
