package io.mailtier.frontend.imap.handle;

import io.mailtier.frontend.imap.command.ImapCommand;
import io.mailtier.frontend.imap.response.StatusResponse;
import io.mailtier.frontend.imap.session.SessionState;
import io.vertx.core.Future;
import java.util.List;

/** UNSELECT (RFC 3691): leaves the selected state without expunging. */
final class UnselectHandler implements CommandHandler<ImapCommand.Unselect, SessionState.Selected> {
  @Override
  public Future<Outcome> handle(
      ImapCommand.Unselect command, SessionState.Selected state, HandlerContext ctx) {
    return Future.succeededFuture(
        Outcome.of(
            state.deselect(), List.of(StatusResponse.ok(command.tag(), "UNSELECT completed"))));
  }
}
