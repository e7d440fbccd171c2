package io.mailtier.frontend.imap.handle;

import io.mailtier.frontend.imap.command.ImapCommand;
import io.mailtier.frontend.imap.response.StatusResponse;
import io.mailtier.frontend.imap.response.UntaggedData;
import io.mailtier.frontend.imap.session.SessionState;
import io.vertx.core.Future;

/** CAPABILITY: the list depends on whether the user is logged in. */
final class CapabilityHandler implements CommandHandler<ImapCommand.Capability, SessionState> {
  @Override
  public Future<Outcome> handle(
      ImapCommand.Capability command, SessionState state, HandlerContext context) {
    var caps =
        state instanceof SessionState.LoggedIn
            ? Capabilities.AUTHENTICATED
            : state instanceof SessionState.NotAuthenticated n
                ? Capabilities.notAuthenticated(n.security())
                : Capabilities.NOT_AUTHENTICATED;
    return Outcome.now(
        new UntaggedData.Capability(caps),
        StatusResponse.ok(command.tag(), "CAPABILITY completed"));
  }
}
