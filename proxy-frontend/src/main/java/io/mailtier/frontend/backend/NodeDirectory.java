package io.mailtier.frontend.backend;

import java.util.Map;
import java.util.Optional;

/**
 * Turns a back-end's name (its {@code mailHost} value) into a gRPC target {@code host:port}, from
 * the static table of the configuration ({@code backends.nodes}).
 */
public final class NodeDirectory {
  private final Map<String, String> nodes;

  public NodeDirectory(Map<String, String> nodes) {
    this.nodes = Map.copyOf(nodes);
  }

  /** The gRPC target of a back-end, or empty when the name is not in the table. */
  public Optional<String> target(String backend) {
    return Optional.ofNullable(nodes.get(backend));
  }

  public Map<String, String> nodes() {
    return nodes;
  }
}
