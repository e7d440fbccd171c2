package io.mailtier.frontend.listener.flow;

import java.util.List;

/**
 * The embedded Hazelcast member that holds cluster-wide counters ({@code hazelcast:} in YAML).
 * Members find each other either by TCP-IP join with an explicit member list, or, on Kubernetes,
 * through Hazelcast's Kubernetes discovery in DNS lookup mode: the members are the addresses of a
 * headless Service ({@code kubernetesServiceDns}), so no access to the Kubernetes API is needed.
 *
 * @param enabled false (default): counters are local to each front-end
 * @param clusterName members only join a cluster of the same name; default {@code mailtier}
 * @param port the member's port; default 5701, no auto-increment
 * @param bindAddress the local IP literal to bind and announce (e.g. {@code 127.0.0.1}, the pod
 *     IP); absent: Hazelcast picks an interface
 * @param members the other members, {@code host:port} or {@code host} (port 5701); one port per
 *     entry: Hazelcast rejects port ranges on this path
 * @param kubernetesServiceDns the DNS name of the headless Service selecting the front-end pods
 *     (e.g. {@code mailtier-frontend-hazelcast.mail.svc.cluster.local}); set instead of {@code
 *     members}
 */
public record HazelcastConfig(
    boolean enabled,
    String clusterName,
    int port,
    String bindAddress,
    List<String> members,
    String kubernetesServiceDns) {
  public static final String DEFAULT_CLUSTER_NAME = "mailtier";
  public static final int DEFAULT_PORT = 5701;

  /** Hazelcast off: local counters. */
  public static final HazelcastConfig DISABLED =
      new HazelcastConfig(false, null, 0, null, null, null);

  public HazelcastConfig(
      boolean enabled, String clusterName, int port, String bindAddress, List<String> members) {
    this(enabled, clusterName, port, bindAddress, members, null);
  }

  /** Whether members are found through Kubernetes discovery rather than a member list. */
  public boolean kubernetes() {
    return kubernetesServiceDns != null;
  }

  public HazelcastConfig {
    clusterName = clusterName == null || clusterName.isBlank() ? DEFAULT_CLUSTER_NAME : clusterName;
    if (port == 0) {
      port = DEFAULT_PORT;
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port must be 1..65535, was " + port);
    }
    members = members == null ? List.of() : List.copyOf(members);
    for (String m : members) {
      if (m == null || m.isBlank()) {
        throw new IllegalArgumentException("members: an entry is empty");
      }
      int colon = m.lastIndexOf(':');
      boolean bracketedV6 = m.startsWith("[");
      if (colon > 0 && (bracketedV6 ? m.indexOf("]:") > 0 : m.indexOf(':') == colon)) {
        String p = m.substring(colon + 1);
        if (!p.matches("\\d{1,5}") || Integer.parseInt(p) < 1 || Integer.parseInt(p) > 65535) {
          throw new IllegalArgumentException(
              "members: '" + m + "' must be host:port with one port 1..65535 (no ranges)");
        }
      }
    }
    if (kubernetesServiceDns != null && kubernetesServiceDns.isBlank()) {
      kubernetesServiceDns = null;
    }
    if (kubernetesServiceDns != null && !members.isEmpty()) {
      throw new IllegalArgumentException(
          "members and kubernetesServiceDns: set one (a TCP-IP member list, or the headless"
              + " Service that Kubernetes discovery resolves), not both");
    }
    if (kubernetesServiceDns != null
        && !kubernetesServiceDns.matches("[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?")) {
      throw new IllegalArgumentException(
          "kubernetesServiceDns: '" + kubernetesServiceDns + "' is not a DNS name");
    }
    if (enabled && members.isEmpty() && kubernetesServiceDns == null) {
      throw new IllegalArgumentException(
          "enabled needs members (the TCP-IP join list, e.g. 10.0.0.5:5701) or"
              + " kubernetesServiceDns (a headless Service)");
    }
  }
}
