package io.mailtier.frontend.imap.handle;

import io.mailtier.frontend.backend.ImapErrorMapper;
import io.mailtier.frontend.imap.command.ImapCommand;
import io.mailtier.frontend.imap.response.ImapResponse;
import io.mailtier.frontend.imap.response.StatusResponse;
import io.mailtier.frontend.imap.response.UntaggedData;
import io.mailtier.frontend.imap.session.SessionState;
import io.mailtier.proto.mailstore.v1.Folder;
import io.mailtier.proto.mailstore.v1.GetFolderStatusRequest;
import io.mailtier.proto.mailstore.v1.ListFoldersRequest;
import io.mailtier.proto.mailstore.v1.ListFoldersResponse;
import io.mailtier.proto.mailstore.v1.SpecialUse;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * LIST with the RFC 5258 options (selection SUBSCRIBED, REMOTE, RECURSIVEMATCH, SPECIAL-USE; return
 * SUBSCRIBED, CHILDREN, SPECIAL-USE, STATUS of RFC 5819). Child attributes (RFC 3348) and
 * special-use attributes (RFC 6154) are always sent, as both RFCs allow; {@code \Subscribed} only
 * when asked for. There are no remote mailboxes, so REMOTE changes nothing.
 */
final class ListExtendedHandler
    implements CommandHandler<ImapCommand.ListExtended, SessionState.LoggedIn> {

  /** One line to send: a name and its attributes, with CHILDINFO data when asked for. */
  private record Line(
      String name, List<String> attributes, List<String> childInfo, boolean exists) {}

  @Override
  public Future<Outcome> handle(
      ImapCommand.ListExtended command, SessionState.LoggedIn state, HandlerContext ctx) {
    String tag = command.tag();
    if (ctx.options().imap4rev2() && command.statusItems().contains("RECENT")) {
      return Outcome.now(StatusResponse.bad(tag, "RECENT is not a status item in IMAP4rev2"));
    }
    if (command.patterns().size() == 1 && command.patterns().get(0).isEmpty()) {
      return Outcome.now(
          new UntaggedData.ListItem(List.of("\\Noselect"), ListHandler.DELIMITER, ""),
          StatusResponse.ok(tag, "LIST completed"));
    }
    var request = ListFoldersRequest.newBuilder().setAccount(state.route().account()).build();
    return ctx.mailstore()
        .listFolders(state.route().backend(), request)
        .compose(response -> {
          List<Line> lines = select(command, response);
          if (!command.returns().contains("STATUS")) {
            List<ImapResponse> out = new ArrayList<>();
            for (Line line : lines) {
              out.add(item(line));
            }
            out.add(StatusResponse.ok(tag, "LIST completed"));
            return Future.succeededFuture(Outcome.of(null, out));
          }
          return withStatus(command, lines, state, ctx)
              .map(out -> {
                out.add(StatusResponse.ok(tag, "LIST completed"));
                return Outcome.of(null, out);
              });
        })
        .otherwise(
            t -> Outcome.of(ImapErrorMapper.toResponse(tag, t, ImapErrorMapper.Operation.OTHER)));
  }

  /** The LIST lines, in the node's folder order (subscribed names without a folder last). */
  private static List<Line> select(ImapCommand.ListExtended command, ListFoldersResponse response) {
    char delimiter = ListHandler.DELIMITER.charAt(0);
    List<MailboxPattern> patterns = new ArrayList<>();
    for (String p : command.patterns()) {
      patterns.add(new MailboxPattern(command.reference() + p, delimiter));
    }
    boolean bySubscription = command.selection().contains("SUBSCRIBED");
    boolean bySpecialUse = command.selection().contains("SPECIAL-USE");
    boolean recursive = command.selection().contains("RECURSIVEMATCH");
    boolean showSubscribed = bySubscription || command.returns().contains("SUBSCRIBED");
    Set<String> subscribed = new HashSet<>(response.getSubscriptionsList());
    Map<String, Folder> folders = new LinkedHashMap<>();
    for (Folder f : response.getFoldersList()) {
      folders.put(f.getName(), f);
    }
    // Every name LIST knows: the folders, then subscribed names that are no folder.
    Set<String> names = new java.util.LinkedHashSet<>(folders.keySet());
    names.addAll(new TreeSet<>(subscribed));
    // The names the selection options pick, before pattern matching.
    Set<String> selected = new java.util.LinkedHashSet<>();
    for (String name : names) {
      Folder f = folders.get(name);
      boolean pick =
          (!bySubscription || subscribed.contains(name))
              && (!bySpecialUse
                  || (f != null
                      && f.getSpecialUse() != SpecialUse.SPECIAL_USE_NONE
                      && f.getSpecialUse() != SpecialUse.UNRECOGNIZED))
              && (f != null || bySubscription);
      if (pick) {
        selected.add(name);
      }
    }
    // RECURSIVEMATCH (RFC 5258 3.5): a matching parent of a selected name is returned with
    // CHILDINFO even when it is not selected itself.
    Map<String, String> childInfo = new LinkedHashMap<>();
    if (recursive) {
      String reason = bySubscription ? "SUBSCRIBED" : "SPECIAL-USE";
      for (String name : selected) {
        for (int i = name.indexOf(delimiter); i > 0; i = name.indexOf(delimiter, i + 1)) {
          String parent = name.substring(0, i);
          if (matches(patterns, parent)) {
            childInfo.put(parent, reason);
          }
        }
      }
    }
    List<Line> lines = new ArrayList<>();
    for (String name : names) {
      boolean isSelected = selected.contains(name) && matches(patterns, name);
      String info = childInfo.get(name);
      if (!isSelected && info == null) {
        continue;
      }
      Folder f = folders.get(name);
      List<String> attributes = new ArrayList<>();
      if (f == null) {
        attributes.add("\\NonExistent");
      } else {
        attributes.addAll(ListHandler.attributes(f));
      }
      if (showSubscribed && subscribed.contains(name)) {
        attributes.add("\\Subscribed");
      }
      lines.add(new Line(name, attributes, info == null ? List.of() : List.of(info), f != null));
    }
    // A parent named only through RECURSIVEMATCH that is neither a folder nor subscribed.
    for (var e : childInfo.entrySet()) {
      if (!names.contains(e.getKey())) {
        lines.add(new Line(e.getKey(), List.of("\\NonExistent"), List.of(e.getValue()), false));
      }
    }
    return lines;
  }

  private static boolean matches(List<MailboxPattern> patterns, String name) {
    for (MailboxPattern p : patterns) {
      if (p.matches(name)) {
        return true;
      }
    }
    return false;
  }

  private static UntaggedData.ListItem item(Line line) {
    return new UntaggedData.ListItem(
        "LIST", line.attributes(), ListHandler.DELIMITER, line.name(), line.childInfo());
  }

  /**
   * The LIST lines, each existing mailbox followed by its STATUS (RFC 5819), one node call after
   * the other. A mailbox whose status cannot be read (deleted meanwhile) gets no STATUS line.
   */
  private static Future<List<ImapResponse>> withStatus(
      ImapCommand.ListExtended command,
      List<Line> lines,
      SessionState.LoggedIn state,
      HandlerContext ctx) {
    List<ImapResponse> out = new ArrayList<>();
    Future<Void> chain = Future.succeededFuture();
    for (Line line : lines) {
      chain =
          chain.compose(v -> {
            out.add(item(line));
            if (!line.exists()) {
              return Future.succeededFuture();
            }
            var request =
                GetFolderStatusRequest.newBuilder()
                    .setAccount(state.route().account())
                    .setFolder(line.name())
                    .build();
            return ctx.mailstore()
                .folderStatus(state.route().backend(), request)
                .<Void>map(r -> {
                  out.add(
                      new UntaggedData.Status(
                          line.name(),
                          MailboxManagementHandlers.Status.items(
                              command.statusItems(), r.getStatus())));
                  return null;
                })
                .recover(t ->
                    ImapErrorMapper.isTemporary(t)
                        ? Future.failedFuture(t)
                        : Future.succeededFuture());
          });
    }
    return chain.map(v -> out);
  }
}
