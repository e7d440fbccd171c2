package io.mailtier.frontend.listener.rules;

import io.mailtier.frontend.listener.flow.Limits;
import java.util.Objects;
import java.util.Optional;

/** What the access rules say about one client address. */
public sealed interface Decision {

  /** A deny rule won: close the connection at once, without sending anything. */
  record Refused(RuleRef rule) implements Decision {
    public Refused {
      Objects.requireNonNull(rule, "rule");
    }

    /** The level of the deny rule. */
    public RuleLevel level() {
      return rule.level();
    }
  }

  /**
   * Accepted, subject to {@code limits}: the winning allow rule's flow control (if a rule matched),
   * then the listener's.
   *
   * @param rule the allow rule that won, or empty when no rule matched
   */
  record Accepted(Limits limits, Optional<RuleRef> rule) implements Decision {
    public Accepted {
      Objects.requireNonNull(limits, "limits");
      Objects.requireNonNull(rule, "rule");
    }
  }
}
