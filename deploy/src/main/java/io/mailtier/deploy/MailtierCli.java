package io.mailtier.deploy;

import io.mailtier.deploy.bench.BenchCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code mailtier} command: the local launcher and, later, the operator's tools. */
@Command(
    name = "mailtier",
    mixinStandardHelpOptions = true,
    versionProvider = MailtierCli.Version.class,
    description =
        "mailtier: a clustered mail tier. Run the whole cluster locally with 'up'; measure a"
            + " server with 'bench'.",
    subcommands = {UpCommand.class, BenchCommand.class, CommandLine.HelpCommand.class})
public final class MailtierCli {
  public static void main(String[] args) {
    System.exit(new CommandLine(new MailtierCli()).execute(args));
  }

  /** The version from the jar manifest (or "development" when run from classes). */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = MailtierCli.class.getPackage().getImplementationVersion();
      return new String[] {"mailtier " + (v == null ? "development" : v)};
    }
  }
}
