package io.mailtier.frontend.imap.handle;

import io.mailtier.frontend.auth.AuthResult;
import io.mailtier.frontend.backend.ImapErrorMapper;
import io.mailtier.frontend.imap.command.ImapCommand;
import io.mailtier.frontend.imap.response.ResponseCode;
import io.mailtier.frontend.imap.response.StatusResponse;
import io.mailtier.frontend.imap.session.SessionState;
import io.vertx.core.Future;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** LOGIN user password. */
final class LoginHandler
    implements CommandHandler<ImapCommand.Login, SessionState.NotAuthenticated> {
  private static final Logger LOG = LoggerFactory.getLogger(LoginHandler.class);

  @Override
  public Future<Outcome> handle(
      ImapCommand.Login command, SessionState.NotAuthenticated state, HandlerContext ctx) {
    if (!state.security().authAllowed()) {
      return Future.succeededFuture(privacyRequired(command.tag(), state));
    }
    return ctx.authenticator()
        .authenticate(command.user(), command.password(), ctx.clientIp())
        .map(result -> complete(command.tag(), command.user(), result, ctx));
  }

  /** The tagged response and next state of a finished login (LOGIN or AUTHENTICATE). */
  static Outcome complete(String tag, String login, AuthResult result, HandlerContext ctx) {
    return switch (result) {
      case AuthResult.Success s -> {
        ctx.metrics().loginOk();
        LOG.info(
            "[{}] login ok: {} on {}", ctx.sessionId(), s.route().account(), s.route().backend());
        yield Outcome.of(
            new SessionState.Authenticated(s.route()),
            List.of(
                StatusResponse.ok(
                    tag,
                    ResponseCode.CAPABILITY,
                    Capabilities.joined(Capabilities.AUTHENTICATED),
                    "Logged in")));
      }
      case AuthResult.Rejected r -> {
        ctx.metrics().loginFailed();
        LOG.info("[{}] login failed: {}", ctx.sessionId(), printable(login));
        yield Outcome.of(
            StatusResponse.no(
                tag, ResponseCode.AUTHENTICATIONFAILED, ImapErrorMapper.AUTHENTICATION_FAILED));
      }
      case AuthResult.LockedOut l -> {
        ctx.metrics().loginLockedOut();
        ctx.metrics().listenerRefused(ctx.listener(), "lockout");
        LOG.info("[{}] login refused, locked out: {}", ctx.sessionId(), printable(login));
        yield Outcome.of(
            StatusResponse.no(
                tag, ResponseCode.AUTHENTICATIONFAILED, ImapErrorMapper.AUTHENTICATION_FAILED));
      }
      case AuthResult.Unavailable u -> {
        ctx.metrics().loginUnavailable();
        LOG.warn("[{}] login of {} unavailable: {}", ctx.sessionId(), printable(login), u.reason());
        yield Outcome.of(
            StatusResponse.no(tag, ResponseCode.UNAVAILABLE, ImapErrorMapper.UNAVAILABLE));
      }
    };
  }

  /** LOGIN or AUTHENTICATE on a connection that must be secured first (RFC 9051 7.1). */
  static Outcome privacyRequired(String tag, SessionState.NotAuthenticated state) {
    return Outcome.of(
        StatusResponse.no(
            tag,
            ResponseCode.PRIVACYREQUIRED,
            state.security().canStartTls()
                ? "Use STARTTLS before logging in"
                : "Logging in needs a TLS connection (use the TLS port)"));
  }

  private static String printable(String login) {
    String s = login.length() > 64 ? login.substring(0, 64) + "..." : login;
    return s.replaceAll("[^\\x21-\\x7e]", "?");
  }
}
