package io.mailtier.mailstore;

import io.mailtier.common.config.ConfigException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Runs one mailstore node until SIGTERM/SIGINT. */
@Command(
    name = "mailstore",
    mixinStandardHelpOptions = true,
    description = "Runs a mailtier mailstore node.")
public final class MailstoreMain implements Callable<Integer> {
  /** The environment variable naming the configuration file when --config is absent. */
  public static final String CONFIG_ENV = "MAILTIER_MAILSTORE_CONFIG";

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "The YAML configuration file (default: $" + CONFIG_ENV + ").")
  Path config;

  /** The logging configuration used unless {@code -Dlogback.configurationFile} names another. */
  static final String DEFAULT_LOGGING = "io/mailtier/mailstore/logback-mailstore.xml";

  public static void main(String[] args) {
    if (System.getProperty("logback.configurationFile") == null) {
      System.setProperty("logback.configurationFile", DEFAULT_LOGGING);
    }
    System.exit(new CommandLine(new MailstoreMain()).execute(args));
  }

  @Override
  public Integer call() {
    Path file = config;
    if (file == null) {
      String env = System.getenv(CONFIG_ENV);
      if (env == null || env.isBlank()) {
        System.err.println("mailstore: no configuration: pass --config FILE or set " + CONFIG_ENV);
        return 2;
      }
      file = Path.of(env);
    }
    MailstoreConfig cfg;
    try {
      cfg = MailstoreConfig.load(file);
    } catch (ConfigException e) {
      System.err.println("mailstore: bad configuration: " + e.getMessage().replace('\n', ' '));
      return 2;
    }
    MailstoreNode node;
    try {
      node = MailstoreNode.start(cfg);
    } catch (IOException | RuntimeException e) {
      System.err.println("mailstore: cannot start: " + e.getMessage());
      return 1;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  node.close();
                  stopped.countDown();
                },
                "mailstore-shutdown"));
    String host = MailstoreConfig.HostPort.parse(cfg.grpcAddress(), "grpcAddress").host();
    System.out.println("mailstore " + node.nodeName() + " gRPC on " + host + ":" + node.grpcPort());
    System.out.flush();
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 0;
  }
}
