package io.mailtier.common.service;

import io.mailtier.common.config.ConfigException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * What the {@code main} of every mailtier service does, in one place: find the configuration file
 * ({@code --config} or an environment variable), load it, start the service, print its endpoints on
 * stdout (one per line, for scripts), and stop it on SIGTERM/SIGINT. A configuration that cannot be
 * used exits with {@value #EXIT_BAD_CONFIG} and one line naming the key and the reason; a service
 * that cannot start (port in use, data directory locked) exits with {@value #EXIT_CANNOT_START}.
 */
public final class ServiceRunner {
  /** The exit status for a service that could not start. */
  public static final int EXIT_CANNOT_START = 1;

  /** The exit status for a configuration that cannot be used. */
  public static final int EXIT_BAD_CONFIG = 2;

  /** Starts a service from its configuration. */
  @FunctionalInterface
  public interface Starter<C, S extends AutoCloseable> {
    S start(C config) throws Exception;
  }

  private ServiceRunner() {}

  /**
   * Makes logback read {@code resource} (a class-path resource) unless {@code
   * -Dlogback.configurationFile} names another file. Call first thing in {@code main}, before any
   * logger exists. Each service keeps its logging configuration under its own name so that several
   * services on one class path (the local launcher, tests) do not fight over {@code logback.xml}.
   */
  public static void useDefaultLogging(String resource) {
    if (System.getProperty("logback.configurationFile") == null) {
      System.setProperty("logback.configurationFile", resource);
    }
  }

  /**
   * Runs a service until the JVM is asked to stop.
   *
   * @param name the service's name in messages, e.g. {@code "mailstore"}
   * @param configFile the {@code --config} value; null to use {@code configEnv}
   * @param configEnv the environment variable naming the file when {@code --config} is absent
   * @param load reads and validates the file (throws {@link ConfigException})
   * @param starter starts the service; returns once it serves
   * @param endpoints the lines to print once the service is up
   * @return the exit status
   */
  public static <C, S extends AutoCloseable> int run(
      String name,
      Path configFile,
      String configEnv,
      Function<Path, C> load,
      Starter<C, S> starter,
      BiFunction<C, S, List<String>> endpoints,
      PrintStream out,
      PrintStream err) {
    Path file = configFile;
    if (file == null) {
      String env = System.getenv(configEnv);
      if (env == null || env.isBlank()) {
        err.println(name + ": no configuration: pass --config FILE or set " + configEnv);
        return EXIT_BAD_CONFIG;
      }
      file = Path.of(env);
    }
    C config;
    try {
      config = load.apply(file);
    } catch (ConfigException e) {
      err.println(name + ": bad configuration: " + firstLine(e.getMessage()));
      return EXIT_BAD_CONFIG;
    }
    S service;
    try {
      service = starter.start(config);
    } catch (Exception e) {
      err.println(name + ": cannot start: " + firstLine(String.valueOf(e.getMessage())));
      return EXIT_CANNOT_START;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    service.close();
                  } catch (Exception e) {
                    err.println(name + ": error while stopping: " + e);
                  } finally {
                    stopped.countDown();
                  }
                },
                name + "-shutdown"));
    endpoints.apply(config, service).forEach(out::println);
    out.flush();
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 0;
  }

  private static String firstLine(String message) {
    return message == null ? "" : message.lines().findFirst().orElse("");
  }
}
