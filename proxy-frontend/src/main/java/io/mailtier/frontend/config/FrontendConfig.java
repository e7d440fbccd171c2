package io.mailtier.frontend.config;

import io.mailtier.common.config.YamlConfigLoader;
import io.mailtier.frontend.auth.AuthLockoutConfig;
import io.mailtier.frontend.listener.ListenerConfig;
import io.mailtier.frontend.listener.flow.HazelcastConfig;
import io.mailtier.frontend.listener.rules.AccessRule;
import io.mailtier.frontend.routing.UserMapConfig;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
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
 * @param dataDir where the front-end keeps files it creates (the generated self-signed
 *     certificate); null = none, and then every TLS listener needs a configured certificate
 * @param hostName the name clients use for this front-end; the generated certificate is made out to
 *     it (default localhost)
 * @param pop3 the POP3 service; null = none
 */
public record FrontendConfig(
    String defaultDomain,
    ImapConfig imap,
    UserMapConfig userMap,
    BackendsConfig backends,
    AdminConfig admin,
    List<AccessRule> rules,
    HazelcastConfig hazelcast,
    AuthLockoutConfig authLockout,
    String dataDir,
    String hostName,
    Pop3Config pop3) {
  public static final String DEFAULT_HOST_NAME = "localhost";

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
    Map<String, List<ListenerConfig>> services = new LinkedHashMap<>();
    services.put("imap", imap.listeners());
    if (pop3 != null) {
      services.put("pop3", pop3.listeners());
    }
    rejectDuplicateAddresses(services);
    checkService("imap", imap.failoverBackend(), imap.authentication(), backends, userMap);
    if (pop3 != null) {
      checkService("pop3", pop3.failoverBackend(), pop3.authentication(), backends, userMap);
    }
    if (dataDir != null && dataDir.isBlank()) {
      dataDir = null;
    }
    hostName = hostName == null ? DEFAULT_HOST_NAME : hostName.toLowerCase(Locale.ROOT);
    if (!hostName.matches("[a-z0-9]([a-z0-9.-]*[a-z0-9])?|[0-9a-f:.]+")) {
      throw new IllegalArgumentException("hostName: '" + hostName + "' is not a host name");
    }
    for (var service : services.entrySet()) {
      requireCertificateSource(service.getKey(), service.getValue(), dataDir);
    }
  }

  public FrontendConfig(
      String defaultDomain,
      ImapConfig imap,
      UserMapConfig userMap,
      BackendsConfig backends,
      AdminConfig admin) {
    this(defaultDomain, imap, userMap, backends, admin, null, null, null, null, null, null);
  }

  private static void checkService(
      String service,
      String failoverBackend,
      AuthenticationMode authentication,
      BackendsConfig backends,
      UserMapConfig userMap) {
    if (failoverBackend != null && !backends.nodes().containsKey(failoverBackend)) {
      throw new IllegalArgumentException(
          service + ".failoverBackend '" + failoverBackend + "' is not in backends.nodes");
    }
    if (authentication == AuthenticationMode.PROXY && userMap.type() == UserMapConfig.Type.FILE) {
      throw new IllegalArgumentException(
          service + ".authentication 'proxy' needs an LDAP user map (ldap-password or ldap-bind)");
    }
  }

  /** A TLS listener needs a certificate, or a data directory to keep a generated one in. */
  private static void requireCertificateSource(
      String service, List<ListenerConfig> listeners, String dataDir) {
    for (int i = 0; i < listeners.size(); i++) {
      var l = listeners.get(i);
      if (l.enabled()
          && l.tls().terminatesTls()
          && l.tlsSettings().certificate() == null
          && dataDir == null) {
        throw new IllegalArgumentException(
            service
                + ".listeners["
                + i
                + "]: tls "
                + l.tls().key()
                + " needs tlsSettings.certificate, or a top-level dataDir to keep a generated"
                + " self-signed certificate in");
      }
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
