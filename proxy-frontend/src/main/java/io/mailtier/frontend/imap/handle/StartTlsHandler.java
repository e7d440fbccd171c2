package io.mailtier.frontend.imap.handle;

import io.mailtier.frontend.imap.command.ImapCommand;
import io.mailtier.frontend.imap.response.StatusResponse;
import io.mailtier.frontend.imap.session.SessionState;
import io.vertx.core.Future;
import java.util.List;

/**
 * STARTTLS (RFC 9051 6.2.1): only in the not-authenticated state (the dispatch table checks it),
 * only where the listener offers it, only once. The tagged OK asks the transport to run the
 * handshake right after writing it; the transport discards whatever the client pipelined after the
 * command.
 */
final class StartTlsHandler
    implements CommandHandler<ImapCommand.StartTls, SessionState.NotAuthenticated> {
  @Override
  public Future<Outcome> handle(
      ImapCommand.StartTls command, SessionState.NotAuthenticated state, HandlerContext ctx) {
    var security = state.security();
    if (security.tls()) {
      return Outcome.now(StatusResponse.bad(command.tag(), "TLS is already active"));
    }
    if (!security.startTlsOffered()) {
      return Outcome.now(StatusResponse.bad(command.tag(), "STARTTLS is not offered on this port"));
    }
    return Future.succeededFuture(
        Outcome.startTls(
            new SessionState.NotAuthenticated(security.afterStartTls()),
            List.of(StatusResponse.ok(command.tag(), "Begin TLS negotiation now"))));
  }
}
