package io.mailtier.frontend.imap.handle;

import io.mailtier.frontend.backend.ImapErrorMapper;
import io.mailtier.frontend.imap.command.ImapCommand;
import io.mailtier.frontend.imap.response.ImapResponse;
import io.mailtier.frontend.imap.response.ResponseCode;
import io.mailtier.frontend.imap.response.StatusResponse;
import io.mailtier.frontend.imap.response.UntaggedData;
import io.mailtier.frontend.imap.session.MessageMap;
import io.mailtier.frontend.imap.session.SessionState;
import io.mailtier.proto.mailstore.v1.CopyMessagesRequest;
import io.mailtier.proto.mailstore.v1.MoveMessagesRequest;
import io.mailtier.proto.mailstore.v1.UidRange;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;

/**
 * COPY, MOVE (RFC 6851) and their UID forms, answered with COPYUID (RFC 4315). The node copies or
 * moves in one transaction; MOVE then reports the source messages as expunged. A missing target
 * gives {@code NO [TRYCREATE]}; quota gives {@code NO [OVERQUOTA]} and nothing is copied.
 */
final class CopyMoveHandler
    implements CommandHandler<ImapCommand.CopyMessages, SessionState.Selected> {

  @Override
  public Future<Outcome> handle(
      ImapCommand.CopyMessages command, SessionState.Selected state, HandlerContext ctx) {
    String tag = command.tag();
    if (command.move() && state.readOnly()) {
      return Outcome.now(StatusResponse.no(tag, ResponseCode.CANNOT, "Mailbox is read-only"));
    }
    List<UidRange> ranges = UidRanges.of(command.set(), command.uid(), state.messages());
    if (ranges == null) {
      return Outcome.now(StatusResponse.bad(tag, "Invalid message sequence number"));
    }
    if (ranges.isEmpty()) {
      // RFC 9051 6.4.8 / 6.4.9: a UID set that names no message is not an error.
      return Outcome.now(StatusResponse.ok(tag, command.name() + " completed"));
    }
    String account = state.route().account();
    String backend = state.route().backend();
    if (!command.move()) {
      var request =
          CopyMessagesRequest.newBuilder()
              .setAccount(account)
              .setFolder(state.mailbox())
              .addAllUids(ranges)
              .setDestination(command.mailbox())
              .setUidValidity((int) state.uidValidity())
              .build();
      return ctx.mailstore()
          .copyMessages(backend, request)
          .compose(r -> {
            StatusResponse ok =
                copyUid(
                    tag,
                    r.getDestinationUidValidity(),
                    r.getSourceUidsList(),
                    r.getDestinationUidsList(),
                    command.name());
            if (ctx.updates().active() && command.mailbox().equals(state.mailbox())) {
              // The copies reach this session through the watch stream, in order with the other
              // changes (ADR 0051); wait until they have, so they are announced with this response.
              return ctx.updates().sync().map(v -> Outcome.of(ok)).otherwise(x -> Outcome.of(ok));
            }
            List<ImapResponse> out = new ArrayList<>();
            SessionState.Selected next =
                arrived(state, command.mailbox(), r.getDestinationUidValidity(), r, out);
            out.add(ok);
            return Future.succeededFuture(Outcome.of(next, out));
          })
          .otherwise(t -> failure(tag, t));
    }
    var request =
        MoveMessagesRequest.newBuilder()
            .setAccount(account)
            .setFolder(state.mailbox())
            .addAllUids(ranges)
            .setDestination(command.mailbox())
            .setUidValidity((int) state.uidValidity())
            .build();
    return ctx.mailstore()
        .moveMessages(backend, request)
        .map(r -> {
          List<ImapResponse> out = new ArrayList<>();
          StatusResponse copyUid =
              copyUid(
                  null,
                  r.getDestinationUidValidity(),
                  r.getSourceUidsList(),
                  r.getDestinationUidsList(),
                  "Moved");
          if (copyUid.code() != null) {
            out.add(copyUid);
          }
          // Ascending UIDs; each EXPUNGE's number accounts for the ones sent before it.
          MessageMap map = state.messages();
          for (int uid : r.getSourceUidsList()) {
            long u = Integer.toUnsignedLong(uid);
            long msn = map.msn(u);
            if (msn > 0) {
              out.add(new UntaggedData.Expunge(msn));
              map = map.without(u);
            }
          }
          SessionState.Selected next = state.withMessages(map);
          if (command.mailbox().equals(state.mailbox()) && !ctx.updates().active()) {
            MessageMap grown = next.messages();
            for (int uid : r.getDestinationUidsList()) {
              grown = grown.with(Integer.toUnsignedLong(uid));
            }
            if (grown.size() != map.size()) {
              out.add(new UntaggedData.Exists(grown.size()));
              next = next.withMessages(grown);
            }
          }
          out.add(StatusResponse.ok(tag, command.name() + " completed"));
          return Outcome.of(next, out);
        })
        .otherwise(t -> failure(tag, t));
  }

  /** COPY into the selected mailbox: the copies are new messages of this session (EXISTS). */
  private static SessionState.Selected arrived(
      SessionState.Selected state,
      String destination,
      int destinationUidValidity,
      io.mailtier.proto.mailstore.v1.CopyMessagesResponse r,
      List<ImapResponse> out) {
    if (!destination.equals(state.mailbox())
        || Integer.toUnsignedLong(destinationUidValidity) != state.uidValidity()) {
      return null;
    }
    MessageMap map = state.messages();
    for (int uid : r.getDestinationUidsList()) {
      map = map.with(Integer.toUnsignedLong(uid));
    }
    if (map.size() == state.messages().size()) {
      return null;
    }
    out.add(new UntaggedData.Exists(map.size()));
    return state.withMessages(map);
  }

  /**
   * {@code OK [COPYUID validity source-set destination-set] text} (tagged, or untagged when tag is
   * null); without the code when nothing was copied (the set named only expunged messages).
   */
  static StatusResponse copyUid(
      String tag, int uidValidity, List<Integer> source, List<Integer> destination, String name) {
    String text = tag == null ? name : name + " completed";
    if (source.isEmpty() || source.size() != destination.size()) {
      return tag == null
          ? StatusResponse.untaggedOk(null, null, text)
          : StatusResponse.ok(tag, text);
    }
    String data =
        Integer.toUnsignedLong(uidValidity)
            + " "
            + UidSets.compress(source)
            + " "
            + UidSets.compress(destination);
    return tag == null
        ? StatusResponse.untaggedOk(ResponseCode.COPYUID, data, text)
        : StatusResponse.ok(tag, ResponseCode.COPYUID, data, text);
  }

  private static Outcome failure(String tag, Throwable t) {
    return Outcome.of(ImapErrorMapper.toResponse(tag, t, ImapErrorMapper.Operation.COPY));
  }
}
