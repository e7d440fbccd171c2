package io.mailtier.frontend.imap.handle;

import io.mailtier.frontend.backend.ImapErrorMapper;
import io.mailtier.frontend.imap.command.ImapCommand;
import io.mailtier.frontend.imap.response.ImapResponse;
import io.mailtier.frontend.imap.response.StatusResponse;
import io.mailtier.frontend.imap.response.UntaggedData;
import io.mailtier.frontend.imap.session.SessionState;
import io.mailtier.proto.mailstore.v1.Folder;
import io.mailtier.proto.mailstore.v1.ListFoldersRequest;
import io.mailtier.proto.mailstore.v1.SubscribeRequest;
import io.mailtier.proto.mailstore.v1.UnsubscribeRequest;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** SUBSCRIBE, UNSUBSCRIBE and LSUB (RFC 3501 6.3.6-6.3.9; LSUB is deprecated in RFC 9051). */
final class SubscriptionHandlers {
  private SubscriptionHandlers() {}

  /**
   * SUBSCRIBE / UNSUBSCRIBE. Any name may be subscribed (RFC 9051 6.3.7 allows a server to refuse
   * names that do not exist; this one does not, so clients can subscribe before creating).
   * Unsubscribing a name that is not subscribed is {@code NO [NONEXISTENT]}.
   */
  static final class Subscribe
      implements CommandHandler<ImapCommand.Subscribe, SessionState.LoggedIn> {
    @Override
    public Future<Outcome> handle(
        ImapCommand.Subscribe command, SessionState.LoggedIn state, HandlerContext ctx) {
      String account = state.route().account();
      String backend = state.route().backend();
      Future<?> call =
          command.subscribe()
              ? ctx.mailstore()
                  .subscribe(
                      backend,
                      SubscribeRequest.newBuilder()
                          .setAccount(account)
                          .setFolder(command.mailbox())
                          .build())
              : ctx.mailstore()
                  .unsubscribe(
                      backend,
                      UnsubscribeRequest.newBuilder()
                          .setAccount(account)
                          .setFolder(command.mailbox())
                          .build());
      return call.map(
              ok -> Outcome.of(StatusResponse.ok(command.tag(), command.name() + " completed")))
          .otherwise(t ->
              Outcome.of(
                  ImapErrorMapper.toResponse(command.tag(), t, ImapErrorMapper.Operation.OTHER)));
    }
  }

  /**
   * LSUB: the subscribed names that match. When a subscribed name does not match because {@code %}
   * stops at a delimiter, its matching parent, if not subscribed itself, is reported as {@code
   * \Noselect} (RFC 3501 6.3.9); so is a subscribed name with no folder.
   */
  static final class Lsub implements CommandHandler<ImapCommand.Lsub, SessionState.LoggedIn> {
    @Override
    public Future<Outcome> handle(
        ImapCommand.Lsub command, SessionState.LoggedIn state, HandlerContext ctx) {
      String tag = command.tag();
      char delimiter = ListHandler.DELIMITER.charAt(0);
      if (command.pattern().isEmpty()) {
        return Outcome.now(
            new UntaggedData.ListItem(
                "LSUB", List.of("\\Noselect"), ListHandler.DELIMITER, "", List.of()),
            StatusResponse.ok(tag, "LSUB completed"));
      }
      MailboxPattern pattern =
          new MailboxPattern(command.reference() + command.pattern(), delimiter);
      var request = ListFoldersRequest.newBuilder().setAccount(state.route().account()).build();
      return ctx.mailstore()
          .listFolders(state.route().backend(), request)
          .map(response -> {
            Set<String> folders = new HashSet<>();
            for (Folder f : response.getFoldersList()) {
              folders.add(f.getName());
            }
            Set<String> subscribed = new LinkedHashSet<>(response.getSubscriptionsList());
            Set<String> sent = new HashSet<>();
            List<ImapResponse> out = new ArrayList<>();
            for (String name : subscribed) {
              if (pattern.matches(name)) {
                if (sent.add(name)) {
                  out.add(line(folders.contains(name) ? List.of() : List.of("\\Noselect"), name));
                }
                continue;
              }
              for (int i = name.indexOf(delimiter); i > 0; i = name.indexOf(delimiter, i + 1)) {
                String parent = name.substring(0, i);
                if (!subscribed.contains(parent) && pattern.matches(parent) && sent.add(parent)) {
                  out.add(line(List.of("\\Noselect"), parent));
                }
              }
            }
            out.add(StatusResponse.ok(tag, "LSUB completed"));
            return Outcome.of(null, out);
          })
          .otherwise(
              t -> Outcome.of(ImapErrorMapper.toResponse(tag, t, ImapErrorMapper.Operation.OTHER)));
    }

    private static UntaggedData.ListItem line(List<String> attributes, String name) {
      return new UntaggedData.ListItem("LSUB", attributes, ListHandler.DELIMITER, name, List.of());
    }
  }
}
