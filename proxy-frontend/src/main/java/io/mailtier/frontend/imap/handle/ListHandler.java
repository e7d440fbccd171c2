package io.mailtier.frontend.imap.handle;

import io.mailtier.frontend.imap.command.ImapCommand;
import io.mailtier.frontend.imap.session.SessionState;
import io.mailtier.proto.mailstore.v1.Folder;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** LIST reference pattern, with child and special-use attributes (RFC 5258 / RFC 6154). */
final class ListHandler
    implements CommandHandler<ImapCommand.ListMailboxes, SessionState.LoggedIn> {
  static final String DELIMITER = "/";

  private final ListExtendedHandler extended = new ListExtendedHandler();

  /** The basic form is the extended one without options. */
  @Override
  public Future<Outcome> handle(
      ImapCommand.ListMailboxes command, SessionState.LoggedIn state, HandlerContext ctx) {
    return extended.handle(
        new ImapCommand.ListExtended(
            command.tag(),
            Set.of(),
            command.reference(),
            List.of(command.pattern()),
            Set.of(),
            List.of()),
        state,
        ctx);
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
