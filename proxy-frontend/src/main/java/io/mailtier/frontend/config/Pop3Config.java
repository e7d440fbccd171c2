package io.mailtier.frontend.config;

import io.mailtier.frontend.listener.ListenerConfig;
import io.mailtier.frontend.listener.rules.AccessRule;
import java.time.Duration;
import java.util.List;

/**
 * The POP3 service ({@code pop3:} in the YAML), parallel to {@link ImapConfig}; absent = no POP3.
 *
 * @param listeners where to accept connections (at least one); the listener keys are IMAP's
 * @param authentication {@code backend} (default) or {@code proxy}
 * @param failoverBackend the back-end for accounts the user map has no entry for; null = none
 * @param maxLineLength the longest command line accepted, in bytes (default 2048; RFC 2449 allows
 *     255 for commands, RFC 5034 more for AUTH responses)
 * @param maxBadCommands -ERR replies to invalid commands after which the session is closed (default
 *     10); a listener's errorControl overrides it
 * @param idleTimeout how long a silent session stays open (default 10 min, the least RFC 1939 3
 *     allows); a listener may override it
 * @param rules the service-level allow/deny rules, for listeners without rules of their own
 * @param requireTlsForAuth whether USER/PASS and AUTH need a secure connection; the same default
 *     and check as IMAP's (ADR 0020)
 * @param maildropLockTtl how long a maildrop lock lives in the cluster without its session doing
 *     anything (default 1 h; renewed while the session is active), a backstop next to the release
 *     of a departed front-end's locks (ADR 0065)
 */
public record Pop3Config(
    List<ListenerConfig> listeners,
    AuthenticationMode authentication,
    String failoverBackend,
    Integer maxLineLength,
    Integer maxBadCommands,
    Duration idleTimeout,
    List<AccessRule> rules,
    Boolean requireTlsForAuth,
    Duration maildropLockTtl) {
  public static final int DEFAULT_MAX_LINE_LENGTH = 2048;
  public static final int DEFAULT_MAX_BAD_COMMANDS = 10;
  public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(10);
  public static final Duration DEFAULT_MAILDROP_LOCK_TTL = Duration.ofHours(1);

  public Pop3Config {
    listeners = ServiceSettings.listeners(listeners);
    authentication = authentication == null ? AuthenticationMode.BACKEND : authentication;
    failoverBackend = ServiceSettings.failoverBackend(failoverBackend);
    maxLineLength =
        ServiceSettings.maxLineLength(maxLineLength, DEFAULT_MAX_LINE_LENGTH, 512, 65536);
    maxBadCommands = ServiceSettings.maxBadCommands(maxBadCommands, DEFAULT_MAX_BAD_COMMANDS);
    idleTimeout =
        ServiceSettings.idleTimeout(idleTimeout, DEFAULT_IDLE_TIMEOUT, Duration.ofSeconds(1));
    rules = rules == null ? List.of() : List.copyOf(rules);
    requireTlsForAuth = ServiceSettings.requireTlsForAuth(listeners, requireTlsForAuth);
    maildropLockTtl = maildropLockTtl == null ? DEFAULT_MAILDROP_LOCK_TTL : maildropLockTtl;
    if (maildropLockTtl.compareTo(Duration.ofMinutes(1)) < 0) {
      throw new IllegalArgumentException("maildropLockTtl must be at least 1m");
    }
  }
}
