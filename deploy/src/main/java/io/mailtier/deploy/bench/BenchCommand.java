package io.mailtier.deploy.bench;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code mailtier bench}: load tools for measuring a running server. */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = "Load tools: measure a running IMAP server (mailtier or any other).",
    subcommands = {ImapBenchCommand.class, SeedImapCommand.class, CommandLine.HelpCommand.class})
public final class BenchCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
