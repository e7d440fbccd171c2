package io.mailtier.frontend.imap.handle;

import io.mailtier.frontend.imap.command.ImapCommand;
import io.mailtier.frontend.imap.response.ContinuationRequest;
import io.mailtier.frontend.imap.response.StatusResponse;
import io.mailtier.frontend.imap.session.SessionState;
import io.vertx.core.Future;
import java.util.List;

/**
 * IDLE (RFC 2177): answers {@code + idling} and waits for {@code DONE}. While it waits, the
 * processor pushes the selected mailbox's updates as they arrive (see {@link Waiting}). An idling
 * session holds no thread: it is a continuation and a registration on the front-end's watch stream.
 */
public final class IdleHandler implements CommandHandler<ImapCommand.Idle, SessionState.LoggedIn> {
  static final ContinuationRequest IDLING = new ContinuationRequest("idling");

  /** The continuation of an idling session: the processor pushes updates while it is pending. */
  public static final class Waiting implements Outcome.Continuation {
    private final String tag;

    Waiting(String tag) {
      this.tag = tag;
    }

    @Override
    public Future<Outcome> resume(String line) {
      if (line.strip().equalsIgnoreCase("DONE")) {
        return Outcome.now(StatusResponse.ok(tag, "IDLE terminated"));
      }
      return Outcome.now(StatusResponse.bad(tag, "Expected DONE to end IDLE"));
    }
  }

  @Override
  public Future<Outcome> handle(
      ImapCommand.Idle command, SessionState.LoggedIn state, HandlerContext ctx) {
    return Future.succeededFuture(new Outcome(List.of(IDLING), null, new Waiting(command.tag())));
  }
}
