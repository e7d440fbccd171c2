package io.mailtier.frontend.imap.handle;

import io.mailtier.frontend.backend.ImapErrorMapper;
import io.mailtier.frontend.imap.command.ImapCommand;
import io.mailtier.frontend.imap.response.ResponseCode;
import io.mailtier.frontend.imap.response.StatusResponse;
import io.mailtier.frontend.imap.response.UntaggedData;
import io.mailtier.frontend.imap.session.SessionState;
import io.mailtier.proto.mailstore.v1.CreateFolderRequest;
import io.mailtier.proto.mailstore.v1.DeleteFolderRequest;
import io.mailtier.proto.mailstore.v1.FolderStatus;
import io.mailtier.proto.mailstore.v1.GetFolderStatusRequest;
import io.mailtier.proto.mailstore.v1.RenameFolderRequest;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;

/** The small mailbox commands: CREATE, DELETE, RENAME, STATUS. */
final class MailboxManagementHandlers {
  private MailboxManagementHandlers() {}

  private static StatusResponse failure(String tag, Throwable t) {
    return ImapErrorMapper.toResponse(tag, t, ImapErrorMapper.Operation.OTHER);
  }

  /** CREATE: a trailing delimiter is dropped (RFC 9051 6.3.4). */
  static final class Create implements CommandHandler<ImapCommand.Create, SessionState.LoggedIn> {
    @Override
    public Future<Outcome> handle(
        ImapCommand.Create command, SessionState.LoggedIn state, HandlerContext ctx) {
      String name = command.mailbox();
      while (name.endsWith(ListHandler.DELIMITER)) {
        name = name.substring(0, name.length() - 1);
      }
      if (name.isEmpty()) {
        return Outcome.now(StatusResponse.no(command.tag(), ResponseCode.CANNOT, "Invalid name"));
      }
      if (name.equals("INBOX")) {
        return Outcome.now(
            StatusResponse.no(command.tag(), ResponseCode.ALREADYEXISTS, "INBOX exists"));
      }
      var request =
          CreateFolderRequest.newBuilder()
              .setAccount(state.route().account())
              .setFolder(name)
              .build();
      return ctx.mailstore()
          .createFolder(state.route().backend(), request)
          .map(ok -> Outcome.of(StatusResponse.ok(command.tag(), "CREATE completed")))
          .otherwise(t -> Outcome.of(failure(command.tag(), t)));
    }
  }

  /** DELETE. */
  static final class Delete implements CommandHandler<ImapCommand.Delete, SessionState.LoggedIn> {
    @Override
    public Future<Outcome> handle(
        ImapCommand.Delete command, SessionState.LoggedIn state, HandlerContext ctx) {
      var request =
          DeleteFolderRequest.newBuilder()
              .setAccount(state.route().account())
              .setFolder(command.mailbox())
              .build();
      return ctx.mailstore()
          .deleteFolder(state.route().backend(), request)
          .map(ok -> Outcome.of(StatusResponse.ok(command.tag(), "DELETE completed")))
          .otherwise(t -> Outcome.of(failure(command.tag(), t)));
    }
  }

  /** RENAME. */
  static final class Rename implements CommandHandler<ImapCommand.Rename, SessionState.LoggedIn> {
    @Override
    public Future<Outcome> handle(
        ImapCommand.Rename command, SessionState.LoggedIn state, HandlerContext ctx) {
      var request =
          RenameFolderRequest.newBuilder()
              .setAccount(state.route().account())
              .setFromFolder(command.from())
              .setToFolder(command.to())
              .build();
      return ctx.mailstore()
          .renameFolder(state.route().backend(), request)
          .map(ok -> Outcome.of(StatusResponse.ok(command.tag(), "RENAME completed")))
          .otherwise(t -> Outcome.of(failure(command.tag(), t)));
    }
  }

  /** STATUS. */
  static final class Status implements CommandHandler<ImapCommand.Status, SessionState.LoggedIn> {
    /** The values of STATUS items, in request order (also used by LIST-STATUS). */
    static List<UntaggedData.Status.Item> items(List<String> names, FolderStatus s) {
      List<UntaggedData.Status.Item> items = new ArrayList<>();
      for (String item : names) {
        long value =
            switch (item) {
              case "MESSAGES" -> Integer.toUnsignedLong(s.getMessages());
              case "UIDNEXT" -> Integer.toUnsignedLong(s.getUidNext());
              case "UIDVALIDITY" -> Integer.toUnsignedLong(s.getUidValidity());
              case "UNSEEN" -> Integer.toUnsignedLong(s.getUnseen());
              case "DELETED" -> Integer.toUnsignedLong(s.getDeleted());
              case "SIZE" -> s.getSize();
              default -> 0; // RECENT: this server has no \Recent
            };
        items.add(new UntaggedData.Status.Item(item, value));
      }
      return items;
    }

    @Override
    public Future<Outcome> handle(
        ImapCommand.Status command, SessionState.LoggedIn state, HandlerContext ctx) {
      if (ctx.options().imap4rev2() && command.items().contains("RECENT")) {
        return Outcome.now(
            StatusResponse.bad(command.tag(), "RECENT is not a status item in IMAP4rev2"));
      }
      var request =
          GetFolderStatusRequest.newBuilder()
              .setAccount(state.route().account())
              .setFolder(command.mailbox())
              .build();
      return ctx.mailstore()
          .folderStatus(state.route().backend(), request)
          .map(response -> {
            return Outcome.of(
                new UntaggedData.Status(
                    command.mailbox(), items(command.items(), response.getStatus())),
                StatusResponse.ok(command.tag(), "STATUS completed"));
          })
          .otherwise(t -> Outcome.of(failure(command.tag(), t)));
    }
  }
}
