package io.mailtier.frontend.config;

import io.mailtier.common.config.YamlConfigLoader;
import io.mailtier.frontend.auth.AuthLockoutConfig;
import io.mailtier.frontend.listener.ListenerConfig;
import io.mailtier.frontend.listener.flow.HazelcastConfig;
import io.mailtier.frontend.listener.rules.AccessRule;
import io.mailtier.frontend.routing.UserMapConfig;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The front-end's configuration file, bound once at start. See the module's README for the keys.
 *
 * @param defaultDomain appended to login names without a domain
 * @param imap the IMAP service
 * @param userMap the user map (routing)
 * @param backends the back-end nodes and the call deadline
 * @param admin the admin endpoint; null = none
 * @param rules the global allow/deny rules, for services and listeners without their own
 * @param hazelcast the embedded member holding cluster-wide counters; absent = local counters
 * @param authLockout cluster-wide authentication lockout; absent = off
 */
public record FrontendConfig(
    String defaultDomain,
    ImapConfig imap,
    UserMapConfig userMap,
    BackendsConfig backends,
    AdminConfig admin,
    List<AccessRule> rules,
    HazelcastConfig hazelcast,
    AuthLockoutConfig authLockout) {

  public FrontendConfig {
    Objects.requireNonNull(defaultDomain, "defaultDomain is required (e.g. example.test)");
    if (defaultDomain.isBlank() || defaultDomain.contains("@")) {
      throw new IllegalArgumentException("defaultDomain must be a domain name");
    }
    defaultDomain = defaultDomain.toLowerCase(Locale.ROOT);
    Objects.requireNonNull(imap, "imap is required");
    Objects.requireNonNull(userMap, "userMap is required");
    backends = backends == null ? new BackendsConfig(null, null) : backends;
    admin = admin == null ? new AdminConfig(null) : admin;
    rules = rules == null ? List.of() : List.copyOf(rules);
    hazelcast = hazelcast == null ? HazelcastConfig.DISABLED : hazelcast;
    authLockout = authLockout == null ? AuthLockoutConfig.DISABLED : authLockout;
    rejectDuplicateAddresses(Map.of("imap", imap.listeners()));
    if (imap.failoverBackend() != null && !backends.nodes().containsKey(imap.failoverBackend())) {
      throw new IllegalArgumentException(
          "imap.failoverBackend '" + imap.failoverBackend() + "' is not in backends.nodes");
    }
    if (imap.authentication() == AuthenticationMode.PROXY
        && userMap.type() == UserMapConfig.Type.FILE) {
      throw new IllegalArgumentException(
          "imap.authentication 'proxy' needs an LDAP user map (ldap-password or ldap-bind)");
    }
  }

  /**
   * Two listeners on one address, in one service or across services, is an error. Port 0 (a free
   * port, tests) never collides.
   */
  private static void rejectDuplicateAddresses(Map<String, List<ListenerConfig>> services) {
    Map<String, String> seen = new HashMap<>();
    services.forEach((service, listeners) -> {
      for (int i = 0; i < listeners.size(); i++) {
        ListenerConfig l = listeners.get(i);
        String key = service + ".listeners[" + i + "].address";
        String before = l.port() == 0 ? null : seen.putIfAbsent(l.address(), key);
        if (before != null) {
          throw new IllegalArgumentException(
              key + ": '" + l.address() + "' is already the address of " + before);
        }
      }
    });
  }

  /** Loads and validates a file; throws {@link io.mailtier.common.config.ConfigException}. */
  public static FrontendConfig load(Path path) {
    return new YamlConfigLoader().load(path, FrontendConfig.class);
  }

  /** Parses YAML text (tests, embedded defaults). */
  public static FrontendConfig parse(String yaml, String source) {
    return new YamlConfigLoader().parse(yaml, FrontendConfig.class, source);
  }
}
