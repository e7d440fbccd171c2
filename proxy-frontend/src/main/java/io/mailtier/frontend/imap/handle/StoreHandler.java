package io.mailtier.frontend.imap.handle;

import io.mailtier.frontend.backend.ImapErrorMapper;
import io.mailtier.frontend.imap.command.ImapCommand;
import io.mailtier.frontend.imap.response.FetchData;
import io.mailtier.frontend.imap.response.ImapResponse;
import io.mailtier.frontend.imap.response.StatusResponse;
import io.mailtier.frontend.imap.session.SessionState;
import io.mailtier.proto.mailstore.v1.MessageFlags;
import io.mailtier.proto.mailstore.v1.StoreFlagsRequest;
import io.mailtier.proto.mailstore.v1.StoreMode;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** STORE and UID STORE: FLAGS, +FLAGS, -FLAGS, with .SILENT. */
final class StoreHandler implements CommandHandler<ImapCommand.Store, SessionState.Selected> {
  @Override
  public Future<Outcome> handle(
      ImapCommand.Store command, SessionState.Selected state, HandlerContext ctx) {
    String tag = command.tag();
    if (state.readOnly()) {
      return Outcome.now(
          new StatusResponse(tag, StatusResponse.Type.NO, null, "Mailbox is read-only"));
    }
    var ranges = UidRanges.of(command.set(), command.uid(), state.messages());
    if (ranges == null) {
      return Outcome.now(StatusResponse.bad(tag, "Invalid message sequence number"));
    }
    if (ranges.isEmpty()) {
      return Outcome.now(StatusResponse.ok(tag, command.name() + " completed"));
    }
    StoreMode mode =
        switch (command.mode()) {
          case ADD -> StoreMode.STORE_MODE_ADD;
          case REMOVE -> StoreMode.STORE_MODE_REMOVE;
          case REPLACE -> StoreMode.STORE_MODE_REPLACE;
        };
    var request =
        StoreFlagsRequest.newBuilder()
            .setAccount(state.route().account())
            .setFolder(state.mailbox())
            .addAllUids(ranges)
            .setMode(mode)
            .addAllFlags(command.flags().stream().filter(f -> !f.equals("\\Recent")).toList())
            .setUidValidity((int) state.uidValidity())
            .build();
    return ctx.mailstore()
        .storeFlags(state.route().backend(), request)
        .map(response -> {
          ctx.updates().ownChanges(response.getUpdatedList());
          List<ImapResponse> out = new ArrayList<>();
          if (!command.silent()) {
            List<MessageFlags> updated = new ArrayList<>(response.getUpdatedList());
            updated.sort(Comparator.comparingLong(m -> Integer.toUnsignedLong(m.getUid())));
            for (MessageFlags m : updated) {
              long uid = Integer.toUnsignedLong(m.getUid());
              long msn = state.messages().msn(uid);
              if (msn == 0) {
                continue;
              }
              List<FetchData.Item> items = new ArrayList<>();
              if (command.uid()) {
                items.add(new FetchData.Uid(uid));
              }
              items.add(new FetchData.Flags(m.getFlagsList()));
              out.add(new FetchData(msn, items));
            }
          }
          out.add(StatusResponse.ok(tag, command.name() + " completed"));
          return Outcome.of(null, out);
        })
        .otherwise(
            t -> Outcome.of(ImapErrorMapper.toResponse(tag, t, ImapErrorMapper.Operation.OTHER)));
  }
}
