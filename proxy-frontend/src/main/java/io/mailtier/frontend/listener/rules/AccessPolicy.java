package io.mailtier.frontend.listener.rules;

import io.mailtier.frontend.listener.IpLiterals;
import io.mailtier.frontend.listener.flow.FlowControl;
import io.mailtier.frontend.listener.flow.Limits;
import io.mailtier.frontend.listener.flow.ScopedLimit;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The access decision of one listener, built once from the rules of its three levels.
 *
 * <p><b>Which rules.</b> Only the most specific level that has any rule is consulted: the
 * listener's rules if it has some, else its service's, else the global ones (ADR 0008).
 *
 * <p><b>Decision</b> (Axigen's rule enforcement policy), for client address X among the consulted
 * rules: take the best matching deny rule and the best matching allow rule ("best" = lowest
 * priority value; among equal values, the first listed). Only a deny matches: refused. Both match:
 * the one with the better priority wins, and an equal priority accepts. An allow wins (or only an
 * allow matches): accepted, subject to that rule's flow control and then the listener's. Nothing
 * matches: accepted, subject to the listener's flow control.
 */
public final class AccessPolicy {
  /** The scope name of the listener's own limits. */
  public static final String LISTENER_SCOPE = "listener";

  private final List<RuleRef> consulted;
  private final RuleLevel consultedLevel;
  private final ScopedLimit listenerLimits;

  /**
   * @param global the top-level rules
   * @param service the service's rules
   * @param listener the listener's rules
   * @param listenerFlowControl the listener's own limits
   */
  public AccessPolicy(
      List<AccessRule> global,
      List<AccessRule> service,
      List<AccessRule> listener,
      FlowControl listenerFlowControl) {
    Objects.requireNonNull(listenerFlowControl, "listenerFlowControl");
    RuleLevel level = null;
    List<AccessRule> rules = List.of();
    if (listener != null && !listener.isEmpty()) {
      level = RuleLevel.LISTENER;
      rules = listener;
    } else if (service != null && !service.isEmpty()) {
      level = RuleLevel.SERVICE;
      rules = service;
    } else if (global != null && !global.isEmpty()) {
      level = RuleLevel.GLOBAL;
      rules = global;
    }
    List<RuleRef> refs = new ArrayList<>();
    for (int i = 0; i < rules.size(); i++) {
      refs.add(new RuleRef(level, i, Objects.requireNonNull(rules.get(i), "rule " + i)));
    }
    this.consulted = List.copyOf(refs);
    this.consultedLevel = level;
    this.listenerLimits = new ScopedLimit(LISTENER_SCOPE, listenerFlowControl);
  }

  /** The level whose rules are consulted, or empty when no level has rules. */
  public Optional<RuleLevel> consultedLevel() {
    return Optional.ofNullable(consultedLevel);
  }

  /** Decides for a connection from {@code client} (the original client, after PROXY protocol). */
  public Decision decide(InetAddress client) {
    byte[] address = IpLiterals.normalize(client);
    RuleRef bestDeny = null;
    RuleRef bestAllow = null;
    for (RuleRef ref : consulted) {
      AccessRule r = ref.rule();
      if (!r.match().matches(address)) {
        continue;
      }
      if (r.action() == Action.DENY) {
        if (bestDeny == null || r.priority() < bestDeny.rule().priority()) {
          bestDeny = ref;
        }
      } else if (bestAllow == null || r.priority() < bestAllow.rule().priority()) {
        bestAllow = ref;
      }
    }
    if (bestDeny != null
        && (bestAllow == null || bestDeny.rule().priority() < bestAllow.rule().priority())) {
      return new Decision.Refused(bestDeny);
    }
    if (bestAllow != null) {
      ScopedLimit ruleLimits = new ScopedLimit(bestAllow.name(), bestAllow.rule().flowControl());
      return new Decision.Accepted(Limits.of(ruleLimits, listenerLimits), Optional.of(bestAllow));
    }
    return new Decision.Accepted(Limits.of(listenerLimits), Optional.empty());
  }
}
