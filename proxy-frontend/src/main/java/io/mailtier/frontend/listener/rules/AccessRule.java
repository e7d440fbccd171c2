package io.mailtier.frontend.listener.rules;

import io.mailtier.frontend.listener.IpMatch;
import io.mailtier.frontend.listener.flow.FlowControl;
import java.util.Objects;

/**
 * One allow or deny rule ({@code rules: [...]} at the global, service or listener level).
 *
 * @param priority required; a lower value is a higher priority; 0 is the highest
 * @param action {@code allow} or {@code deny}
 * @param match the client addresses: a CIDR block, a range {@code a-b}, or a single IP
 * @param flowControl for {@code allow} only: limits for the connections this rule admits (counted
 *     over all clients the rule matches, and per IP); absent = no limit of its own
 */
public record AccessRule(Integer priority, Action action, IpMatch match, FlowControl flowControl) {
  public AccessRule {
    if (priority == null) {
      throw new IllegalArgumentException(
          "priority is required (a number; the lowest value wins, 0 is the highest)");
    }
    if (priority < 0) {
      throw new IllegalArgumentException("priority must be 0 or more, was " + priority);
    }
    Objects.requireNonNull(action, "action is required: allow or deny");
    Objects.requireNonNull(match, "match is required: a CIDR block, a range a-b or a single IP");
    if (action == Action.DENY && flowControl != null) {
      throw new IllegalArgumentException(
          "a deny rule has no flowControl (it refuses the connection); remove it or use allow");
    }
    if (flowControl == null) {
      flowControl = FlowControl.UNLIMITED;
    }
  }

  /** A rule without flow control of its own. */
  public static AccessRule of(int priority, Action action, String match) {
    return new AccessRule(priority, action, IpMatch.parse(match), null);
  }
}
