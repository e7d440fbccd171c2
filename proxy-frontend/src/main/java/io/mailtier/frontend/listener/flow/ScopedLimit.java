package io.mailtier.frontend.listener.flow;

import java.util.Objects;

/**
 * One set of limits and the name its counters are kept under, within a listener: {@code "listener"}
 * for the listener's own limits, {@code "listener-rule-2"} (level and position) for an allow
 * rule's. Every front-end with the same configuration derives the same names, so the counters are
 * shared.
 */
public record ScopedLimit(String scope, FlowControl flowControl) {
  public ScopedLimit {
    Objects.requireNonNull(scope, "scope");
    Objects.requireNonNull(flowControl, "flowControl");
    if (scope.isBlank() || scope.indexOf('|') >= 0) {
      throw new IllegalArgumentException("a scope is a non-blank name without '|': " + scope);
    }
  }
}
