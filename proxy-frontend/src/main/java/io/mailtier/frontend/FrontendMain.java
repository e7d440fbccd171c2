package io.mailtier.frontend;

import io.mailtier.common.config.ConfigException;
import io.mailtier.frontend.config.FrontendConfig;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Runs a front-end from its YAML file until SIGTERM. */
@Command(
    name = "mailtier-frontend",
    mixinStandardHelpOptions = true,
    description = "The mailtier front-end: IMAP proxy to the mailstore nodes.")
public final class FrontendMain implements Callable<Integer> {
  /** The exit status for a configuration that cannot be used. */
  public static final int EXIT_BAD_CONFIG = 2;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      defaultValue = "${env:MAILTIER_FRONTEND_CONFIG}",
      description = "The YAML configuration file (default: $MAILTIER_FRONTEND_CONFIG).")
  Path config;

  /** The logging configuration used unless {@code -Dlogback.configurationFile} names another. */
  static final String DEFAULT_LOGGING = "io/mailtier/frontend/logback-frontend.xml";

  public static void main(String[] args) {
    if (System.getProperty("logback.configurationFile") == null) {
      System.setProperty("logback.configurationFile", DEFAULT_LOGGING);
    }
    System.exit(new CommandLine(new FrontendMain()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    if (config == null) {
      System.err.println(
          "mailtier-frontend: no configuration: pass --config FILE or set MAILTIER_FRONTEND_CONFIG");
      return EXIT_BAD_CONFIG;
    }
    FrontendConfig cfg;
    FrontendServer server;
    try {
      cfg = FrontendConfig.load(config);
      server = FrontendServer.start(cfg);
    } catch (ConfigException e) {
      System.err.println("mailtier-frontend: " + firstLine(e.getMessage()));
      return EXIT_BAD_CONFIG;
    } catch (Exception e) {
      System.err.println(
          "mailtier-frontend: cannot start: " + firstLine(String.valueOf(e.getMessage())));
      return 1;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.close();
                  stopped.countDown();
                },
                "frontend-shutdown"));
    for (int i = 0; i < server.imapPorts().size(); i++) {
      System.out.println("imap " + host(cfg, i) + ":" + server.imapPorts().get(i));
    }
    if (server.adminPort() >= 0) {
      System.out.println(
          "admin " + cfg.admin().address().replaceAll(":\\d+$", "") + ":" + server.adminPort());
    }
    System.out.flush();
    stopped.await();
    return 0;
  }

  private static String firstLine(String message) {
    return message == null ? "" : message.lines().findFirst().orElse("");
  }

  private static String host(FrontendConfig cfg, int index) {
    return cfg.imap().listeners().stream()
        .filter(l -> l.enabled())
        .skip(index)
        .findFirst()
        .map(l -> l.host())
        .orElse("?");
  }
}
