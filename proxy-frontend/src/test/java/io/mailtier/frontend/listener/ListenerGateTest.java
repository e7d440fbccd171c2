package io.mailtier.frontend.listener;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailtier.frontend.listener.flow.Admission;
import io.mailtier.frontend.listener.flow.FlowControl;
import io.mailtier.frontend.listener.flow.LocalConnectionLimiter;
import io.mailtier.frontend.listener.rules.AccessPolicy;
import io.mailtier.frontend.listener.rules.AccessRule;
import io.mailtier.frontend.listener.rules.Action;
import java.util.List;
import org.junit.jupiter.api.Test;

class ListenerGateTest {
  private final FlowControl listenerLimits = new FlowControl(3, 0, 0, 0, null, 0, null);
  private final AccessRule deny = AccessRule.of(1, Action.DENY, "203.0.113.0/24");
  private final AccessRule allowOne =
      new AccessRule(
          2,
          Action.ALLOW,
          IpMatch.parse("198.51.100.0/24"),
          new FlowControl(0, 1, 0, 0, null, 0, null));
  private final ListenerGate gate =
      new ListenerGate(
          "0.0.0.0:143",
          new AccessPolicy(List.of(), List.of(), List.of(deny, allowOne), listenerLimits),
          new LocalConnectionLimiter());

  private Admission admit(String ip) {
    return gate.admit(IpLiterals.parse(ip)).toCompletableFuture().join();
  }

  @Test
  void aDenyRuleShouldRefuseWithReasonRuleNamingTheRule() {
    assertThat(admit("203.0.113.9"))
        .isEqualTo(
            new Admission.Refused(
                Admission.Reason.RULE,
                "listener-rule-0",
                "listener-rule-0 (deny 203.0.113.0/24, priority 1)"));
  }

  @Test
  void anAllowRuleShouldApplyItsOwnLimitsAndThenTheListenerLimits() {
    assertThat(admit("198.51.100.1")).isInstanceOf(Admission.Granted.class);
    assertThat(admit("198.51.100.1"))
        .isInstanceOfSatisfying(
            Admission.Refused.class,
            r -> {
              assertThat(r.reason()).isEqualTo(Admission.Reason.PER_IP);
              assertThat(r.scope()).isEqualTo("listener-rule-1");
            });
    assertThat(admit("198.51.100.2")).isInstanceOf(Admission.Granted.class);
    assertThat(admit("192.0.2.1")).isInstanceOf(Admission.Granted.class);
    assertThat(admit("198.51.100.3"))
        .isInstanceOfSatisfying(
            Admission.Refused.class,
            r -> {
              assertThat(r.reason()).isEqualTo(Admission.Reason.TOTAL);
              assertThat(r.scope()).isEqualTo("listener");
            });
  }
}
