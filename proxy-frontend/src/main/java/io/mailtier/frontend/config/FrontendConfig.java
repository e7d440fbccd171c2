package io.mailtier.frontend.config;

import io.mailtier.common.config.YamlConfigLoader;
import io.mailtier.frontend.routing.UserMapConfig;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;

/**
 * The front-end's configuration file, bound once at start. See the module's README for the keys.
 *
 * @param defaultDomain appended to login names without a domain
 * @param imap the IMAP service
 * @param userMap the user map (routing)
 * @param backends the back-end nodes and the call deadline
 * @param admin the admin endpoint; null = none
 */
public record FrontendConfig(
    String defaultDomain,
    ImapConfig imap,
    UserMapConfig userMap,
    BackendsConfig backends,
    AdminConfig admin) {

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

  /** Loads and validates a file; throws {@link io.mailtier.common.config.ConfigException}. */
  public static FrontendConfig load(Path path) {
    return new YamlConfigLoader().load(path, FrontendConfig.class);
  }

  /** Parses YAML text (tests, embedded defaults). */
  public static FrontendConfig parse(String yaml, String source) {
    return new YamlConfigLoader().parse(yaml, FrontendConfig.class, source);
  }
}
