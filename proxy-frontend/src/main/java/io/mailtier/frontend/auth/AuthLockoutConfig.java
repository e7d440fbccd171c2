package io.mailtier.frontend.auth;

import io.mailtier.frontend.listener.IpMatch;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;

/**
 * Cluster-wide brute-force protection ({@code authLockout:} in YAML, ADR 0011): failed
 * authentications are counted per account and per client IP; {@code maxFailuresPerUser} failures of
 * one account (or {@code maxFailuresPerIp} from one IP) within {@code window} lock that account (or
 * IP) for {@code lockout}. 0 or absent disables that count; both absent (the default) disables the
 * feature.
 *
 * @param maxFailuresPerUser failures of one account within the window that lock it; 0 = not counted
 * @param maxFailuresPerIp failures from one client IP within the window that lock it; 0 = not
 *     counted
 * @param window how long failures are remembered, from the first one; default 15 minutes
 * @param lockout how long a lock lasts; default 15 minutes
 * @param trustedNetworks clients never counted nor locked (e.g. a webmail or SSO gateway)
 */
public record AuthLockoutConfig(
    int maxFailuresPerUser,
    int maxFailuresPerIp,
    Duration window,
    Duration lockout,
    List<IpMatch> trustedNetworks) {
  public static final Duration DEFAULT_WINDOW = Duration.ofMinutes(15);
  public static final Duration DEFAULT_LOCKOUT = Duration.ofMinutes(15);

  /** No lockout. */
  public static final AuthLockoutConfig DISABLED = new AuthLockoutConfig(0, 0, null, null, null);

  public AuthLockoutConfig {
    if (maxFailuresPerUser < 0) {
      throw new IllegalArgumentException(
          "maxFailuresPerUser must be 0 (off) or a positive number, was " + maxFailuresPerUser);
    }
    if (maxFailuresPerIp < 0) {
      throw new IllegalArgumentException(
          "maxFailuresPerIp must be 0 (off) or a positive number, was " + maxFailuresPerIp);
    }
    window = window == null || window.isZero() ? DEFAULT_WINDOW : window;
    lockout = lockout == null || lockout.isZero() ? DEFAULT_LOCKOUT : lockout;
    if (window.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new IllegalArgumentException("window must be at least 1s, was " + window);
    }
    if (lockout.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new IllegalArgumentException("lockout must be at least 1s, was " + lockout);
    }
    trustedNetworks = trustedNetworks == null ? List.of() : List.copyOf(trustedNetworks);
  }

  /** Whether anything is counted at all. */
  public boolean enabled() {
    return maxFailuresPerUser > 0 || maxFailuresPerIp > 0;
  }

  /** Whether {@code client} is exempt. */
  public boolean isTrusted(InetAddress client) {
    for (IpMatch m : trustedNetworks) {
      if (m.matches(client)) {
        return true;
      }
    }
    return false;
  }
}
