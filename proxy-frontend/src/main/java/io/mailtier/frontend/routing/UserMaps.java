package io.mailtier.frontend.routing;

import java.util.Objects;

/** Builds the user map a front-end's configuration asks for. */
public final class UserMaps {
  private UserMaps() {}

  /**
   * Builds the configured map wrapped in the route cache.
   *
   * <p>The result is a {@link CredentialCheckingUserMap} for the LDAP types ({@code instanceof}
   * tells). Keep the returned {@link CachingUserMap} to call {@link CachingUserMap#invalidate} and
   * {@link CachingUserMap#invalidateAll} when directory-sync announces a change. The caller closes
   * it.
   *
   * @throws io.mailtier.common.config.ConfigException when a file map cannot be loaded
   */
  public static CachingUserMap create(UserMapConfig config) {
    Objects.requireNonNull(config, "config");
    UserMap map =
        switch (config.type()) {
          case FILE -> FileUserMap.load(config.file());
          case LDAP_PASSWORD ->
              LdapUserMap.open(config.ldap(), LdapUserMap.CheckBy.PASSWORD_ATTRIBUTE);
          case LDAP_BIND -> LdapUserMap.open(config.ldap(), LdapUserMap.CheckBy.BIND);
        };
    return CachingUserMap.wrap(map, config.cache());
  }
}
