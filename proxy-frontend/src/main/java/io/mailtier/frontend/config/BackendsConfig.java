package io.mailtier.frontend.config;

import io.mailtier.frontend.listener.HostPort;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/**
 * The back-end nodes ({@code backends:} in the YAML).
 *
 * @param nodes back-end name ({@code mailHost} value) → gRPC address {@code host:port}
 * @param deadline the deadline of every MailStore call (default 5 s)
 */
public record BackendsConfig(Map<String, String> nodes, Duration deadline) {
  public static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(5);

  public BackendsConfig {
    nodes = nodes == null ? Map.of() : Map.copyOf(new TreeMap<>(nodes));
    nodes.forEach((name, address) -> {
      if (address == null) {
        throw new IllegalArgumentException("nodes." + name + ": address is required");
      }
      try {
        HostPort.parse(address);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("nodes." + name + ": " + e.getMessage());
      }
    });
    deadline = deadline == null ? DEFAULT_DEADLINE : deadline;
    if (deadline.toMillis() < 50) {
      throw new IllegalArgumentException("deadline must be at least 50ms");
    }
  }
}
