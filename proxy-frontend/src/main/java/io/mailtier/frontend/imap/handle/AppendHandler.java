package io.mailtier.frontend.imap.handle;

import com.google.protobuf.Timestamp;
import io.mailtier.frontend.backend.ImapErrorMapper;
import io.mailtier.frontend.imap.command.ImapCommand;
import io.mailtier.frontend.imap.response.ImapResponse;
import io.mailtier.frontend.imap.response.ResponseCode;
import io.mailtier.frontend.imap.response.StatusResponse;
import io.mailtier.frontend.imap.response.UntaggedData;
import io.mailtier.frontend.imap.session.SessionState;
import io.mailtier.proto.mailstore.v1.AppendHeader;
import io.vertx.core.Future;
import java.util.ArrayList;
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
        .map(response -> {
          long uidValidity = Integer.toUnsignedLong(response.getUidValidity());
          long uid = Integer.toUnsignedLong(response.getUid());
          List<ImapResponse> out = new ArrayList<>();
          SessionState next = null;
          if (state instanceof SessionState.Selected selected
              && selected.mailbox().equals(command.mailbox())
              && selected.uidValidity() == uidValidity) {
            var map = selected.messages().with(uid);
            next = selected.withMessages(map);
            out.add(new UntaggedData.Exists(map.size()));
          }
          out.add(
              StatusResponse.ok(
                  tag, ResponseCode.APPENDUID, uidValidity + " " + uid, "APPEND completed"));
          return Outcome.of(next, out);
        })
        .otherwise(
            t -> Outcome.of(ImapErrorMapper.toResponse(tag, t, ImapErrorMapper.Operation.APPEND)));
  }
}
