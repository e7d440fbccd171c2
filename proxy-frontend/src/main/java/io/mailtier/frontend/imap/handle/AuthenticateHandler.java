package io.mailtier.frontend.imap.handle;

import io.mailtier.frontend.auth.SaslPlain;
import io.mailtier.frontend.imap.command.ImapCommand;
import io.mailtier.frontend.imap.response.ContinuationRequest;
import io.mailtier.frontend.imap.response.ResponseCode;
import io.mailtier.frontend.imap.response.StatusResponse;
import io.mailtier.frontend.imap.session.SessionState;
import io.vertx.core.Future;
import java.util.List;

/** AUTHENTICATE PLAIN, with an initial response (SASL-IR) or after a continuation request. */
final class AuthenticateHandler
    implements CommandHandler<ImapCommand.Authenticate, SessionState.NotAuthenticated> {
  @Override
  public Future<Outcome> handle(
      ImapCommand.Authenticate command, SessionState.NotAuthenticated state, HandlerContext ctx) {
    String tag = command.tag();
    if (!state.security().authAllowed()) {
      return Future.succeededFuture(LoginHandler.privacyRequired(tag, state));
    }
    if (!command.mechanism().equals("PLAIN")) {
      return Outcome.now(
          StatusResponse.no(tag, ResponseCode.CANNOT, "Unsupported authentication mechanism"));
    }
    if (command.initialResponse().isPresent()) {
      return plain(tag, command.initialResponse().get(), ctx);
    }
    return Future.succeededFuture(
        new Outcome(
            List.of(ContinuationRequest.EMPTY), null, line -> plain(tag, line.trim(), ctx)));
  }

  private static Future<Outcome> plain(String tag, String response, HandlerContext ctx) {
    if (response.equals("*")) {
      return Outcome.now(StatusResponse.bad(tag, "Authentication cancelled"));
    }
    var credentials = SaslPlain.decode(response.equals("=") ? "" : response);
    if (credentials.isEmpty()) {
      return Outcome.now(StatusResponse.bad(tag, "Invalid SASL PLAIN response"));
    }
    var c = credentials.get();
    if (!c.authzid().isEmpty() && !ctx.authenticator().sameAccount(c.authzid(), c.authcid())) {
      ctx.metrics().loginFailed();
      return Outcome.now(
          StatusResponse.no(
              tag,
              ResponseCode.AUTHENTICATIONFAILED,
              io.mailtier.frontend.backend.ImapErrorMapper.AUTHENTICATION_FAILED));
    }
    return ctx.authenticator()
        .authenticate(c.authcid(), c.password(), ctx.clientIp())
        .map(result -> LoginHandler.complete(tag, c.authcid(), result, ctx));
  }
}
