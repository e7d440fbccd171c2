package io.mailtier.frontend.routing;

import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.BindRequest;
import com.unboundid.ldap.sdk.DereferencePolicy;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPConnectionOptions;
import com.unboundid.ldap.sdk.LDAPConnectionPool;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPSearchException;
import com.unboundid.ldap.sdk.LDAPURL;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.ldap.sdk.SimpleBindRequest;
import com.unboundid.ldap.sdk.SingleServerSet;
import com.unboundid.util.ssl.HostNameSSLSocketVerifier;
import com.unboundid.util.ssl.JVMDefaultTrustManager;
import com.unboundid.util.ssl.SSLUtil;
import io.mailtier.frontend.auth.password.PasswordSchemes;
import java.security.GeneralSecurityException;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import javax.net.SocketFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The LDAP user maps, {@code ldap-password} and {@code ldap-bind} (ARCHITECTURE.md, "Routing: user
 * maps").
 *
 * <p>{@link #lookup} searches under the connector's base DN with its filter, {@code %u}, {@code %d}
 * and {@code %e} replaced by the local part, the domain and the address, each escaped as an RFC
 * 4515 assertion value, through a pool of connections bound as the service account (or anonymous).
 * The routing attribute of the first entry found names the back-end; when several entries match,
 * the first is used and a warning is logged; an entry without the attribute has no route.
 *
 * <p>{@link #authenticate} refuses an empty password before talking to the directory (an empty
 * simple bind is an unauthenticated bind, which "succeeds"), then: with {@link
 * CheckBy#PASSWORD_ATTRIBUTE} reads the password attribute through the service pool and checks it
 * with {@link PasswordSchemes}; with {@link CheckBy#BIND} binds as the entry's DN on a second pool
 * used only for user binds, so the service pool keeps its identity.
 *
 * <p>A directory that cannot answer (connection refused or lost, a timeout, busy, any failed
 * search) gives {@link DirectoryUnavailableException}, never "wrong password". Each operation is
 * bounded by the connector's {@code timeout}: connecting, waiting for a pooled connection, and
 * waiting for a response; a failed operation on a stale pooled connection is retried once on a new
 * one. Blocking: call from a worker thread.
 */
public final class LdapUserMap implements CredentialCheckingUserMap {
  private static final Logger LOG = LoggerFactory.getLogger(LdapUserMap.class);

  /** How {@link #authenticate} checks the password. */
  public enum CheckBy {
    /** {@code ldap-password}: read the password attribute and verify it here. */
    PASSWORD_ATTRIBUTE,
    /** {@code ldap-bind}: bind to the directory as the user's entry. */
    BIND
  }

  /** Bind results that mean "these credentials are refused", as opposed to "cannot answer". */
  private static final Set<ResultCode> REFUSED =
      Set.of(
          ResultCode.INVALID_CREDENTIALS,
          ResultCode.INAPPROPRIATE_AUTHENTICATION,
          ResultCode.UNWILLING_TO_PERFORM,
          ResultCode.INSUFFICIENT_ACCESS_RIGHTS,
          ResultCode.NO_SUCH_OBJECT,
          ResultCode.INVALID_DN_SYNTAX);

  /**
   * The result of an operation on a pooled connection the server has closed (idle timeout,
   * restart): worth one retry on a new connection. A timeout is not retried.
   */
  private static final ResultCode STALE = ResultCode.SERVER_DOWN;

  private final LdapConnectorConfig config;
  private final CheckBy checkBy;
  private final long timeoutMillis;
  private final LDAPConnectionPool servicePool;
  private final LDAPConnectionPool bindPool; // null unless CheckBy.BIND

  private LdapUserMap(
      LdapConnectorConfig config,
      CheckBy checkBy,
      LDAPConnectionPool servicePool,
      LDAPConnectionPool bindPool) {
    this.config = config;
    this.checkBy = checkBy;
    this.timeoutMillis = config.timeout().toMillis();
    this.servicePool = servicePool;
    this.bindPool = bindPool;
  }

  /**
   * Opens the connection pools. A directory that is down now does not fail this call: the pools
   * connect when first used, and until then lookups throw {@link DirectoryUnavailableException}.
   *
   * @throws IllegalArgumentException when the URL cannot be used
   */
  public static LdapUserMap open(LdapConnectorConfig config, CheckBy checkBy) {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(checkBy, "checkBy");
    LDAPURL url;
    try {
      url = new LDAPURL(config.url());
    } catch (LDAPException e) {
      throw new IllegalArgumentException("not an LDAP URL: " + config.url(), e);
    }
    long timeout = config.timeout().toMillis();
    LDAPConnectionOptions options = new LDAPConnectionOptions();
    options.setConnectTimeoutMillis((int) Math.min(Integer.MAX_VALUE, timeout));
    options.setResponseTimeoutMillis(timeout);
    options.setAbandonOnTimeout(true);
    options.setFollowReferrals(false);
    SocketFactory sockets = null;
    if (url.getScheme().equalsIgnoreCase("ldaps")) {
      try {
        sockets = new SSLUtil(JVMDefaultTrustManager.getInstance()).createSSLSocketFactory();
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("cannot set up TLS for " + config.url(), e);
      }
      options.setSSLSocketVerifier(new HostNameSSLSocketVerifier(true));
    }
    SingleServerSet server = new SingleServerSet(url.getHost(), url.getPort(), sockets, options);
    BindRequest serviceBind =
        config.bindDn().isEmpty()
            ? null
            : new SimpleBindRequest(config.bindDn(), config.bindPassword());
    LDAPConnectionPool servicePool = pool(server, serviceBind, config, "service");
    LDAPConnectionPool bindPool =
        checkBy == CheckBy.BIND ? pool(server, null, config, "user binds") : null;
    return new LdapUserMap(config, checkBy, servicePool, bindPool);
  }

  private static LDAPConnectionPool pool(
      SingleServerSet server, BindRequest bind, LdapConnectorConfig config, String purpose) {
    LDAPConnectionPool pool;
    try {
      // throwOnConnectFailure=false: a directory that is down at start is not fatal.
      pool = new LDAPConnectionPool(server, bind, 1, config.poolSize(), 1, null, false);
    } catch (LDAPException e) {
      throw new IllegalStateException("cannot create the LDAP connection pool", e);
    }
    pool.setConnectionPoolName("user map " + purpose + " " + config.url());
    pool.setCreateIfNecessary(true);
    pool.setMaxWaitTimeMillis(config.timeout().toMillis());
    // Retries are ours (see STALE): the pool's would also repeat a timed-out operation, doubling
    // the time a client waits for a directory that does not answer.
    pool.setRetryFailedOperationsDueToInvalidConnections(false);
    return pool;
  }

  @Override
  public Optional<Route> lookup(String account) throws DirectoryUnavailableException {
    String canonical = canonical(account);
    if (canonical == null) {
      return Optional.empty();
    }
    return find(canonical, config.routingAttribute()).flatMap(e -> route(canonical, e));
  }

  @Override
  public Optional<Route> authenticate(String account, String password)
      throws DirectoryUnavailableException {
    String canonical = canonical(account);
    if (canonical == null || password == null || password.isEmpty()) {
      return Optional.empty();
    }
    return switch (checkBy) {
      case PASSWORD_ATTRIBUTE -> comparePassword(canonical, password);
      case BIND -> bindAsUser(canonical, password);
    };
  }

  private Optional<Route> comparePassword(String account, String password)
      throws DirectoryUnavailableException {
    Optional<SearchResultEntry> entry =
        find(account, config.routingAttribute(), config.passwordAttribute());
    if (entry.isEmpty()) {
      return Optional.empty();
    }
    Optional<Route> route = route(account, entry.get());
    Attribute stored = entry.get().getAttribute(config.passwordAttribute());
    if (route.isEmpty() || stored == null) {
      if (stored == null) {
        LOG.warn(
            "user map: the entry {} has no readable {} (is the service account allowed to read"
                + " it?)",
            entry.get().getDN(),
            config.passwordAttribute());
      }
      return Optional.empty();
    }
    for (String value : stored.getValues()) {
      if (PasswordSchemes.verify(value, password)) {
        return route;
      }
    }
    return Optional.empty();
  }

  private Optional<Route> bindAsUser(String account, String password)
      throws DirectoryUnavailableException {
    Optional<SearchResultEntry> entry = find(account, config.routingAttribute());
    if (entry.isEmpty()) {
      return Optional.empty();
    }
    Optional<Route> route = route(account, entry.get());
    if (route.isEmpty()) {
      return Optional.empty();
    }
    String dn = entry.get().getDN();
    for (int attempt = 1; ; attempt++) {
      LDAPConnection connection;
      try {
        connection = bindPool.getConnection();
      } catch (LDAPException e) {
        throw unavailable("cannot connect to bind as " + dn, e);
      }
      SimpleBindRequest bind = new SimpleBindRequest(dn, password);
      bind.setResponseTimeoutMillis(timeoutMillis);
      try {
        connection.bind(bind);
        bindPool.releaseConnection(connection);
        return route;
      } catch (LDAPException e) {
        bindPool.releaseConnectionAfterException(connection, e);
        if (REFUSED.contains(e.getResultCode())) {
          return Optional.empty();
        }
        if (attempt == 1 && e.getResultCode() == STALE) {
          continue; // a pooled connection the server had closed: try once more on a new one
        }
        throw unavailable("bind as " + dn + " failed", e);
      }
    }
  }

  /** Searches for the account's entry; the first one when several match. */
  private Optional<SearchResultEntry> find(String account, String... attributes)
      throws DirectoryUnavailableException {
    Filter filter;
    try {
      filter = Filter.create(expandFilter(config.filter(), account));
    } catch (LDAPException e) {
      // The template is the operator's; escaped values cannot break it.
      throw unavailable("the user map filter is not valid: " + config.filter(), e);
    }
    SearchRequest request =
        new SearchRequest(
            config.baseDn(),
            scope(config.scope()),
            DereferencePolicy.NEVER,
            2, // one more than needed, to notice duplicates
            (int) Math.max(1, timeoutMillis / 1000),
            false,
            filter,
            attributes);
    request.setResponseTimeoutMillis(timeoutMillis);
    List<SearchResultEntry> entries = null;
    for (int attempt = 1; entries == null; attempt++) {
      try {
        entries = servicePool.search(request).getSearchEntries();
      } catch (LDAPSearchException e) {
        if (e.getResultCode() == ResultCode.SIZE_LIMIT_EXCEEDED && e.getEntryCount() > 0) {
          entries = e.getSearchEntries();
        } else if (attempt > 1 || e.getResultCode() != STALE) {
          throw unavailable("search for " + account + " failed", e);
        }
        // else: a pooled connection the server had closed; the pool dropped it, try a new one
      }
    }
    if (entries.isEmpty()) {
      return Optional.empty();
    }
    if (entries.size() > 1) {
      LOG.warn(
          "user map: more than one entry under {} matches {}; using the first, {}",
          config.baseDn(),
          account,
          entries.get(0).getDN());
    }
    return Optional.of(entries.get(0));
  }

  private Optional<Route> route(String account, SearchResultEntry entry) {
    String backend = entry.getAttributeValue(config.routingAttribute());
    if (backend == null || backend.isBlank()) {
      return Optional.empty();
    }
    return Optional.of(new Route(account, backend.strip()));
  }

  /**
   * Replaces {@code %u}, {@code %d} and {@code %e} in one pass (so a value containing "%d" is not
   * expanded again), each by its RFC 4515-escaped value.
   */
  static String expandFilter(String template, String account) {
    int at = account.lastIndexOf('@');
    String local = at < 0 ? account : account.substring(0, at);
    String domain = at < 0 ? "" : account.substring(at + 1);
    StringBuilder out = new StringBuilder(template.length() + account.length() * 2);
    for (int i = 0; i < template.length(); i++) {
      char c = template.charAt(i);
      if (c == '%' && i + 1 < template.length()) {
        String value =
            switch (template.charAt(i + 1)) {
              case 'u' -> local;
              case 'd' -> domain;
              case 'e' -> account;
              default -> null;
            };
        if (value != null) {
          out.append(Filter.encodeValue(value));
          i++;
          continue;
        }
      }
      out.append(c);
    }
    return out.toString();
  }

  private static String canonical(String account) {
    if (account == null || account.isEmpty() || account.length() > FileUserMap.MAX_ACCOUNT_LENGTH) {
      return null;
    }
    return account.toLowerCase(Locale.ROOT);
  }

  private static SearchScope scope(LdapConnectorConfig.Scope scope) {
    return switch (scope) {
      case BASE -> SearchScope.BASE;
      case ONE -> SearchScope.ONE;
      case SUB -> SearchScope.SUB;
    };
  }

  private DirectoryUnavailableException unavailable(String what, LDAPException e) {
    LOG.warn(
        "user map: {} on {}: {} ({})",
        what,
        config.url(),
        e.getResultCode(),
        e.getDiagnosticMessage() == null ? e.getMessage() : e.getDiagnosticMessage());
    return new DirectoryUnavailableException(
        "the directory " + config.url() + " cannot answer: " + e.getResultCode(), e);
  }

  @Override
  public void close() {
    servicePool.close();
    if (bindPool != null) {
      bindPool.close();
    }
  }
}
