package io.mailtier.frontend.imap.handle;

import io.mailtier.frontend.backend.ImapErrorMapper;
import io.mailtier.frontend.imap.command.ImapCommand;
import io.mailtier.frontend.imap.response.ImapResponse;
import io.mailtier.frontend.imap.response.ResponseCode;
import io.mailtier.frontend.imap.response.StatusResponse;
import io.mailtier.frontend.imap.response.UntaggedData;
import io.mailtier.frontend.imap.session.MessageMap;
import io.mailtier.frontend.imap.session.SessionState;
import io.mailtier.proto.mailstore.v1.SelectFolderRequest;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;

/** SELECT and EXAMINE. A failed SELECT leaves no mailbox selected (RFC 9051 6.3.2). */
final class SelectHandler implements CommandHandler<ImapCommand.Select, SessionState.LoggedIn> {
  static final List<String> SYSTEM_FLAGS =
      List.of("\\Answered", "\\Flagged", "\\Deleted", "\\Seen", "\\Draft");

  @Override
  public Future<Outcome> handle(
      ImapCommand.Select command, SessionState.LoggedIn state, HandlerContext ctx) {
    String tag = command.tag();
    var route = state.route();
    var request =
        SelectFolderRequest.newBuilder()
            .setAccount(route.account())
            .setFolder(command.mailbox())
            .build();
    // Watch first, then read: no change can fall between the two (ADR 0050).
    return ctx.updates()
        .watch(route, command.mailbox())
        .compose(v -> ctx.mailstore().selectFolder(route.backend(), request))
        .map(response -> {
          var status = response.getStatus();
          ctx.updates()
              .selected(Integer.toUnsignedLong(status.getUidValidity()), status.getHighestModseq());
          MessageMap map = MessageMap.of(response.getUidsList());
          long uidValidity = Integer.toUnsignedLong(status.getUidValidity());
          List<String> flags =
              response.getFlagsList().isEmpty() ? SYSTEM_FLAGS : response.getFlagsList();
          List<ImapResponse> out = new ArrayList<>();
          out.add(new UntaggedData.Flags(flags));
          out.add(new UntaggedData.Exists(map.size()));
          boolean rev2 = ctx.options().imap4rev2();
          if (rev2) {
            // RFC 9051 6.3.2: no RECENT and no UNSEEN code; a LIST line with the name instead.
            out.add(new UntaggedData.ListItem(List.of(), ListHandler.DELIMITER, command.mailbox()));
          } else {
            out.add(new UntaggedData.Recent(0));
          }
          long firstUnseen = Integer.toUnsignedLong(response.getFirstUnseenUid());
          if (!rev2 && firstUnseen != 0 && map.msn(firstUnseen) > 0) {
            out.add(
                StatusResponse.untaggedOk(
                    ResponseCode.UNSEEN,
                    Long.toString(map.msn(firstUnseen)),
                    "First unseen message"));
          }
          out.add(
              StatusResponse.untaggedOk(
                  ResponseCode.UIDVALIDITY, Long.toString(uidValidity), "UIDs valid"));
          out.add(
              StatusResponse.untaggedOk(
                  ResponseCode.UIDNEXT,
                  Long.toString(Integer.toUnsignedLong(status.getUidNext())),
                  "Predicted next UID"));
          out.add(
              StatusResponse.untaggedOk(
                  ResponseCode.PERMANENTFLAGS,
                  command.readOnly() ? "()" : "(" + String.join(" ", SYSTEM_FLAGS) + " \\*)",
                  command.readOnly() ? "No permanent flags permitted" : "Limited"));
          out.add(
              StatusResponse.ok(
                  tag,
                  command.readOnly() ? ResponseCode.READ_ONLY : ResponseCode.READ_WRITE,
                  null,
                  command.name() + " completed"));
          return Outcome.of(
              new SessionState.Selected(
                  route, command.mailbox(), command.readOnly(), uidValidity, map),
              out);
        })
        .otherwise(t ->
            Outcome.of(
                new SessionState.Authenticated(route),
                List.of(ImapErrorMapper.toResponse(tag, t, ImapErrorMapper.Operation.OTHER))));
  }
}
