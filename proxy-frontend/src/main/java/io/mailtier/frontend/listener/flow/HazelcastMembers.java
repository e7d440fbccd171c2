package io.mailtier.frontend.listener.flow;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;

/** Builds and starts the embedded Hazelcast member described by a {@link HazelcastConfig}. */
public final class HazelcastMembers {
  private HazelcastMembers() {}

  /**
   * The member configuration: TCP-IP join on the listed members only, or Kubernetes discovery of a
   * headless Service's addresses (DNS lookup mode); never multicast or auto-detection; a fixed
   * port, no phone-home, slf4j logging.
   */
  public static Config config(HazelcastConfig settings) {
    Config config = new Config();
    config.setClusterName(settings.clusterName());
    config.setProperty("hazelcast.phone.home.enabled", "false");
    config.setProperty("hazelcast.logging.type", "slf4j");
    NetworkConfig network = config.getNetworkConfig();
    network.setPort(settings.port()).setPortAutoIncrement(false);
    if (settings.bindAddress() != null && !settings.bindAddress().isBlank()) {
      config.setProperty("hazelcast.socket.bind.any", "false");
      network.getInterfaces().setEnabled(true).addInterface(settings.bindAddress());
      network.setPublicAddress(settings.bindAddress() + ":" + settings.port());
    }
    JoinConfig join = network.getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    if (settings.kubernetes()) {
      join.getTcpIpConfig().setEnabled(false);
      join.getKubernetesConfig()
          .setEnabled(true)
          .setProperty("service-dns", settings.kubernetesServiceDns())
          .setProperty("service-port", Integer.toString(settings.port()));
    } else {
      join.getTcpIpConfig().setEnabled(true).setMembers(settings.members());
    }
    return config;
  }

  /** Starts a member (blocks until it has joined or formed a cluster). */
  public static HazelcastInstance start(HazelcastConfig settings) {
    return Hazelcast.newHazelcastInstance(config(settings));
  }

  /**
   * Calls {@code action} with the UUID of every member that leaves the cluster, stopped or crashed
   * (on a Hazelcast event thread: hand blocking work to an executor).
   *
   * @return the registration, for {@code getCluster().removeMembershipListener}
   */
  public static java.util.UUID onMemberRemoved(
      HazelcastInstance hazelcast, java.util.function.Consumer<String> action) {
    return hazelcast
        .getCluster()
        .addMembershipListener(
            new com.hazelcast.cluster.MembershipListener() {
              @Override
              public void memberAdded(com.hazelcast.cluster.MembershipEvent event) {}

              @Override
              public void memberRemoved(com.hazelcast.cluster.MembershipEvent event) {
                action.accept(event.getMember().getUuid().toString());
              }
            });
  }
}
