package io.mailtier.frontend.imap.handle;

import io.mailtier.frontend.backend.ImapErrorMapper;
import io.mailtier.frontend.imap.command.ImapCommand;
import io.mailtier.frontend.imap.response.ResponseCode;
import io.mailtier.frontend.imap.response.StatusResponse;
import io.mailtier.frontend.imap.response.UntaggedData;
import io.mailtier.frontend.imap.session.SessionState;
import io.mailtier.proto.mailstore.v1.GetFolderStatusRequest;
import io.mailtier.proto.mailstore.v1.GetQuotaRequest;
import io.mailtier.proto.mailstore.v1.Quota;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;

/**
 * GETQUOTA, GETQUOTAROOT and SETQUOTA (RFC 9208). Each account has one quota root, named {@code
 * ""}, holding every mailbox; its resources are STORAGE (in units of 1024 octets) and MESSAGE, each
 * reported only when the account has a limit for it. Limits are the operator's: SETQUOTA is
 * refused.
 */
final class QuotaHandlers {
  /** The name of the account's quota root. */
  static final String ROOT = "";

  private QuotaHandlers() {}

  /** The QUOTA response of an account, or null when it has no limit at all. */
  static UntaggedData.Quota quota(Quota q) {
    List<UntaggedData.Quota.Resource> resources = new ArrayList<>();
    if (q.getBytesLimit() != 0) {
      resources.add(
          new UntaggedData.Quota.Resource(
              "STORAGE", (q.getBytesUsed() + 1023) / 1024, q.getBytesLimit() / 1024));
    }
    if (q.getMessagesLimit() != 0) {
      resources.add(
          new UntaggedData.Quota.Resource("MESSAGE", q.getMessagesUsed(), q.getMessagesLimit()));
    }
    return resources.isEmpty() ? null : new UntaggedData.Quota(ROOT, resources);
  }

  private static Future<Quota> fetch(SessionState.LoggedIn state, HandlerContext ctx) {
    return ctx.mailstore()
        .getQuota(
            state.route().backend(),
            GetQuotaRequest.newBuilder().setAccount(state.route().account()).build())
        .map(r -> r.getQuota());
  }

  /** GETQUOTA root. */
  static final class GetQuota
      implements CommandHandler<ImapCommand.GetQuota, SessionState.LoggedIn> {
    @Override
    public Future<Outcome> handle(
        ImapCommand.GetQuota command, SessionState.LoggedIn state, HandlerContext ctx) {
      String tag = command.tag();
      if (!command.root().equals(ROOT)) {
        return Outcome.now(StatusResponse.no(tag, ResponseCode.NONEXISTENT, "No such quota root"));
      }
      return fetch(state, ctx)
          .map(q -> {
            UntaggedData.Quota quota = quota(q);
            if (quota == null) {
              return Outcome.of(
                  StatusResponse.no(tag, ResponseCode.NONEXISTENT, "No quota on this account"));
            }
            return Outcome.of(quota, StatusResponse.ok(tag, "GETQUOTA completed"));
          })
          .otherwise(
              t -> Outcome.of(ImapErrorMapper.toResponse(tag, t, ImapErrorMapper.Operation.OTHER)));
    }
  }

  /** GETQUOTAROOT mailbox: the mailbox must exist. */
  static final class GetQuotaRoot
      implements CommandHandler<ImapCommand.GetQuotaRoot, SessionState.LoggedIn> {
    @Override
    public Future<Outcome> handle(
        ImapCommand.GetQuotaRoot command, SessionState.LoggedIn state, HandlerContext ctx) {
      String tag = command.tag();
      var exists =
          ctx.mailstore()
              .folderStatus(
                  state.route().backend(),
                  GetFolderStatusRequest.newBuilder()
                      .setAccount(state.route().account())
                      .setFolder(command.mailbox())
                      .build());
      return exists
          .compose(s -> fetch(state, ctx))
          .map(q -> {
            UntaggedData.Quota quota = quota(q);
            if (quota == null) {
              return Outcome.of(
                  new UntaggedData.QuotaRoot(command.mailbox(), List.of()),
                  StatusResponse.ok(tag, "GETQUOTAROOT completed"));
            }
            return Outcome.of(
                new UntaggedData.QuotaRoot(command.mailbox(), List.of(ROOT)),
                quota,
                StatusResponse.ok(tag, "GETQUOTAROOT completed"));
          })
          .otherwise(
              t -> Outcome.of(ImapErrorMapper.toResponse(tag, t, ImapErrorMapper.Operation.OTHER)));
    }
  }

  /** SETQUOTA: limits come from the operator (the directory), never from the client. */
  static final class SetQuota
      implements CommandHandler<ImapCommand.SetQuota, SessionState.LoggedIn> {
    @Override
    public Future<Outcome> handle(
        ImapCommand.SetQuota command, SessionState.LoggedIn state, HandlerContext ctx) {
      return Outcome.now(
          StatusResponse.no(
              command.tag(), ResponseCode.NOPERM, "Quota limits are set by the administrator"));
    }
  }
}
