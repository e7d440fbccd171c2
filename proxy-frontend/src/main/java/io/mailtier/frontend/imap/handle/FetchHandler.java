package io.mailtier.frontend.imap.handle;

import io.mailtier.frontend.backend.ImapErrorMapper;
import io.mailtier.frontend.imap.command.FetchAttribute;
import io.mailtier.frontend.imap.command.ImapCommand;
import io.mailtier.frontend.imap.response.FetchData;
import io.mailtier.frontend.imap.response.ImapResponse;
import io.mailtier.frontend.imap.response.ResponseCode;
import io.mailtier.frontend.imap.response.StatusResponse;
import io.mailtier.frontend.imap.session.SessionState;
import io.mailtier.proto.mailstore.v1.FetchRequest;
import io.mailtier.proto.mailstore.v1.FetchResponse;
import io.mailtier.proto.mailstore.v1.FetchedMessage;
import io.mailtier.proto.mailstore.v1.FetchedSection;
import io.mailtier.proto.mailstore.v1.MessageFlags;
import io.mailtier.proto.mailstore.v1.UidRange;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * FETCH and UID FETCH. One node call carries every item: flags, dates, sizes, ENVELOPE, the MIME
 * structure and all body sections (BODY[...], BINARY[...], RFC822.*), each section's bytes in its
 * own slot. A non-PEEK body fetch in a read-write session sets \Seen; the messages whose \Seen it
 * actually added (learned from a flags-only call made first) get FLAGS in their response.
 */
final class FetchHandler implements CommandHandler<ImapCommand.Fetch, SessionState.Selected> {

  /** What the node returned for one message: its metadata and the bytes of each section. */
  private record Fetched(FetchedMessage meta, byte[][] sections, int[] filled) {}

  /** The items of the command, sorted by what the node must return. */
  private record Wanted(
      boolean flags,
      boolean date,
      boolean size,
      boolean envelope,
      boolean structure,
      List<FetchAttribute.Section> sections) {
    static Wanted of(List<FetchAttribute> attributes) {
      boolean flags = false;
      boolean date = false;
      boolean size = false;
      boolean envelope = false;
      boolean structure = false;
      List<FetchAttribute.Section> sections = new ArrayList<>();
      for (FetchAttribute a : attributes) {
        switch (a) {
          case FetchAttribute.Section s -> sections.add(s);
          case FetchAttribute.Flags f -> flags = true;
          case FetchAttribute.InternalDate d -> date = true;
          case FetchAttribute.Size s -> size = true;
          case FetchAttribute.Envelope e -> envelope = true;
          case FetchAttribute.BodyStructure b -> structure = true;
          case FetchAttribute.Uid u -> {}
        }
      }
      return new Wanted(flags, date, size, envelope, structure, sections);
    }
  }

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
    Wanted wanted = Wanted.of(command.attributes());
    boolean setSeen = !state.readOnly() && wanted.sections().stream().anyMatch(s -> s.setsSeen());
    FetchRequest.Builder request =
        base(state, ranges)
            .setFlags(wanted.flags() || setSeen)
            .setInternalDate(wanted.date())
            .setSize(wanted.size())
            .setEnvelope(wanted.envelope())
            .setBodyStructure(wanted.structure())
            .setSetSeen(setSeen);
    for (FetchAttribute.Section s : wanted.sections()) {
      request.addSections(FetchSections.request(s));
    }
    Future<Set<Long>> unseenBefore =
        setSeen ? unseen(ctx, state, ranges) : Future.succeededFuture(Set.of());
    return unseenBefore
        .compose(unseen ->
            call(ctx, state, request.build())
                .map(fetched -> {
                  if (setSeen) { // this session's own change: not announced back to it
                    fetched
                        .values()
                        .forEach(f -> ctx.updates().ownChanges(List.of(flagsOf(f.meta()))));
                  }
                  return respond(command, state, wanted, fetched, unseen);
                }))
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

  private static Outcome respond(
      ImapCommand.Fetch command,
      SessionState.Selected state,
      Wanted wanted,
      Map<Long, Fetched> fetched,
      Set<Long> unseenBefore) {
    String tag = command.tag();
    List<ImapResponse> out = new ArrayList<>();
    for (var entry : fetched.entrySet()) {
      long uid = entry.getKey();
      long msn = state.messages().msn(uid);
      if (msn == 0) {
        continue; // arrived after this session last looked; reported by a later NOOP
      }
      Fetched f = entry.getValue();
      FetchedMessage meta = f.meta();
      for (FetchedSection s : meta.getSectionsList()) {
        if (s.getFound() && !s.getDecodable()) {
          return Outcome.of(
              StatusResponse.no(
                  tag,
                  ResponseCode.UNKNOWN_CTE,
                  "Cannot decode the content-transfer-encoding of the requested part"));
        }
      }
      List<FetchData.Item> items = new ArrayList<>();
      if (command.uid()) {
        items.add(new FetchData.Uid(uid));
      }
      int sectionIndex = 0;
      for (FetchAttribute a : command.attributes()) {
        switch (a) {
          case FetchAttribute.Uid u -> {
            if (!command.uid()) {
              items.add(new FetchData.Uid(uid));
            }
          }
          case FetchAttribute.Flags fl -> items.add(new FetchData.Flags(meta.getFlagsList()));
          case FetchAttribute.Size s -> items.add(new FetchData.Size(meta.getSize()));
          case FetchAttribute.InternalDate d ->
              items.add(
                  new FetchData.InternalDate(
                      Instant.ofEpochSecond(
                          meta.getInternalDate().getSeconds(), meta.getInternalDate().getNanos())));
          case FetchAttribute.Envelope e -> items.add(new FetchData.Envelope(meta.getEnvelope()));
          case FetchAttribute.BodyStructure b ->
              items.add(new FetchData.BodyStructure(meta.getBodyStructure(), b.extensible()));
          case FetchAttribute.Section s -> {
            int index = sectionIndex++;
            FetchedSection result =
                index < meta.getSectionsCount() ? meta.getSections(index) : null;
            items.add(FetchSections.item(s, result, f.sections()[index]));
          }
        }
      }
      if (!wanted.flags() && unseenBefore.contains(uid)) {
        items.add(new FetchData.Flags(meta.getFlagsList()));
      }
      out.add(new FetchData(msn, items));
    }
    out.add(StatusResponse.ok(tag, command.name() + " completed"));
    return Outcome.of(null, out);
  }

  private static FetchRequest.Builder base(SessionState.Selected state, List<UidRange> ranges) {
    return FetchRequest.newBuilder()
        .setAccount(state.route().account())
        .setFolder(state.mailbox())
        .addAllUids(ranges)
        .setUidValidity((int) state.uidValidity());
  }

  /** The UIDs among {@code ranges} that do not have \Seen yet. */
  private static Future<Set<Long>> unseen(
      HandlerContext ctx, SessionState.Selected state, List<UidRange> ranges) {
    return ctx.mailstore()
        .fetch(state.route().backend(), base(state, ranges).setFlags(true).build())
        .map(stream -> {
          Set<Long> unseen = new HashSet<>();
          for (FetchResponse part : stream) {
            if (part.hasMessage() && !part.getMessage().getFlagsList().contains("\\Seen")) {
              unseen.add(Integer.toUnsignedLong(part.getMessage().getUid()));
            }
          }
          return unseen;
        });
  }

  /**
   * Calls the node and sorts the stream: each FetchedMessage, then the BodyChunks of its sections
   * (section n + 1 carries the bytes of request section n), copied into one array per section of
   * the length the node announced.
   */
  private static Future<Map<Long, Fetched>> call(
      HandlerContext ctx, SessionState.Selected state, FetchRequest request) {
    int count = request.getSectionsCount();
    return ctx.mailstore()
        .fetch(state.route().backend(), request)
        .map(stream -> {
          Map<Long, Fetched> byUid = new TreeMap<>();
          Fetched current = null;
          for (FetchResponse part : stream) {
            switch (part.getPartCase()) {
              case MESSAGE -> {
                FetchedMessage m = part.getMessage();
                byte[][] sections = new byte[count][];
                for (int i = 0; i < count; i++) {
                  long length = 0;
                  if (i < m.getSectionsCount() && !request.getSections(i).getSizeOnly()) {
                    length = m.getSections(i).getLength();
                  }
                  sections[i] = new byte[(int) Math.min(length, Integer.MAX_VALUE - 8)];
                }
                current = new Fetched(m, sections, new int[count]);
                byUid.put(Integer.toUnsignedLong(m.getUid()), current);
              }
              case BODY -> {
                int slot = part.getBody().getSection() - 1;
                if (current != null && slot >= 0 && slot < count) {
                  byte[] target = current.sections()[slot];
                  int at = current.filled()[slot];
                  int n = Math.min(part.getBody().getData().size(), target.length - at);
                  part.getBody().getData().copyTo(target, 0, at, n);
                  current.filled()[slot] = at + n;
                }
              }
              case PART_NOT_SET -> {}
            }
          }
          return byUid;
        });
  }
}
