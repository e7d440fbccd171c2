package io.mailtier.frontend;

import io.mailtier.common.service.ServiceRunner;
import io.mailtier.frontend.config.FrontendConfig;
import io.mailtier.frontend.listener.ListenerConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
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
  public static final int EXIT_BAD_CONFIG = ServiceRunner.EXIT_BAD_CONFIG;

  /** The logging configuration used unless {@code -Dlogback.configurationFile} names another. */
  static final String DEFAULT_LOGGING = "io/mailtier/frontend/logback-frontend.xml";

  @Option(
      names = "--config",
      paramLabel = "FILE",
      defaultValue = "${env:MAILTIER_FRONTEND_CONFIG}",
      description = "The YAML configuration file (default: $MAILTIER_FRONTEND_CONFIG).")
  Path config;

  public static void main(String[] args) {
    ServiceRunner.useDefaultLogging(DEFAULT_LOGGING);
    System.exit(new CommandLine(new FrontendMain()).execute(args));
  }

  @Override
  public Integer call() {
    return ServiceRunner.run(
        "mailtier-frontend",
        config,
        "MAILTIER_FRONTEND_CONFIG",
        FrontendConfig::load,
        FrontendServer::start,
        FrontendMain::endpoints,
        System.out,
        System.err);
  }

  private static List<String> endpoints(FrontendConfig cfg, FrontendServer server) {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < server.imapPorts().size(); i++) {
      lines.add("imap " + host(cfg.imap().listeners(), i) + ":" + server.imapPorts().get(i));
    }
    for (int i = 0; i < server.pop3Ports().size(); i++) {
      lines.add("pop3 " + host(cfg.pop3().listeners(), i) + ":" + server.pop3Ports().get(i));
    }
    if (server.adminPort() >= 0) {
      lines.add(
          "admin " + cfg.admin().address().replaceAll(":\\d+$", "") + ":" + server.adminPort());
    }
    return lines;
  }

  private static String host(List<ListenerConfig> listeners, int index) {
    return listeners.stream()
        .filter(l -> l.enabled())
        .skip(index)
        .findFirst()
        .map(l -> l.host())
        .orElse("?");
  }
}
