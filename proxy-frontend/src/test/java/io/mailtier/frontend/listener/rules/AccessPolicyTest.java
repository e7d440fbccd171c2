package io.mailtier.frontend.listener.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailtier.frontend.listener.IpLiterals;
import io.mailtier.frontend.listener.IpMatch;
import io.mailtier.frontend.listener.flow.FlowControl;
import io.mailtier.frontend.listener.flow.ScopedLimit;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The decision policy, branch by branch. Rules are written {@code "<action> <priority> <match>"},
 * separated by {@code ;}; the expectation is {@code refused:<rule>}, {@code accepted:<rule>} or
 * {@code accepted:none}.
 */
class AccessPolicyTest {

  static Stream<Arguments> table() {
    return Stream.of(
        // no rules anywhere
        row(
            "no rules: accepted under the listener's limits",
            "",
            "",
            "",
            "192.0.2.1",
            "accepted:none"),
        row("no rules, IPv6 client", "", "", "", "2001:db8::1", "accepted:none"),
        // only a deny matches
        row(
            "only a deny matches (IPv4 CIDR)",
            "",
            "",
            "deny 5 10.0.0.0/8",
            "10.1.1.1",
            "refused:listener-rule-0"),
        row(
            "only a deny matches (IPv6 CIDR)",
            "",
            "",
            "deny 5 2001:db8::/32",
            "2001:db8::5",
            "refused:listener-rule-0"),
        row(
            "only a deny matches (single IPv6)",
            "",
            "",
            "deny 5 2001:db8::5",
            "2001:db8::5",
            "refused:listener-rule-0"),
        row(
            "a deny that does not match",
            "",
            "",
            "deny 5 10.0.0.0/8",
            "192.0.2.1",
            "accepted:none"),
        // only an allow matches
        row(
            "only an allow matches (IPv4 range)",
            "",
            "",
            "allow 5 192.0.2.10-192.0.2.20",
            "192.0.2.15",
            "accepted:listener-rule-0"),
        row(
            "range includes its last address",
            "",
            "",
            "allow 5 192.0.2.10-192.0.2.20",
            "192.0.2.20",
            "accepted:listener-rule-0"),
        row(
            "range excludes the address after it",
            "",
            "",
            "allow 5 192.0.2.10-192.0.2.20",
            "192.0.2.21",
            "accepted:none"),
        row(
            "only an allow matches (IPv6 range)",
            "",
            "",
            "allow 5 2001:db8::1-2001:db8::ff",
            "2001:db8::a0",
            "accepted:listener-rule-0"),
        // both match
        row(
            "both match, the deny has the better priority",
            "",
            "",
            "allow 10 10.0.0.0/8; deny 5 10.1.0.0/16",
            "10.1.2.3",
            "refused:listener-rule-1"),
        row(
            "both match, the allow has the better priority",
            "",
            "",
            "deny 10 10.0.0.0/8; allow 5 10.1.2.3",
            "10.1.2.3",
            "accepted:listener-rule-1"),
        row(
            "both match with equal priorities: accepted",
            "",
            "",
            "deny 7 2001:db8::/32; allow 7 2001:db8::1-2001:db8::ff",
            "2001:db8::10",
            "accepted:listener-rule-1"),
        row(
            "the best of several denies beats the allow",
            "",
            "",
            "deny 20 0.0.0.0/0; deny 3 10.0.0.0/8; allow 5 10.0.0.0/8",
            "10.9.9.9",
            "refused:listener-rule-1"),
        row(
            "the best of several allows beats the deny",
            "",
            "",
            "deny 4 0.0.0.0/0; allow 9 10.0.0.0/8; allow 2 10.0.0.0/24",
            "10.0.0.7",
            "accepted:listener-rule-2"),
        row(
            "the worse allow alone loses to the deny",
            "",
            "",
            "deny 4 0.0.0.0/0; allow 9 10.0.0.0/8; allow 2 10.0.0.0/24",
            "10.5.0.1",
            "refused:listener-rule-0"),
        row(
            "equal allow priorities: the first listed wins",
            "",
            "",
            "allow 5 10.0.0.0/8; allow 5 10.0.0.0/16",
            "10.0.0.1",
            "accepted:listener-rule-0"),
        // families
        row(
            "an IPv4-mapped IPv6 client matches IPv4 rules",
            "",
            "",
            "deny 1 10.0.0.0/8",
            "::ffff:10.1.2.3",
            "refused:listener-rule-0"),
        row(
            "an IPv4-mapped rule matches the IPv4 client",
            "",
            "",
            "deny 1 ::ffff:10.0.0.0/104",
            "10.1.2.3",
            "refused:listener-rule-0"),
        row(
            "an IPv6 rule never matches an IPv4 client",
            "",
            "",
            "deny 1 ::/0",
            "10.0.0.1",
            "accepted:none"),
        row(
            "an IPv4 rule never matches an IPv6 client",
            "",
            "",
            "deny 1 0.0.0.0/0",
            "::1",
            "accepted:none"),
        // levels
        row(
            "global rules apply when nothing more specific has rules",
            "deny 1 10.0.0.0/8",
            "",
            "",
            "10.0.0.1",
            "refused:global-rule-0"),
        row(
            "global allow rule",
            "allow 1 10.0.0.0/8",
            "",
            "",
            "10.0.0.1",
            "accepted:global-rule-0"),
        row(
            "service rules override the global ones",
            "deny 1 10.0.0.0/8",
            "allow 5 192.0.2.0/24",
            "",
            "10.0.0.1",
            "accepted:none"),
        row(
            "service rules decide when the listener has none",
            "allow 1 0.0.0.0/0",
            "deny 1 192.0.2.0/24",
            "",
            "192.0.2.9",
            "refused:service-rule-0"),
        row(
            "listener rules override service and global (no match)",
            "deny 1 0.0.0.0/0",
            "deny 1 ::/0",
            "allow 5 198.51.100.0/24",
            "203.0.113.5",
            "accepted:none"),
        row(
            "listener rules override service and global (IPv6, no match)",
            "deny 1 0.0.0.0/0",
            "deny 1 ::/0",
            "allow 5 198.51.100.0/24",
            "2001:db8::1",
            "accepted:none"),
        row(
            "listener rules override service and global (match)",
            "deny 1 0.0.0.0/0",
            "deny 1 ::/0",
            "allow 5 198.51.100.0/24",
            "198.51.100.1",
            "accepted:listener-rule-0"),
        row(
            "a listener deny beats a service allow",
            "",
            "allow 1 10.0.0.0/8",
            "deny 5 10.0.0.0/8",
            "10.0.0.1",
            "refused:listener-rule-0"));
  }

  private static Arguments row(
      String why, String global, String service, String listener, String client, String expect) {
    return Arguments.of(why, global, service, listener, client, expect);
  }

  private static List<AccessRule> rules(String text) {
    if (text.isBlank()) {
      return List.of();
    }
    return Arrays.stream(text.split(";"))
        .map(String::strip)
        .map(r -> {
          String[] p = r.split(" ");
          return AccessRule.of(Integer.parseInt(p[1]), Action.valueOf(p[0].toUpperCase()), p[2]);
        })
        .toList();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("table")
  void decisionShouldFollowThePolicy(
      String why, String global, String service, String listener, String client, String expect) {
    AccessPolicy policy =
        new AccessPolicy(rules(global), rules(service), rules(listener), FlowControl.UNLIMITED);
    Decision d = policy.decide(IpLiterals.parse(client));
    String actual =
        switch (d) {
          case Decision.Refused r -> "refused:" + r.rule().name();
          case Decision.Accepted a -> "accepted:" + a.rule().map(RuleRef::name).orElse("none");
        };
    assertThat(actual).as(why).isEqualTo(expect);
  }

  @Test
  void anAcceptedAllowShouldApplyTheRuleLimitsThenTheListenerLimits() {
    FlowControl ruleLimits = new FlowControl(0, 2, 0, 0, null, 0, null);
    FlowControl listenerLimits = new FlowControl(100, 0, 0, 0, Duration.ofMinutes(5), 0, null);
    AccessRule allow = new AccessRule(1, Action.ALLOW, IpMatch.parse("10.0.0.0/8"), ruleLimits);
    AccessPolicy policy = new AccessPolicy(List.of(), List.of(allow), List.of(), listenerLimits);

    Decision matched = policy.decide(IpLiterals.parse("10.2.3.4"));
    assertThat(matched)
        .isInstanceOfSatisfying(
            Decision.Accepted.class,
            a -> {
              assertThat(a.limits().scopes())
                  .containsExactly(
                      new ScopedLimit("service-rule-0", ruleLimits),
                      new ScopedLimit("listener", listenerLimits));
              assertThat(a.rule()).map(RuleRef::level).contains(RuleLevel.SERVICE);
            });
    Decision unmatched = policy.decide(IpLiterals.parse("192.0.2.1"));
    assertThat(unmatched)
        .isInstanceOfSatisfying(
            Decision.Accepted.class,
            a ->
                assertThat(a.limits().scopes())
                    .containsExactly(new ScopedLimit("listener", listenerLimits)));
  }

  @Test
  void theConsultedLevelShouldBeTheMostSpecificOneWithRules() {
    List<AccessRule> some = rules("deny 1 10.0.0.0/8");
    assertThat(new AccessPolicy(some, some, some, FlowControl.UNLIMITED).consultedLevel())
        .contains(RuleLevel.LISTENER);
    assertThat(new AccessPolicy(some, some, List.of(), FlowControl.UNLIMITED).consultedLevel())
        .contains(RuleLevel.SERVICE);
    assertThat(new AccessPolicy(some, null, null, FlowControl.UNLIMITED).consultedLevel())
        .contains(RuleLevel.GLOBAL);
    assertThat(new AccessPolicy(null, null, null, FlowControl.UNLIMITED).consultedLevel())
        .isEmpty();
  }

  @Test
  void aRefusalShouldNameTheRuleForTheLog() {
    AccessPolicy policy =
        new AccessPolicy(
            List.of(),
            List.of(),
            rules("allow 9 0.0.0.0/0; deny 2 203.0.113.0/24"),
            FlowControl.UNLIMITED);
    Decision d = policy.decide(IpLiterals.parse("203.0.113.77"));
    assertThat(d)
        .isInstanceOfSatisfying(
            Decision.Refused.class,
            r -> {
              assertThat(r.level()).isEqualTo(RuleLevel.LISTENER);
              assertThat(r.rule()).hasToString("listener-rule-1 (deny 203.0.113.0/24, priority 2)");
            });
  }
}
