package io.mailtier.frontend.routing;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;
import java.util.Objects;

/**
 * An LDAP connector of a user map.
 *
 * @param url {@code ldap://host:port} or {@code ldaps://host:port}
 * @param bindDn the service account's DN; empty for an anonymous search
 * @param bindPassword the service account's password
 * @param baseDn where the search for users starts
 * @param filter the search filter; {@code %u} is the local part, {@code %d} the domain, {@code %e}
 *     the whole address, each LDAP-escaped (RFC 4515) before it is put in
 * @param scope {@code base}, {@code one} or {@code sub}
 * @param routingAttribute the attribute naming the back-end (default {@code mailHost})
 * @param passwordAttribute the password attribute for {@code ldap-password} (default {@code
 *     userPassword})
 * @param timeout the limit for one LDAP operation (default 4 s, 1 s to 600 s)
 * @param poolSize connections kept open (default 4)
 */
public record LdapConnectorConfig(
    String url,
    String bindDn,
    String bindPassword,
    String baseDn,
    String filter,
    Scope scope,
    String routingAttribute,
    String passwordAttribute,
    Duration timeout,
    int poolSize) {
  public static final String DEFAULT_FILTER = "(&(objectClass=inetOrgPerson)(mail=%e))";
  public static final String DEFAULT_ROUTING_ATTRIBUTE = "mailHost";
  public static final String DEFAULT_PASSWORD_ATTRIBUTE = "userPassword";
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(4);
  public static final int DEFAULT_POOL_SIZE = 4;

  /** The search scope. */
  public enum Scope {
    @JsonProperty("base")
    BASE,
    @JsonProperty("one")
    ONE,
    @JsonProperty("sub")
    SUB
  }

  public LdapConnectorConfig {
    Objects.requireNonNull(url, "url is required (ldap://host:port)");
    if (!url.startsWith("ldap://") && !url.startsWith("ldaps://")) {
      throw new IllegalArgumentException("url must start with ldap:// or ldaps://: " + url);
    }
    Objects.requireNonNull(baseDn, "baseDn is required");
    bindDn = bindDn == null ? "" : bindDn;
    bindPassword = bindPassword == null ? "" : bindPassword;
    filter = filter == null ? DEFAULT_FILTER : filter;
    scope = scope == null ? Scope.SUB : scope;
    routingAttribute = routingAttribute == null ? DEFAULT_ROUTING_ATTRIBUTE : routingAttribute;
    passwordAttribute = passwordAttribute == null ? DEFAULT_PASSWORD_ATTRIBUTE : passwordAttribute;
    timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
    if (timeout.compareTo(Duration.ofSeconds(1)) < 0
        || timeout.compareTo(Duration.ofSeconds(600)) > 0) {
      throw new IllegalArgumentException("timeout must be between 1s and 600s, was " + timeout);
    }
    poolSize = poolSize <= 0 ? DEFAULT_POOL_SIZE : poolSize;
  }
}
