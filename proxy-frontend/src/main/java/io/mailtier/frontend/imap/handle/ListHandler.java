package io.mailtier.frontend.imap.handle;

import io.mailtier.frontend.backend.ImapErrorMapper;
import io.mailtier.frontend.imap.command.ImapCommand;
import io.mailtier.frontend.imap.response.ImapResponse;
import io.mailtier.frontend.imap.response.StatusResponse;
import io.mailtier.frontend.imap.response.UntaggedData;
import io.mailtier.frontend.imap.session.SessionState;
import io.mailtier.proto.mailstore.v1.Folder;
import io.mailtier.proto.mailstore.v1.ListFoldersRequest;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;

/** LIST reference pattern, with child and special-use attributes (RFC 5258 / RFC 6154). */
final class ListHandler
    implements CommandHandler<ImapCommand.ListMailboxes, SessionState.LoggedIn> {
  static final String DELIMITER = "/";

  @Override
  public Future<Outcome> handle(
      ImapCommand.ListMailboxes command, SessionState.LoggedIn state, HandlerContext ctx) {
    String tag = command.tag();
    if (command.pattern().isEmpty()) {
      return Outcome.now(
          new UntaggedData.ListItem(List.of("\\Noselect"), DELIMITER, ""),
          StatusResponse.ok(tag, "LIST completed"));
    }
    MailboxPattern pattern =
        new MailboxPattern(command.reference() + command.pattern(), DELIMITER.charAt(0));
    var request = ListFoldersRequest.newBuilder().setAccount(state.route().account()).build();
    return ctx.mailstore()
        .listFolders(state.route().backend(), request)
        .map(response -> {
          List<ImapResponse> out = new ArrayList<>();
          for (Folder folder : response.getFoldersList()) {
            if (pattern.matches(folder.getName())) {
              out.add(new UntaggedData.ListItem(attributes(folder), DELIMITER, folder.getName()));
            }
          }
          out.add(StatusResponse.ok(tag, "LIST completed"));
          return Outcome.of(null, out);
        })
        .otherwise(
            t -> Outcome.of(ImapErrorMapper.toResponse(tag, t, ImapErrorMapper.Operation.OTHER)));
  }

  static List<String> attributes(Folder folder) {
    List<String> attributes = new ArrayList<>();
    attributes.add(folder.getHasChildren() ? "\\HasChildren" : "\\HasNoChildren");
    String special =
        switch (folder.getSpecialUse()) {
          case SPECIAL_USE_SENT -> "\\Sent";
          case SPECIAL_USE_DRAFTS -> "\\Drafts";
          case SPECIAL_USE_TRASH -> "\\Trash";
          case SPECIAL_USE_JUNK -> "\\Junk";
          case SPECIAL_USE_ARCHIVE -> "\\Archive";
          case SPECIAL_USE_ALL -> "\\All";
          case SPECIAL_USE_FLAGGED -> "\\Flagged";
          case SPECIAL_USE_NONE, UNRECOGNIZED -> null;
        };
    if (special != null) {
      attributes.add(special);
    }
    return attributes;
  }
}
