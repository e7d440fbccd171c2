package io.mailtier.deploy.bench;

import java.time.Duration;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** The server and accounts options shared by {@code bench imap} and {@code bench seed-imap}. */
final class TargetOptions {
  @Option(
      names = "--host",
      paramLabel = "HOST",
      description = "IMAP server address (default: ${DEFAULT-VALUE}).")
  String host = "127.0.0.1";

  @Option(
      names = "--port",
      paramLabel = "PORT",
      description = "IMAP port (default: ${DEFAULT-VALUE}, mailtier up's IMAP port).")
  int port = 1143;

  @Option(
      names = "--tls",
      description =
          "Implicit TLS (IMAPS). The certificate is NOT verified: for benchmarks on loopback.")
  boolean tls;

  @Option(
      names = "--users",
      paramLabel = "LIST|PATTERN",
      description =
          "Comma-separated accounts, or a pattern with one %%d numbered 1..--user-count, e.g."
              + " 'user%%d@example.test' (default: ${DEFAULT-VALUE}).")
  String users = "alice@example.test,bob@example.test,carol@example.test,dave@example.test";

  @Option(
      names = "--user-count",
      paramLabel = "N",
      description = "How many accounts a --users pattern expands to (default: ${DEFAULT-VALUE}).")
  int userCount = 100;

  @Option(
      names = "--password",
      paramLabel = "PASSWORD",
      description = "The password of every account (default: ${DEFAULT-VALUE}).")
  String password = "demo";

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      description = "Connect and read timeout of each step (default: ${DEFAULT-VALUE}).")
  Duration timeout = Duration.ofSeconds(10);

  ImapTarget target() {
    return new ImapTarget(host, port, tls, timeout);
  }

  UserSet userSet() {
    return UserSet.parse(users, userCount, password);
  }

  /** Reads {@code 500ms}, {@code 10s}, {@code 2m}, {@code 1h}, or bare seconds. */
  static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      String v = value.strip().toLowerCase(java.util.Locale.ROOT);
      try {
        if (v.endsWith("ms")) {
          return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
        }
        char unit = v.isEmpty() ? ' ' : v.charAt(v.length() - 1);
        String n = Character.isDigit(unit) ? v : v.substring(0, v.length() - 1);
        long amount = Long.parseLong(n);
        return switch (unit) {
          case 's' -> Duration.ofSeconds(amount);
          case 'm' -> Duration.ofMinutes(amount);
          case 'h' -> Duration.ofHours(amount);
          default -> {
            if (Character.isDigit(unit)) {
              yield Duration.ofSeconds(amount);
            }
            throw new CommandLine.TypeConversionException("unknown unit in '" + value + "'");
          }
        };
      } catch (NumberFormatException e) {
        throw new CommandLine.TypeConversionException(
            "'" + value + "' is not a duration (e.g. 500ms, 10s, 2m)");
      }
    }
  }
}
