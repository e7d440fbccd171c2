package io.mailtier.frontend.config;

import io.mailtier.frontend.listener.ListenerConfig;
import io.mailtier.frontend.listener.rules.AccessRule;
import java.time.Duration;
import java.util.List;

/**
 * The IMAP service ({@code imap:} in the YAML).
 *
 * @param listeners where to accept connections (at least one)
 * @param authentication {@code backend} (default) or {@code proxy}
 * @param failoverBackend the back-end for accounts the user map has no entry for; null = none
 * @param maxLineLength the longest command line accepted, in bytes (default 8192)
 * @param maxLiteralSize the largest literal accepted, in bytes (default 50 MiB)
 * @param maxBadCommands BAD responses after which the session is closed (default 10)
 * @param idleTimeout how long a silent session stays open (default 30 min); a listener may override
 * @param rules the service-level allow/deny rules, for listeners without rules of their own
 * @param requireTlsForAuth whether LOGIN and AUTHENTICATE need a secure connection (TLS, or a
 *     listener with tls external); default true when an enabled listener has tls other than none,
 *     false when every one is plain (ADR 0020). True with only plain listeners is an error: nobody
 *     could log in.
 */
public record ImapConfig(
    List<ListenerConfig> listeners,
    AuthenticationMode authentication,
    String failoverBackend,
    Integer maxLineLength,
    Long maxLiteralSize,
    Integer maxBadCommands,
    Duration idleTimeout,
    List<AccessRule> rules,
    Boolean requireTlsForAuth) {
  public static final int DEFAULT_MAX_LINE_LENGTH = 8192;
  public static final long DEFAULT_MAX_LITERAL_SIZE = 50L * 1024 * 1024;
  public static final int DEFAULT_MAX_BAD_COMMANDS = 10;
  public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(30);

  public ImapConfig {
    listeners = ServiceSettings.listeners(listeners);
    authentication = authentication == null ? AuthenticationMode.BACKEND : authentication;
    failoverBackend = ServiceSettings.failoverBackend(failoverBackend);
    maxLineLength =
        ServiceSettings.maxLineLength(maxLineLength, DEFAULT_MAX_LINE_LENGTH, 1024, 1024 * 1024);
    maxLiteralSize = maxLiteralSize == null ? DEFAULT_MAX_LITERAL_SIZE : maxLiteralSize;
    if (maxLiteralSize < 1 || maxLiteralSize > Integer.MAX_VALUE - 1024 * 1024) {
      throw new IllegalArgumentException("maxLiteralSize must be between 1 and 2146435071");
    }
    maxBadCommands = ServiceSettings.maxBadCommands(maxBadCommands, DEFAULT_MAX_BAD_COMMANDS);
    idleTimeout =
        ServiceSettings.idleTimeout(idleTimeout, DEFAULT_IDLE_TIMEOUT, Duration.ofSeconds(1));
    rules = rules == null ? List.of() : List.copyOf(rules);
    requireTlsForAuth = ServiceSettings.requireTlsForAuth(listeners, requireTlsForAuth);
  }
}
