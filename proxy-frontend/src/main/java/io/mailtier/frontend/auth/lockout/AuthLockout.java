package io.mailtier.frontend.auth.lockout;

import io.mailtier.frontend.auth.AuthLockoutConfig;
import io.mailtier.frontend.listener.IpLiterals;
import java.net.InetAddress;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brute-force protection across the cluster (ADR 0011): failed authentications are counted per
 * account and per client IP in a {@link FailureStore}; a locked account or IP is refused without
 * asking the directory. Clients in the trusted networks are neither counted nor locked. When the
 * store fails, nothing is locked (the password check still applies) and a warning is logged.
 */
public final class AuthLockout {
  private static final Logger LOG = LoggerFactory.getLogger(AuthLockout.class);

  /** How long a login waits for the counters before going on without them. */
  static final long STORE_TIMEOUT_MILLIS = 2000;

  private final AuthLockoutConfig config;
  private final FailureStore store;
  private final Clock clock;

  public AuthLockout(AuthLockoutConfig config, FailureStore store, Clock clock) {
    this.config = Objects.requireNonNull(config, "config");
    this.store = Objects.requireNonNull(store, "store");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** A lockout that never locks. */
  public static AuthLockout disabled() {
    return new AuthLockout(AuthLockoutConfig.DISABLED, new LocalFailureStore(), Clock.systemUTC());
  }

  public boolean enabled() {
    return config.enabled();
  }

  /** Whether the account or the client IP is locked now. */
  public CompletionStage<Boolean> isLocked(String account, String clientIp) {
    InetAddress ip = address(clientIp);
    if (!config.enabled() || (ip != null && config.isTrusted(ip))) {
      return CompletableFuture.completedFuture(false);
    }
    long now = clock.millis();
    CompletionStage<Boolean> user =
        config.maxFailuresPerUser() > 0
            ? store.isLocked(userKey(account), now)
            : CompletableFuture.completedFuture(false);
    CompletionStage<Boolean> byIp =
        config.maxFailuresPerIp() > 0 && ip != null
            ? store.isLocked(ipKey(ip), now)
            : CompletableFuture.completedFuture(false);
    return user.thenCombine(byIp, (a, b) -> a || b)
        .toCompletableFuture()
        .orTimeout(STORE_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)
        .exceptionally(e -> {
          LOG.warn(
              "authentication lockout: the failure counters failed ({}); not locking",
              e.toString());
          return false;
        });
  }

  /** Counts one failed authentication of {@code account} from {@code clientIp}. */
  public CompletionStage<Void> recordFailure(String account, String clientIp) {
    InetAddress ip = address(clientIp);
    if (!config.enabled() || (ip != null && config.isTrusted(ip))) {
      return CompletableFuture.completedFuture(null);
    }
    long now = clock.millis();
    long window = config.window().toMillis();
    long lockout = config.lockout().toMillis();
    CompletionStage<Boolean> user =
        config.maxFailuresPerUser() > 0
            ? store.recordFailure(
                userKey(account), now, window, config.maxFailuresPerUser(), lockout)
            : CompletableFuture.completedFuture(false);
    CompletionStage<Boolean> byIp =
        config.maxFailuresPerIp() > 0 && ip != null
            ? store.recordFailure(ipKey(ip), now, window, config.maxFailuresPerIp(), lockout)
            : CompletableFuture.completedFuture(false);
    return user.thenCombine(
            byIp,
            (u, i) -> {
              if (u) {
                LOG.info(
                    "authentication lockout: account {} locked for {}", account, config.lockout());
              }
              if (i) {
                LOG.info(
                    "authentication lockout: client {} locked for {}", clientIp, config.lockout());
              }
              return (Void) null;
            })
        .toCompletableFuture()
        .orTimeout(STORE_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)
        .exceptionally(e -> {
          LOG.warn("authentication lockout: could not count a failure: {}", e.toString());
          return null;
        });
  }

  @Override
  public String toString() {
    return "AuthLockout" + config;
  }

  private static String userKey(String account) {
    return "user|" + account;
  }

  private static String ipKey(InetAddress ip) {
    return "ip|" + IpLiterals.parse(ip.getHostAddress()).getHostAddress();
  }

  private static InetAddress address(String clientIp) {
    if (clientIp == null || clientIp.isEmpty()) {
      return null;
    }
    try {
      return IpLiterals.parse(clientIp);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
