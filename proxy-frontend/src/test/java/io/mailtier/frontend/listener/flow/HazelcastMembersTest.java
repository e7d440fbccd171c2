package io.mailtier.frontend.listener.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The member configuration built from {@code hazelcast:}. Kubernetes discovery itself needs a
 * cluster (the chart's tests render it); here: which join is enabled and with what.
 */
class HazelcastMembersTest {
  @Test
  void aMemberListShouldGiveTcpIpJoinOnlyOnAFixedPort() {
    Config config =
        HazelcastMembers.config(
            new HazelcastConfig(
                true, "c1", 5801, "127.0.0.1", List.of("127.0.0.1:5801", "127.0.0.2:5801")));
    JoinConfig join = config.getNetworkConfig().getJoin();
    assertThat(join.getTcpIpConfig().isEnabled()).isTrue();
    assertThat(join.getTcpIpConfig().getMembers())
        .containsExactly("127.0.0.1:5801", "127.0.0.2:5801");
    assertThat(join.getKubernetesConfig().isEnabled()).isFalse();
    assertThat(join.getMulticastConfig().isEnabled()).isFalse();
    assertThat(join.getAutoDetectionConfig().isEnabled()).isFalse();
    assertThat(config.getNetworkConfig().getPort()).isEqualTo(5801);
    assertThat(config.getNetworkConfig().isPortAutoIncrement()).isFalse();
    assertThat(config.getClusterName()).isEqualTo("c1");
  }

  @Test
  void aHeadlessServiceShouldGiveKubernetesDiscoveryInDnsModeOnly() {
    Config config =
        HazelcastMembers.config(
            new HazelcastConfig(
                true, null, 0, null, null, "mailtier-frontend-hz.mail.svc.cluster.local"));
    JoinConfig join = config.getNetworkConfig().getJoin();
    assertThat(join.getKubernetesConfig().isEnabled()).isTrue();
    assertThat(join.getKubernetesConfig().getProperty("service-dns"))
        .isEqualTo("mailtier-frontend-hz.mail.svc.cluster.local");
    assertThat(join.getKubernetesConfig().getProperty("service-port")).isEqualTo("5701");
    assertThat(join.getTcpIpConfig().isEnabled()).isFalse();
    assertThat(join.getMulticastConfig().isEnabled()).isFalse();
    assertThat(join.getAutoDetectionConfig().isEnabled()).isFalse();
    assertThat(config.getClusterName()).isEqualTo("mailtier");
  }

  @Test
  void membersAndAServiceTogetherShouldBeRefused() {
    assertThatThrownBy(
            () -> new HazelcastConfig(true, null, 0, null, List.of("10.0.0.1"), "hz.mail.svc"))
        .hasMessageContaining("members and kubernetesServiceDns");
  }

  @Test
  void enabledWithNeitherShouldNameBothKeys() {
    assertThatThrownBy(() -> new HazelcastConfig(true, null, 0, null, null, null))
        .hasMessageContaining("members")
        .hasMessageContaining("kubernetesServiceDns");
  }

  @Test
  void aServiceNameThatIsNoDnsNameShouldBeRefused() {
    assertThatThrownBy(() -> new HazelcastConfig(true, null, 0, null, null, "bad name!"))
        .hasMessageContaining("is not a DNS name");
  }
}
