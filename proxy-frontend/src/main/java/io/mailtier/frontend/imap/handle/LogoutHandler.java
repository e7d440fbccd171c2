package io.mailtier.frontend.imap.handle;

import io.mailtier.frontend.imap.command.ImapCommand;
import io.mailtier.frontend.imap.response.StatusResponse;
import io.mailtier.frontend.imap.session.SessionState;
import io.vertx.core.Future;
import java.util.List;

/** LOGOUT: BYE, OK, then the connection closes. */
final class LogoutHandler implements CommandHandler<ImapCommand.Logout, SessionState> {
  @Override
  public Future<Outcome> handle(
      ImapCommand.Logout command, SessionState state, HandlerContext context) {
    return Future.succeededFuture(
        Outcome.of(
            new SessionState.Logout(),
            List.of(
                StatusResponse.bye("Logging out"),
                StatusResponse.ok(command.tag(), "LOGOUT completed"))));
  }
}
