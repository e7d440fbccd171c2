package io.mailtier.frontend.config;

import io.mailtier.frontend.listener.ListenerConfig;
import io.mailtier.frontend.transport.tls.TlsMode;
import java.time.Duration;
import java.util.List;

/** The checks and defaults the line-protocol services ({@code imap:}, {@code pop3:}) share. */
final class ServiceSettings {
  private ServiceSettings() {}

  static List<ListenerConfig> listeners(List<ListenerConfig> listeners) {
    if (listeners == null || listeners.isEmpty()) {
      throw new IllegalArgumentException("listeners: at least one listener is required");
    }
    return List.copyOf(listeners);
  }

  static String failoverBackend(String value) {
    return value != null && value.isBlank() ? null : value;
  }

  static int maxLineLength(Integer value, int defaultValue, int min, int max) {
    int n = value == null ? defaultValue : value;
    if (n < min || n > max) {
      throw new IllegalArgumentException("maxLineLength must be between " + min + " and " + max);
    }
    return n;
  }

  static int maxBadCommands(Integer value, int defaultValue) {
    int n = value == null ? defaultValue : value;
    if (n < 1) {
      throw new IllegalArgumentException("maxBadCommands must be at least 1");
    }
    return n;
  }

  static Duration idleTimeout(Duration value, Duration defaultValue, Duration minimum) {
    Duration d = value == null ? defaultValue : value;
    if (d.compareTo(minimum) < 0) {
      throw new IllegalArgumentException(
          "idleTimeout must be at least " + minimum.toSeconds() + "s");
    }
    return d;
  }

  /**
   * requireTlsForAuth: default true when an enabled listener has tls other than none (ADR 0020);
   * true with only plain listeners is an error, as nobody could log in.
   */
  static boolean requireTlsForAuth(List<ListenerConfig> listeners, Boolean value) {
    boolean anySecure = listeners.stream().anyMatch(l -> l.enabled() && l.tls() != TlsMode.NONE);
    if (value == null) {
      return anySecure;
    }
    if (value && !anySecure) {
      throw new IllegalArgumentException(
          "requireTlsForAuth: true, but every enabled listener has tls none, so nobody could log"
              + " in; add a starttls or implicit listener, or set requireTlsForAuth: false");
    }
    return value;
  }
}
