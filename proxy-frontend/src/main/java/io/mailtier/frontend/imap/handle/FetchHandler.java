package io.mailtier.frontend.imap.handle;

import io.mailtier.frontend.backend.ImapErrorMapper;
import io.mailtier.frontend.imap.command.FetchAttribute;
import io.mailtier.frontend.imap.command.ImapCommand;
import io.mailtier.frontend.imap.response.FetchData;
import io.mailtier.frontend.imap.response.ImapResponse;
import io.mailtier.frontend.imap.response.StatusResponse;
import io.mailtier.frontend.imap.session.SessionState;
import io.mailtier.proto.mailstore.v1.ByteRange;
import io.mailtier.proto.mailstore.v1.FetchRequest;
import io.mailtier.proto.mailstore.v1.FetchResponse;
import io.mailtier.proto.mailstore.v1.FetchedMessage;
import io.mailtier.proto.mailstore.v1.MessageFlags;
import io.mailtier.proto.mailstore.v1.UidRange;
import io.vertx.core.Future;
import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * FETCH and UID FETCH. One node call carries the metadata and the first body item; each further
 * body item (another partial) is one more call. A non-PEEK body fetch in a read-write session sets
 * \Seen and the response then includes FLAGS.
 */
final class FetchHandler implements CommandHandler<ImapCommand.Fetch, SessionState.Selected> {

  /** What one node call returned for one message. */
  private record Fetched(FetchedMessage meta, ByteArrayOutputStream body) {}

  @Override
  public Future<Outcome> handle(
      ImapCommand.Fetch command, SessionState.Selected state, HandlerContext ctx) {
    String tag = command.tag();
    List<UidRange> ranges = UidRanges.of(command.set(), command.uid(), state.messages());
    if (ranges == null) {
      return Outcome.now(StatusResponse.bad(tag, "Invalid message sequence number"));
    }
    if (ranges.isEmpty()) {
      return Outcome.now(StatusResponse.ok(tag, command.name() + " completed"));
    }
    List<FetchAttribute.Body> bodies = new ArrayList<>();
    boolean wantFlags = false;
    boolean wantDate = false;
    boolean wantSize = false;
    for (FetchAttribute a : command.attributes()) {
      switch (a) {
        case FetchAttribute.Body b -> bodies.add(b);
        case FetchAttribute.Flags f -> wantFlags = true;
        case FetchAttribute.InternalDate d -> wantDate = true;
        case FetchAttribute.Size s -> wantSize = true;
        case FetchAttribute.Uid u -> {}
      }
    }
    boolean setSeen = !state.readOnly() && bodies.stream().anyMatch(b -> !b.peek());
    boolean addFlags = setSeen && !wantFlags;
    FetchRequest.Builder first =
        base(state, ranges)
            .setFlags(wantFlags || setSeen)
            .setInternalDate(wantDate)
            .setSize(wantSize);
    if (!bodies.isEmpty()) {
      body(first, bodies.get(0)).setSetSeen(setSeen);
    }
    List<Future<Map<Long, Fetched>>> calls = new ArrayList<>();
    calls.add(call(ctx, state, first.build()));
    for (int i = 1; i < bodies.size(); i++) {
      calls.add(call(ctx, state, body(base(state, ranges), bodies.get(i)).build()));
    }
    return Future.all(calls)
        .map(all -> {
          List<Map<Long, Fetched>> results = all.list();
          Map<Long, Fetched> main = results.get(0);
          if (setSeen) {
            main.values().forEach(f -> ctx.updates().ownChanges(List.of(flagsOf(f.meta()))));
          }
          List<ImapResponse> out = new ArrayList<>();
          for (var entry : main.entrySet()) {
            long uid = entry.getKey();
            long msn = state.messages().msn(uid);
            if (msn == 0) {
              continue; // arrived after this session last looked; reported by a later NOOP
            }
            FetchedMessage meta = entry.getValue().meta();
            List<FetchData.Item> items = new ArrayList<>();
            if (command.uid()) {
              items.add(new FetchData.Uid(uid));
            }
            int bodyIndex = 0;
            for (FetchAttribute a : command.attributes()) {
              switch (a) {
                case FetchAttribute.Uid u -> {
                  if (!command.uid()) {
                    items.add(new FetchData.Uid(uid));
                  }
                }
                case FetchAttribute.Flags f -> items.add(new FetchData.Flags(meta.getFlagsList()));
                case FetchAttribute.Size s -> items.add(new FetchData.Size(meta.getSize()));
                case FetchAttribute.InternalDate d ->
                    items.add(
                        new FetchData.InternalDate(
                            Instant.ofEpochSecond(
                                meta.getInternalDate().getSeconds(),
                                meta.getInternalDate().getNanos())));
                case FetchAttribute.Body b -> {
                  Fetched f = results.get(bodyIndex++).get(uid);
                  byte[] data = f == null ? new byte[0] : f.body().toByteArray();
                  items.add(new FetchData.Body(b.responseName(), data));
                }
              }
            }
            if (addFlags) {
              items.add(new FetchData.Flags(meta.getFlagsList()));
            }
            out.add(new FetchData(msn, items));
          }
          out.add(StatusResponse.ok(tag, command.name() + " completed"));
          return Outcome.of(null, out);
        })
        .otherwise(
            t -> Outcome.of(ImapErrorMapper.toResponse(tag, t, ImapErrorMapper.Operation.OTHER)));
  }

  private static MessageFlags flagsOf(FetchedMessage meta) {
    return MessageFlags.newBuilder()
        .setUid(meta.getUid())
        .addAllFlags(meta.getFlagsList())
        .setModseq(meta.getModseq())
        .build();
  }

  private static FetchRequest.Builder base(SessionState.Selected state, List<UidRange> ranges) {
    return FetchRequest.newBuilder()
        .setAccount(state.route().account())
        .setFolder(state.mailbox())
        .addAllUids(ranges)
        .setUidValidity((int) state.uidValidity());
  }

  private static FetchRequest.Builder body(FetchRequest.Builder b, FetchAttribute.Body body) {
    b.setBody(true);
    if (body.partial()) {
      b.setBodyRange(ByteRange.newBuilder().setOffset(body.offset()).setLength(body.length()));
    }
    return b;
  }

  private static Future<Map<Long, Fetched>> call(
      HandlerContext ctx, SessionState.Selected state, FetchRequest request) {
    return ctx.mailstore()
        .fetch(state.route().backend(), request)
        .map(stream -> {
          Map<Long, Fetched> byUid = new TreeMap<>();
          Fetched current = null;
          for (FetchResponse part : stream) {
            switch (part.getPartCase()) {
              case MESSAGE -> {
                current = new Fetched(part.getMessage(), new ByteArrayOutputStream());
                byUid.put(Integer.toUnsignedLong(part.getMessage().getUid()), current);
              }
              case BODY -> {
                if (current != null) {
                  current.body().writeBytes(part.getBody().getData().toByteArray());
                }
              }
              case PART_NOT_SET -> {}
            }
          }
          return byUid;
        });
  }
}
