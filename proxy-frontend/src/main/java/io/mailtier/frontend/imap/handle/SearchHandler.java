package io.mailtier.frontend.imap.handle;

import io.grpc.Status;
import io.mailtier.common.grpc.GrpcErrors;
import io.mailtier.frontend.backend.ImapErrorMapper;
import io.mailtier.frontend.imap.command.ImapCommand;
import io.mailtier.frontend.imap.command.SearchReturn;
import io.mailtier.frontend.imap.response.ImapResponse;
import io.mailtier.frontend.imap.response.ResponseCode;
import io.mailtier.frontend.imap.response.StatusResponse;
import io.mailtier.frontend.imap.response.UntaggedData;
import io.mailtier.frontend.imap.session.MessageMap;
import io.mailtier.frontend.imap.session.SessionState;
import io.mailtier.proto.mailstore.v1.SearchRequest;
import io.mailtier.proto.mailstore.v1.SearchResponse;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * SEARCH and UID SEARCH, executed on the node. Results are reported in the session's view: only
 * messages its message map knows, as sequence numbers (SEARCH) or UIDs (UID SEARCH); with RETURN,
 * as one ESEARCH response (RFC 4731). RETURN (SAVE) keeps the result in the session for {@code $}
 * (RFC 5182).
 */
final class SearchHandler implements CommandHandler<ImapCommand.Search, SessionState.Selected> {
  /** The charsets accepted for search strings (RFC 9051 6.4.4: UTF-8 and US-ASCII). */
  static final String CHARSETS = "(UTF-8 US-ASCII)";

  @Override
  public Future<Outcome> handle(
      ImapCommand.Search command, SessionState.Selected state, HandlerContext ctx) {
    String tag = command.tag();
    if (command.charset().isPresent()) {
      String cs = command.charset().get().toUpperCase(Locale.ROOT);
      if (!cs.equals("UTF-8") && !cs.equals("US-ASCII")) {
        return Future.succeededFuture(
            failed(
                command,
                state,
                new StatusResponse(
                    tag,
                    StatusResponse.Type.NO,
                    ResponseCode.BADCHARSET,
                    CHARSETS,
                    "Unsupported charset")));
      }
    }
    MessageMap map = state.messages();
    boolean modseq = SearchCriteria.usesModseq(command.key());
    SearchRequest request =
        SearchRequest.newBuilder()
            .setAccount(state.route().account())
            .setFolder(state.mailbox())
            .setUidValidity((int) state.uidValidity())
            .setCriteria(SearchCriteria.of(command.key(), map))
            .setReturnHighestModseq(modseq)
            .build();
    return ctx.mailstore()
        .search(state.route().backend(), request)
        .map(response -> succeeded(command, state, response, modseq))
        .otherwise(t -> failed(command, state, failure(tag, t)));
  }

  private static boolean saves(ImapCommand.Search command) {
    return command.returns().map(r -> r.has(SearchReturn.Option.SAVE)).orElse(false);
  }

  /** A NO to a SEARCH with SAVE empties the saved result (RFC 5182 2.1). */
  private static Outcome failed(
      ImapCommand.Search command, SessionState.Selected state, StatusResponse no) {
    if (!saves(command)) {
      return Outcome.of(no);
    }
    return Outcome.of(withSaved(state, List.of()), List.of(no));
  }

  private static Outcome succeeded(
      ImapCommand.Search command,
      SessionState.Selected state,
      SearchResponse response,
      boolean modseq) {
    MessageMap map = state.messages();
    List<Long> uids = new ArrayList<>(response.getUidsCount());
    for (int raw : response.getUidsList()) {
      long uid = Integer.toUnsignedLong(raw);
      if (map.msn(uid) != 0) {
        uids.add(uid); // else not (yet) in this session's view
      }
    }
    List<ImapResponse> out = responses(command, map, uids, response, modseq);
    if (!saves(command)) {
      return Outcome.of(null, out);
    }
    SearchReturn r = command.returns().get();
    List<Long> saved = uids;
    // SAVE with MIN and/or MAX but neither ALL nor COUNT saves just those (RFC 5182 2.1)
    if ((r.has(SearchReturn.Option.MIN) || r.has(SearchReturn.Option.MAX))
        && !r.has(SearchReturn.Option.ALL)
        && !r.has(SearchReturn.Option.COUNT)
        && !uids.isEmpty()) {
      saved = new ArrayList<>();
      if (r.has(SearchReturn.Option.MIN)) {
        saved.add(uids.get(0));
      }
      if (r.has(SearchReturn.Option.MAX)) {
        saved.add(uids.get(uids.size() - 1));
      }
    }
    return Outcome.of(withSaved(state, saved), out);
  }

  private static SessionState.Selected withSaved(SessionState.Selected state, List<Long> uids) {
    return new SessionState.Selected(
        state.route(),
        state.mailbox(),
        state.readOnly(),
        state.uidValidity(),
        state.messages().withSaved(uids));
  }

  /** The reply to a failed Search call: over the node's byte budget is NO [LIMIT]. */
  static StatusResponse failure(String tag, Throwable t) {
    if (GrpcErrors.code(t) == Status.Code.RESOURCE_EXHAUSTED) {
      return StatusResponse.no(
          tag, ResponseCode.LIMIT, "Search too expensive, narrow it down and try again");
    }
    return ImapErrorMapper.toResponse(tag, t, ImapErrorMapper.Operation.OTHER);
  }

  private static List<ImapResponse> responses(
      ImapCommand.Search command,
      MessageMap map,
      List<Long> uids,
      SearchResponse response,
      boolean modseq) {
    List<Long> numbers = new ArrayList<>(uids.size());
    for (long uid : uids) {
      numbers.add(command.uid() ? uid : map.msn(uid));
    }
    long highest = modseq ? response.getHighestModseq() : 0;
    List<ImapResponse> out = new ArrayList<>(2);
    if (command.returns().isEmpty()) {
      out.add(new UntaggedData.Search(numbers, highest));
    } else if (!command.returns().get().saveOnly()) {
      out.add(esearch(command, command.returns().get(), numbers, highest));
    }
    out.add(StatusResponse.ok(command.tag(), command.name() + " completed"));
    return out;
  }

  private static UntaggedData.ESearch esearch(
      ImapCommand.Search command, SearchReturn returns, List<Long> numbers, long highest) {
    List<UntaggedData.ESearch.Item> items = new ArrayList<>();
    if (!numbers.isEmpty()) {
      if (returns.has(SearchReturn.Option.MIN)) {
        items.add(new UntaggedData.ESearch.Item("MIN", Long.toString(numbers.get(0))));
      }
      if (returns.has(SearchReturn.Option.MAX)) {
        items.add(
            new UntaggedData.ESearch.Item("MAX", Long.toString(numbers.get(numbers.size() - 1))));
      }
      if (returns.has(SearchReturn.Option.ALL)) {
        items.add(new UntaggedData.ESearch.Item("ALL", sequenceSet(numbers)));
      }
    }
    if (returns.has(SearchReturn.Option.COUNT)) {
      items.add(new UntaggedData.ESearch.Item("COUNT", Integer.toString(numbers.size())));
    }
    if (highest > 0 && !numbers.isEmpty()) {
      items.add(new UntaggedData.ESearch.Item("MODSEQ", Long.toString(highest)));
    }
    return new UntaggedData.ESearch(command.tag(), command.uid(), items);
  }

  /** Ascending numbers as a compact sequence set: 2,4:7,9. */
  static String sequenceSet(List<Long> ascending) {
    StringBuilder sb = new StringBuilder();
    int i = 0;
    while (i < ascending.size()) {
      long start = ascending.get(i);
      long end = start;
      while (i + 1 < ascending.size() && ascending.get(i + 1) == end + 1) {
        end = ascending.get(++i);
      }
      if (!sb.isEmpty()) {
        sb.append(',');
      }
      sb.append(start);
      if (end != start) {
        sb.append(':').append(end);
      }
      i++;
    }
    return sb.toString();
  }
}
