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
import java.util.HashSet;
import java.util.List;
import java.util.Set;

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
          MessageMap map = selected.messages();
          Set<Long> now = new HashSet<>();
          for (int uid : response.getUidsList()) {
            now.add(Integer.toUnsignedLong(uid));
          }
          List<ImapResponse> out = new ArrayList<>();
          for (int msn = map.size(); msn >= 1; msn--) {
            long uid = map.uid(msn);
            if (!now.contains(uid)) {
              out.add(new UntaggedData.Expunge(msn));
              map = map.without(uid);
            }
          }
          int before = map.size();
          for (long uid : now) {
            map = map.with(uid);
          }
          if (map.size() != before) {
            out.add(new UntaggedData.Exists(map.size()));
          }
          out.add(ok);
          return Outcome.of(selected.withMessages(map), out);
        })
        .otherwise(t -> Outcome.of(ok));
  }
}
