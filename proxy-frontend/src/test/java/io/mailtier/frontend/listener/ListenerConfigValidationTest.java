package io.mailtier.frontend.listener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mailtier.common.config.ConfigException;
import io.mailtier.common.config.YamlConfigLoader;
import io.mailtier.frontend.listener.flow.FlowControl;
import io.mailtier.frontend.listener.flow.HazelcastConfig;
import io.mailtier.frontend.listener.proxy.ProxyProtocolMode;
import io.mailtier.frontend.listener.rules.AccessRule;
import io.mailtier.frontend.listener.rules.Action;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The listener-layer records bound from YAML the way the front-end will bind them. */
class ListenerConfigValidationTest {
  /** The listener keys this layer owns (the full listener record belongs to the transport). */
  record Snippet(
      ProxyProtocolMode proxyProtocol,
      FlowControl flowControl,
      ErrorControl errorControl,
      List<AccessRule> rules,
      HazelcastConfig hazelcast) {}

  private final YamlConfigLoader loader = new YamlConfigLoader();

  private Snippet parse(String yaml) {
    return loader.parse(yaml, Snippet.class, "frontend.yaml");
  }

  @Test
  void aCompleteSnippetShouldBind() {
    Snippet s =
        parse(
            """
            proxyProtocol: v2
            flowControl:
              maxConnections: 1000
              maxConnectionsPerIp: 20
              maxNewConnections: 600
              maxNewConnectionsPerIp: 30
              interval: 30s
              reservedForTrusted: 50
              trustedNetworks: [10.0.0.0/8, "2001:db8::/32"]
            errorControl:
              maxBadCommands: 5
            rules:
              - priority: 1
                action: deny
                match: 203.0.113.0/24
              - priority: 5
                action: allow
                match: 192.0.2.10-192.0.2.20
                flowControl:
                  maxConnectionsPerIp: 2
            hazelcast:
              enabled: true
              members: [127.0.0.1:5701, 127.0.0.1:5702]
            """);
    assertThat(s.proxyProtocol()).isEqualTo(ProxyProtocolMode.V2);
    assertThat(s.flowControl().interval()).isEqualTo(Duration.ofSeconds(30));
    assertThat(s.flowControl().trustedNetworks())
        .containsExactly(IpMatch.parse("10.0.0.0/8"), IpMatch.parse("2001:db8::/32"));
    assertThat(s.errorControl())
        .isEqualTo(new ErrorControl(5, ErrorControl.DEFAULT_MAX_AUTH_FAILURES));
    assertThat(s.rules()).extracting(AccessRule::action).containsExactly(Action.DENY, Action.ALLOW);
    assertThat(s.rules().get(1).flowControl().maxConnectionsPerIp()).isEqualTo(2);
    assertThat(s.rules().get(0).flowControl()).isEqualTo(FlowControl.UNLIMITED);
    assertThat(s.hazelcast().clusterName()).isEqualTo(HazelcastConfig.DEFAULT_CLUSTER_NAME);
    assertThat(s.hazelcast().port()).isEqualTo(HazelcastConfig.DEFAULT_PORT);
  }

  @Test
  void absentKeysShouldMeanNoLimitAndTheDefaults() {
    Snippet s = parse("flowControl: {}\nerrorControl: {}\n");
    assertThat(s.flowControl().isUnlimited()).isTrue();
    assertThat(s.flowControl().interval()).isEqualTo(FlowControl.DEFAULT_INTERVAL);
    assertThat(s.errorControl()).isEqualTo(ErrorControl.DEFAULT);
    assertThat(s.errorControl().maxBadCommands()).isEqualTo(ErrorControl.DEFAULT_MAX_BAD_COMMANDS);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "bad CIDR | rules: [{priority: 1, action: deny, match: 10.0.0.0/33}]"
            + " | rules[0].match | '10.0.0.0/33' is not a valid CIDR block",
        "host bits set | rules: [{priority: 1, action: deny, match: 10.0.0.1/8}]"
            + " | rules[0].match | did you mean 10.0.0.0/8?",
        "reversed range | rules: [{priority: 1, action: deny, match: 10.0.0.9-10.0.0.1}]"
            + " | rules[0].match | the first address is after the last",
        "mixed-family range | rules: [{priority: 1, action: allow, match: '10.0.0.1-::1'}]"
            + " | rules[0].match | both ends must be IPv4 or both IPv6",
        "host name | rules: [{priority: 1, action: allow, match: mail.example.com}]"
            + " | rules[0].match | host names are not allowed",
        "host name in trusted networks | flowControl: {trustedNetworks: [lb.internal]}"
            + " | flowControl.trustedNetworks[0] | host names are not allowed",
        "negative limit | flowControl: {maxConnections: -1}"
            + " | flowControl | maxConnections must be 0 (no limit) or a positive number, was -1",
        "negative limit in a rule | rules: [{priority: 1, action: allow, match: 10.0.0.0/8,"
            + " flowControl: {maxNewConnectionsPerIp: -5}}]"
            + " | rules[0].flowControl | maxNewConnectionsPerIp must be 0 (no limit)",
        "reserve without total | flowControl: {reservedForTrusted: 5}"
            + " | flowControl | reservedForTrusted needs maxConnections",
        "reserve too big | flowControl: {maxConnections: 5, reservedForTrusted: 5}"
            + " | flowControl | must be less than maxConnections",
        "interval below a second | flowControl: {interval: 500ms}"
            + " | flowControl | interval must be at least 1s",
        "missing priority | rules: [{action: deny, match: 10.0.0.0/8}]"
            + " | rules[0] | priority is required",
        "negative priority | rules: [{priority: -1, action: deny, match: 10.0.0.0/8}]"
            + " | rules[0] | priority must be 0 or more",
        "deny with limits | rules: [{priority: 1, action: deny, match: 10.0.0.0/8,"
            + " flowControl: {maxConnections: 1}}]"
            + " | rules[0] | a deny rule has no flowControl",
        "unknown action | rules: [{priority: 1, action: reject, match: 10.0.0.0/8}]"
            + " | rules[0].action | reject",
        "unknown proxy mode | proxyProtocol: v3 | proxyProtocol | v3",
        "negative error limit | errorControl: {maxAuthFailures: -2}"
            + " | errorControl | maxAuthFailures must be a positive number",
        "misspelt key | flowControl: {maxConnectionPerIp: 3}"
            + " | flowControl | unknown key 'maxConnectionPerIp'",
        "hazelcast without members | hazelcast: {enabled: true}"
            + " | hazelcast | enabled needs members",
        "hazelcast port range | hazelcast: {enabled: true, members: ['127.0.0.1:5701-5703']}"
            + " | hazelcast | one port 1..65535 (no ranges)",
      })
  void invalidConfigurationShouldNameTheKeyAndTheProblem(
      String why, String yaml, String key, String reason) {
    assertThatThrownBy(() -> parse(yaml))
        .as(why)
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("frontend.yaml")
        .hasMessageContaining("key '" + key)
        .hasMessageContaining(reason);
  }
}
