package io.mailtier.frontend.imap.handle;

import io.mailtier.frontend.backend.ImapErrorMapper;
import io.mailtier.frontend.imap.command.ImapCommand;
import io.mailtier.frontend.imap.response.ImapResponse;
import io.mailtier.frontend.imap.response.StatusResponse;
import io.mailtier.frontend.imap.response.UntaggedData;
import io.mailtier.frontend.imap.session.MessageMap;
import io.mailtier.frontend.imap.session.SessionState;
import io.mailtier.proto.mailstore.v1.ExpungeRequest;
import io.mailtier.proto.mailstore.v1.ExpungeResponse;
import io.mailtier.proto.mailstore.v1.UidRange;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;

/** EXPUNGE and UID EXPUNGE (RFC 4315), and the silent expunge of CLOSE. */
final class ExpungeHandler implements CommandHandler<ImapCommand.Expunge, SessionState.Selected> {
  @Override
  public Future<Outcome> handle(
      ImapCommand.Expunge command, SessionState.Selected state, HandlerContext ctx) {
    String tag = command.tag();
    if (state.readOnly()) {
      return Outcome.now(
          new StatusResponse(tag, StatusResponse.Type.NO, null, "Mailbox is read-only"));
    }
    List<UidRange> ranges = List.of();
    if (command.uids().isPresent()) {
      ranges = UidRanges.of(command.uids().get(), true, state.messages());
      if (ranges.isEmpty()) {
        return Outcome.now(StatusResponse.ok(tag, command.name() + " completed"));
      }
    }
    return expunge(ctx, state, ranges)
        .map(response -> {
          List<ImapResponse> out = new ArrayList<>();
          MessageMap map = state.messages();
          // Ascending UIDs; each EXPUNGE's number accounts for the ones sent before it.
          for (int uid : response.getExpungedList()) {
            long u = Integer.toUnsignedLong(uid);
            long msn = map.msn(u);
            if (msn > 0) {
              out.add(new UntaggedData.Expunge(msn));
              map = map.without(u);
            }
          }
          out.add(StatusResponse.ok(tag, command.name() + " completed"));
          return Outcome.of(state.withMessages(map), out);
        })
        .otherwise(
            t -> Outcome.of(ImapErrorMapper.toResponse(tag, t, ImapErrorMapper.Operation.OTHER)));
  }

  static Future<ExpungeResponse> expunge(
      HandlerContext ctx, SessionState.Selected state, List<UidRange> ranges) {
    var request =
        ExpungeRequest.newBuilder()
            .setAccount(state.route().account())
            .setFolder(state.mailbox())
            .addAllUids(ranges)
            .build();
    return ctx.mailstore().expunge(state.route().backend(), request);
  }
}
