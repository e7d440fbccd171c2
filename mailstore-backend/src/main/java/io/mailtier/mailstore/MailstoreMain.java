package io.mailtier.mailstore;

import io.mailtier.common.service.ServiceRunner;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Runs one mailstore node until SIGTERM/SIGINT. Prints {@code mailstore <node> gRPC on
 * <host>:<port>} on stdout once it serves; logs go to stderr.
 */
@Command(
    name = "mailstore",
    mixinStandardHelpOptions = true,
    description = "Runs a mailtier mailstore node.")
public final class MailstoreMain implements Callable<Integer> {
  /** The environment variable naming the configuration file when --config is absent. */
  public static final String CONFIG_ENV = "MAILTIER_MAILSTORE_CONFIG";

  /** The logging configuration used unless {@code -Dlogback.configurationFile} names another. */
  static final String DEFAULT_LOGGING = "io/mailtier/mailstore/logback-mailstore.xml";

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "The YAML configuration file (default: $" + CONFIG_ENV + ").")
  Path config;

  public static void main(String[] args) {
    ServiceRunner.useDefaultLogging(DEFAULT_LOGGING);
    System.exit(new CommandLine(new MailstoreMain()).execute(args));
  }

  @Override
  public Integer call() {
    return ServiceRunner.run(
        "mailstore",
        config,
        CONFIG_ENV,
        MailstoreConfig::load,
        MailstoreNode::start,
        (cfg, node) ->
            List.of(
                "mailstore "
                    + node.nodeName()
                    + " gRPC on "
                    + MailstoreConfig.HostPort.parse(cfg.grpcAddress(), "grpcAddress").host()
                    + ":"
                    + node.grpcPort()),
        System.out,
        System.err);
  }
}
