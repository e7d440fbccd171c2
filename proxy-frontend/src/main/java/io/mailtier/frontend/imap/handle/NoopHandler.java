package io.mailtier.frontend.imap.handle;

import io.mailtier.frontend.imap.command.ImapCommand;
import io.mailtier.frontend.imap.response.ImapResponse;
import io.mailtier.frontend.imap.response.StatusResponse;
import io.mailtier.frontend.imap.response.UntaggedData;
import io.mailtier.frontend.imap.session.MessageMap;
import io.mailtier.frontend.imap.session.SessionState;
import io.mailtier.proto.mailstore.v1.SelectFolderRequest;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;

/**
 * NOOP (and CHECK). With a mailbox selected it reports what changed elsewhere: with the watch
 * stream, after a barrier on it (so every change committed before the NOOP is announced); without
 * it, by comparing the node's UID list with the session's.
 */
final class NoopHandler implements CommandHandler<ImapCommand.Noop, SessionState> {
  /** CHECK: what NOOP does (nothing is buffered on the front-end to write out). */
  static final class Check implements CommandHandler<ImapCommand.Check, SessionState.Selected> {
    @Override
    public Future<Outcome> handle(
        ImapCommand.Check command, SessionState.Selected state, HandlerContext ctx) {
      return report(StatusResponse.ok(command.tag(), "CHECK completed"), state, ctx);
    }
  }

  @Override
  public Future<Outcome> handle(ImapCommand.Noop command, SessionState state, HandlerContext ctx) {
    return report(StatusResponse.ok(command.tag(), "NOOP completed"), state, ctx);
  }

  static Future<Outcome> report(StatusResponse ok, SessionState state, HandlerContext ctx) {
    if (!(state instanceof SessionState.Selected selected)) {
      return Outcome.now(ok);
    }
    if (ctx.updates().active()) {
      // The processor announces what the barrier brought in, before the tagged response.
      return ctx.updates().sync().map(v -> Outcome.of(ok)).otherwise(t -> Outcome.of(ok));
    }
    SelectFolderRequest request =
        SelectFolderRequest.newBuilder()
            .setAccount(selected.route().account())
            .setFolder(selected.mailbox())
            .build();
    return ctx.mailstore()
        .selectFolder(selected.route().backend(), request)
        .map(response -> {
          if (Integer.toUnsignedLong(response.getStatus().getUidValidity())
              != selected.uidValidity()) {
            return Outcome.of(ok);
          }
          MessageMap known = selected.messages();
          MessageMap fresh = MessageMap.of(response.getUidsList());
          List<ImapResponse> out = new ArrayList<>();
          // Gone messages, highest sequence number first, so no number shifts under another.
          for (long msn = known.size(); msn >= 1; msn--) {
            if (fresh.msn(known.uid(msn)) == 0) {
              out.add(new UntaggedData.Expunge(msn));
            }
          }
          if (fresh.size() != known.size() - out.size()) {
            out.add(new UntaggedData.Exists(fresh.size()));
          }
          out.add(ok);
          return Outcome.of(selected.withMessages(fresh), out);
        })
        .otherwise(t -> Outcome.of(ok));
  }
}
