package io.mailtier.frontend.auth;

import io.grpc.Status;
import io.mailtier.common.grpc.GrpcErrors;
import io.mailtier.frontend.auth.lockout.AuthLockout;
import io.mailtier.frontend.backend.ImapErrorMapper;
import io.mailtier.frontend.backend.MailstoreClient;
import io.mailtier.frontend.config.AuthenticationMode;
import io.mailtier.frontend.routing.CredentialCheckingUserMap;
import io.mailtier.frontend.routing.DirectoryUnavailableException;
import io.mailtier.frontend.routing.Route;
import io.mailtier.frontend.routing.UserMap;
import io.mailtier.proto.mailstore.v1.AuthenticateRequest;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks a login and finds the account's route, in one of the two modes: at the proxy (the user map
 * checks the password) or at the back-end (the user map routes, the node checks). User-map calls
 * may block and run on a worker thread; the result comes back on the caller's context.
 */
public final class Authenticator {
  private static final Logger LOG = LoggerFactory.getLogger(Authenticator.class);

  private final Vertx vertx;
  private final UserMap userMap;
  private final AuthenticationMode mode;
  private final String failoverBackend;
  private final AccountNames names;
  private final MailstoreClient mailstore;
  private final AuthLockout lockout;

  public Authenticator(
      Vertx vertx,
      UserMap userMap,
      AuthenticationMode mode,
      String failoverBackend,
      AccountNames names,
      MailstoreClient mailstore) {
    this(vertx, userMap, mode, failoverBackend, names, mailstore, AuthLockout.disabled());
  }

  /**
   * @param lockout the cluster-wide lockout consulted before, and told after, each check
   */
  public Authenticator(
      Vertx vertx,
      UserMap userMap,
      AuthenticationMode mode,
      String failoverBackend,
      AccountNames names,
      MailstoreClient mailstore,
      AuthLockout lockout) {
    if (mode == AuthenticationMode.PROXY && !(userMap instanceof CredentialCheckingUserMap)) {
      throw new IllegalArgumentException(
          "proxy authentication needs a user map that checks credentials (an LDAP map)");
    }
    this.vertx = vertx;
    this.userMap = userMap;
    this.mode = mode;
    this.failoverBackend = failoverBackend;
    this.names = names;
    this.mailstore = mailstore;
    this.lockout = lockout;
  }

  /**
   * This authenticator with another MailStore client (a session's, whose calls carry the session's
   * origin as metadata).
   */
  public Authenticator using(MailstoreClient client) {
    return new Authenticator(vertx, userMap, mode, failoverBackend, names, client, lockout);
  }

  /**
   * Whether two login names name the same account (SASL: an authorization identity may only be the
   * authentication identity itself).
   */
  public boolean sameAccount(String a, String b) {
    Optional<String> ca = names.canonical(a);
    return ca.isPresent() && ca.equals(names.canonical(b));
  }

  /**
   * Authenticates a login name and password; never fails (failures are results). With a lockout
   * configured, a locked account or client IP is answered {@link AuthResult.LockedOut} without
   * asking the directory, and a rejection is counted before the answer is given.
   */
  public Future<AuthResult> authenticate(String login, String password, String clientIp) {
    if (!lockout.enabled()) {
      return check(login, password, clientIp);
    }
    String user = names.canonical(login).orElse(login.toLowerCase(Locale.ROOT));
    return onCurrentContext(lockout.isLocked(user, clientIp))
        .compose(locked -> {
          if (locked) {
            return Future.succeededFuture(new AuthResult.LockedOut());
          }
          return check(login, password, clientIp)
              .compose(result ->
                  result instanceof AuthResult.Rejected
                      ? onCurrentContext(lockout.recordFailure(user, clientIp)).map(v -> result)
                      : Future.succeededFuture(result));
        });
  }

  private static <T> Future<T> onCurrentContext(CompletionStage<T> stage) {
    Context context = Vertx.currentContext();
    return context == null
        ? Future.fromCompletionStage(stage)
        : Future.fromCompletionStage(stage, context);
  }

  private Future<AuthResult> check(String login, String password, String clientIp) {
    Optional<String> account = names.canonical(login);
    if (account.isEmpty() || password.isEmpty()) {
      return Future.succeededFuture(new AuthResult.Rejected());
    }
    Future<AuthResult> result =
        mode == AuthenticationMode.PROXY
            ? atProxy(account.get(), password)
            : atBackend(account.get(), password, clientIp);
    return result.recover(t -> {
      LOG.warn("authentication of {} failed unexpectedly", account.get(), t);
      return Future.succeededFuture(new AuthResult.Unavailable(t.toString()));
    });
  }

  private Future<AuthResult> atProxy(String account, String password) {
    CredentialCheckingUserMap map = (CredentialCheckingUserMap) userMap;
    return vertx.executeBlocking(
        () -> {
          try {
            Optional<Route> route = map.authenticate(account, password);
            return route
                .<AuthResult>map(AuthResult.Success::new)
                .orElseGet(AuthResult.Rejected::new);
          } catch (DirectoryUnavailableException e) {
            return new AuthResult.Unavailable("directory: " + e.getMessage());
          }
        },
        false);
  }

  private Future<AuthResult> atBackend(String account, String password, String clientIp) {
    return vertx
        .executeBlocking(
            () -> {
              try {
                return Optional.of(route(account));
              } catch (DirectoryUnavailableException e) {
                LOG.warn("user map unavailable for {}: {}", account, e.getMessage());
                return Optional.<Optional<Route>>empty();
              }
            },
            false)
        .compose(lookup -> {
          if (lookup.isEmpty()) {
            return Future.succeededFuture(new AuthResult.Unavailable("directory"));
          }
          if (lookup.get().isEmpty()) {
            return Future.succeededFuture(new AuthResult.Rejected());
          }
          Route route = lookup.get().get();
          AuthenticateRequest request =
              AuthenticateRequest.newBuilder()
                  .setAccount(account)
                  .setPassword(password)
                  .setClientIp(clientIp == null ? "" : clientIp)
                  .build();
          return mailstore
              .authenticate(route.backend(), request)
              .<AuthResult>map(ok -> new AuthResult.Success(route))
              .recover(t -> Future.succeededFuture(classify(route, t)));
        });
  }

  private Optional<Route> route(String account) throws DirectoryUnavailableException {
    Optional<Route> route = userMap.lookup(account);
    if (route.isEmpty() && failoverBackend != null) {
      return Optional.of(new Route(account, failoverBackend));
    }
    return route;
  }

  private static AuthResult classify(Route route, Throwable t) {
    if (GrpcErrors.code(t) == Status.Code.UNAUTHENTICATED) {
      return new AuthResult.Rejected();
    }
    if (ImapErrorMapper.isTemporary(t)) {
      LOG.warn("back-end {} unavailable: {}", route.backend(), t.getMessage());
    } else {
      LOG.warn("back-end {} refused authentication: {}", route.backend(), t.toString());
    }
    return new AuthResult.Unavailable(route.backend() + ": " + GrpcErrors.code(t));
  }
}
