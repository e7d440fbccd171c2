package io.mailtier.frontend.listener.flow;

import io.mailtier.frontend.listener.IpMatch;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;

/**
 * Connection limits of a listener or of an allow rule ({@code flowControl:} in YAML). Every number
 * is a maximum; 0 (or an absent key) means "no limit". A negative number is an error.
 *
 * @param maxConnections simultaneous connections, all clients together
 * @param maxConnectionsPerIp simultaneous connections from one remote IP
 * @param maxNewConnections new connections per {@code interval}, all clients together
 * @param maxNewConnectionsPerIp new connections per {@code interval} from one remote IP
 * @param interval the window of the two rates: {@code 30s}, {@code 1m}, {@code 1h}, {@code 1d};
 *     default 1 minute
 * @param reservedForTrusted the last this-many slots of {@code maxConnections} are given only to
 *     clients in {@code trustedNetworks} (CommuniGate Pro's "reserve for clients"); must be below
 *     {@code maxConnections}
 * @param trustedNetworks client networks that are exempt from the per-IP limits and may use the
 *     reserved slots (e.g. the load balancer's health checks, the office network)
 */
public record FlowControl(
    int maxConnections,
    int maxConnectionsPerIp,
    int maxNewConnections,
    int maxNewConnectionsPerIp,
    Duration interval,
    int reservedForTrusted,
    List<IpMatch> trustedNetworks) {

  /** The rate window when none is configured. */
  public static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(1);

  /** No limits at all. */
  public static final FlowControl UNLIMITED = new FlowControl(0, 0, 0, 0, null, 0, null);

  public FlowControl {
    notNegative("maxConnections", maxConnections);
    notNegative("maxConnectionsPerIp", maxConnectionsPerIp);
    notNegative("maxNewConnections", maxNewConnections);
    notNegative("maxNewConnectionsPerIp", maxNewConnectionsPerIp);
    notNegative("reservedForTrusted", reservedForTrusted);
    interval = interval == null || interval.isZero() ? DEFAULT_INTERVAL : interval;
    if (interval.isNegative() || interval.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new IllegalArgumentException(
          "interval must be at least 1s (write 30s, 1m, 1h or 1d), was " + interval);
    }
    if (reservedForTrusted > 0 && maxConnections == 0) {
      throw new IllegalArgumentException(
          "reservedForTrusted needs maxConnections: the reserve is the last slots of that limit");
    }
    if (reservedForTrusted > 0 && reservedForTrusted >= maxConnections) {
      throw new IllegalArgumentException(
          "reservedForTrusted ("
              + reservedForTrusted
              + ") must be less than maxConnections ("
              + maxConnections
              + ")");
    }
    trustedNetworks = trustedNetworks == null ? List.of() : List.copyOf(trustedNetworks);
  }

  private static void notNegative(String key, int value) {
    if (value < 0) {
      throw new IllegalArgumentException(
          key + " must be 0 (no limit) or a positive number, was " + value);
    }
  }

  /** Whether {@code client} is in one of the trusted networks. */
  public boolean isTrusted(InetAddress client) {
    for (IpMatch m : trustedNetworks) {
      if (m.matches(client)) {
        return true;
      }
    }
    return false;
  }

  /** Whether this sets no limit at all (then nothing needs counting). */
  public boolean isUnlimited() {
    return maxConnections == 0
        && maxConnectionsPerIp == 0
        && maxNewConnections == 0
        && maxNewConnectionsPerIp == 0;
  }
}
