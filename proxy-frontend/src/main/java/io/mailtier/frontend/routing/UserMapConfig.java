package io.mailtier.frontend.routing;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * The configuration of a user map ({@code userMap:} in the front-end's YAML).
 *
 * @param type which kind of map
 * @param file for {@code type: file}: the pattern file (lines of {@code <regex> <backend>})
 * @param ldap for the LDAP types: the connector
 * @param cache how long and how many lookups each front-end keeps
 */
public record UserMapConfig(Type type, Path file, LdapConnectorConfig ldap, Cache cache) {
  /** The kinds of user map (ARCHITECTURE.md, "Routing: user maps"). */
  public enum Type {
    /** A file of {@code <pattern> <backend>} lines; first match wins. */
    @JsonProperty("file")
    FILE,
    /** LDAP: search with the service account, read the routing and password attributes. */
    @JsonProperty("ldap-password")
    LDAP_PASSWORD,
    /** LDAP: search for the user's DN, then bind as the user to check the password. */
    @JsonProperty("ldap-bind")
    LDAP_BIND
  }

  public UserMapConfig {
    Objects.requireNonNull(type, "type is required: file, ldap-password or ldap-bind");
    if (type == Type.FILE && file == null) {
      throw new IllegalArgumentException("type 'file' needs 'file' (the path of the pattern file)");
    }
    if (type != Type.FILE && ldap == null) {
      throw new IllegalArgumentException("an LDAP user map needs 'ldap' (the connector settings)");
    }
    cache = cache == null ? Cache.DEFAULT : cache;
  }

  /**
   * The per-front-end route cache. Entries are also dropped when directory-sync announces a change.
   *
   * @param ttl how long a lookup is kept (0 disables the cache)
   * @param maxEntries the most lookups kept
   */
  public record Cache(Duration ttl, int maxEntries) {
    public static final Duration DEFAULT_TTL = Duration.ofSeconds(30);
    public static final int DEFAULT_MAX_ENTRIES = 100_000;
    public static final Cache DEFAULT = new Cache(DEFAULT_TTL, DEFAULT_MAX_ENTRIES);

    public Cache {
      ttl = ttl == null ? DEFAULT_TTL : ttl;
      if (ttl.isNegative()) {
        throw new IllegalArgumentException("ttl must not be negative");
      }
      if (maxEntries <= 0) {
        maxEntries = DEFAULT_MAX_ENTRIES;
      }
    }
  }
}
