package io.mailtier.common.config;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the duration spelling used in every mailtier configuration file: a number followed by a
 * unit ({@code ms}, {@code s}, {@code m}, {@code h}, {@code d}), e.g. {@code 500ms}, {@code 30s},
 * {@code 1m}. ISO-8601 ({@code PT30S}) is accepted too.
 */
public final class Durations {
  private static final Pattern SIMPLE = Pattern.compile("(\\d{1,12})\\s*(ms|s|m|h|d)");

  private Durations() {}

  /**
   * @throws IllegalArgumentException when the text is not a duration
   */
  public static Duration parse(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    Matcher m = SIMPLE.matcher(t);
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      return switch (m.group(2)) {
        case "ms" -> Duration.ofMillis(n);
        case "s" -> Duration.ofSeconds(n);
        case "m" -> Duration.ofMinutes(n);
        case "h" -> Duration.ofHours(n);
        case "d" -> Duration.ofDays(n);
        default -> throw new IllegalStateException(m.group(2));
      };
    }
    if (t.startsWith("p")) {
      try {
        return Duration.parse(text.trim());
      } catch (RuntimeException e) {
        // fall through to the common message
      }
    }
    throw new IllegalArgumentException(
        "'" + text + "' is not a duration; write a number and a unit: 500ms, 30s, 1m, 2h, 1d");
  }
}
