package io.mailtier.frontend.imap.handle;

import com.google.protobuf.Timestamp;
import io.mailtier.frontend.backend.ImapErrorMapper;
import io.mailtier.frontend.backend.MailboxWatcher;
import io.mailtier.frontend.imap.command.ImapCommand;
import io.mailtier.frontend.imap.response.ResponseCode;
import io.mailtier.frontend.imap.response.StatusResponse;
import io.mailtier.frontend.imap.response.UntaggedData;
import io.mailtier.frontend.imap.session.SessionState;
import io.mailtier.proto.mailstore.v1.AppendHeader;
import io.vertx.core.Future;
import java.util.List;

/**
 * APPEND: stores the message through the node's Append stream and answers with APPENDUID (RFC
 * 4315). Appending to the selected mailbox also reports the new EXISTS count.
 */
final class AppendHandler implements CommandHandler<ImapCommand.Append, SessionState.LoggedIn> {
  @Override
  public Future<Outcome> handle(
      ImapCommand.Append command, SessionState.LoggedIn state, HandlerContext ctx) {
    String tag = command.tag();
    if (command.message().length == 0) {
      return Outcome.now(StatusResponse.no(tag, ResponseCode.CANNOT, "Empty message"));
    }
    var header =
        AppendHeader.newBuilder()
            .setAccount(state.route().account())
            .setFolder(command.mailbox())
            .addAllFlags(command.flags().stream().filter(f -> !f.equals("\\Recent")).toList())
            .setSize(command.message().length);
    command
        .date()
        .ifPresent(d ->
            header.setInternalDate(
                Timestamp.newBuilder().setSeconds(d.getEpochSecond()).setNanos(d.getNano())));
    return ctx.mailstore()
        .append(state.route().backend(), header.build(), command.message())
        .compose(response -> {
          long uidValidity = Integer.toUnsignedLong(response.getUidValidity());
          long uid = Integer.toUnsignedLong(response.getUid());
          StatusResponse ok =
              StatusResponse.ok(
                  tag, ResponseCode.APPENDUID, uidValidity + " " + uid, "APPEND completed");
          if (!(state instanceof SessionState.Selected selected)
              || !MailboxWatcher.canonicalFolder(selected.mailbox())
                  .equals(MailboxWatcher.canonicalFolder(command.mailbox()))) {
            return Future.succeededFuture(Outcome.of(ok));
          }
          if (ctx.updates().active()) {
            // The new message reaches this session through the watch stream, in order with the
            // other changes; wait until it has, so the processor announces it with this response.
            return ctx.updates().sync().map(v -> Outcome.of(ok)).otherwise(t -> Outcome.of(ok));
          }
          if (selected.uidValidity() != uidValidity) {
            return Future.succeededFuture(Outcome.of(ok));
          }
          var map = selected.messages().with(uid);
          return Future.succeededFuture(
              Outcome.of(
                  selected.withMessages(map), List.of(new UntaggedData.Exists(map.size()), ok)));
        })
        .otherwise(
            t -> Outcome.of(ImapErrorMapper.toResponse(tag, t, ImapErrorMapper.Operation.APPEND)));
  }
}
