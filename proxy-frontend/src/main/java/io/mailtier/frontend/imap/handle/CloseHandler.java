package io.mailtier.frontend.imap.handle;

import io.mailtier.frontend.backend.ImapErrorMapper;
import io.mailtier.frontend.imap.command.ImapCommand;
import io.mailtier.frontend.imap.response.StatusResponse;
import io.mailtier.frontend.imap.session.SessionState;
import io.vertx.core.Future;
import java.util.List;

/**
 * CLOSE: expunges silently unless read-only, then leaves the selected state (even when the expunge
 * fails, which the client learns from the NO).
 */
final class CloseHandler implements CommandHandler<ImapCommand.Close, SessionState.Selected> {
  @Override
  public Future<Outcome> handle(
      ImapCommand.Close command, SessionState.Selected state, HandlerContext ctx) {
    String tag = command.tag();
    SessionState next = state.deselect();
    if (state.readOnly()) {
      return Future.succeededFuture(
          Outcome.of(next, List.of(StatusResponse.ok(tag, "CLOSE completed"))));
    }
    return ExpungeHandler.expunge(ctx, state, List.of())
        .map(r -> Outcome.of(next, List.of(StatusResponse.ok(tag, "CLOSE completed"))))
        .otherwise(t ->
            Outcome.of(
                next,
                List.of(ImapErrorMapper.toResponse(tag, t, ImapErrorMapper.Operation.OTHER))));
  }
}
