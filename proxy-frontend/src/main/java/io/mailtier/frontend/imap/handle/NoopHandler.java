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
 * NOOP. With a mailbox selected it also reports what changed since the last look (messages expunged
 * or added by other sessions), until the Watch stream brings changes as they happen.
 */
final class NoopHandler implements CommandHandler<ImapCommand.Noop, SessionState> {
  @Override
  public Future<Outcome> handle(ImapCommand.Noop command, SessionState state, HandlerContext ctx) {
    StatusResponse ok = StatusResponse.ok(command.tag(), "NOOP completed");
    if (!(state instanceof SessionState.Selected selected)) {
      return Outcome.now(ok);
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
