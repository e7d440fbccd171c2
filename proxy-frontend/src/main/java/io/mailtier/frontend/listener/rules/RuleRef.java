package io.mailtier.frontend.listener.rules;

import java.util.Locale;
import java.util.Objects;

/**
 * A rule and where it is configured: its level and its position in that level's list.
 *
 * @param level global, service or listener
 * @param index the position in that level's {@code rules:} list, from 0
 */
public record RuleRef(RuleLevel level, int index, AccessRule rule) {
  public RuleRef {
    Objects.requireNonNull(level, "level");
    Objects.requireNonNull(rule, "rule");
  }

  /**
   * The name of the rule's counters and of the rule in refusals: {@code listener-rule-2}. The same
   * on every front-end that has the same configuration.
   */
  public String name() {
    return level.name().toLowerCase(Locale.ROOT) + "-rule-" + index;
  }

  /** For logs: {@code listener-rule-2 (deny 10.0.0.0/8, priority 5)}. */
  @Override
  public String toString() {
    return name()
        + " ("
        + rule.action().name().toLowerCase(Locale.ROOT)
        + " "
        + rule.match()
        + ", priority "
        + rule.priority()
        + ")";
  }
}
