package io.mailtier.frontend.backend;

import io.mailtier.common.grpc.GrpcErrors;
import io.mailtier.frontend.pop3.response.Pop3Response;
import io.mailtier.frontend.pop3.response.Pop3ResponseCode;
import io.mailtier.proto.mailstore.v1.ErrorReason;
import java.util.Optional;

/** The one place where a failed MailStore call becomes a POP3 reply (RFC 3206 codes). */
public final class Pop3ErrorMapper {
  /** The text of every temporary failure. */
  public static final String UNAVAILABLE = "Service temporarily unavailable, try again later";

  private Pop3ErrorMapper() {}

  public static Pop3Response.Status toResponse(Throwable t) {
    if (ImapErrorMapper.isTemporary(t)) {
      return Pop3Response.Status.err(Pop3ResponseCode.SYS_TEMP, UNAVAILABLE);
    }
    Optional<ErrorReason> reason = GrpcErrors.reason(t);
    if (reason.isEmpty()) {
      return Pop3Response.Status.err(Pop3ResponseCode.SYS_TEMP, "Internal error");
    }
    return switch (reason.get()) {
      case FOLDER_NOT_FOUND, INVALID_FOLDER_NAME ->
          Pop3Response.Status.err(Pop3ResponseCode.SYS_PERM, "No such folder");
      // the folder was recreated under this session: its message numbers mean nothing now
      case UIDVALIDITY_CHANGED ->
          Pop3Response.Status.err(Pop3ResponseCode.SYS_TEMP, "Maildrop changed, log in again");
      // directory-sync lag or an account move: temporary for the client
      case ACCOUNT_NOT_FOUND ->
          Pop3Response.Status.err(
              Pop3ResponseCode.SYS_TEMP, "Maildrop not available, try again later");
      case INVALID_CREDENTIALS ->
          Pop3Response.Status.err(Pop3ResponseCode.AUTH, "Authentication failed");
      case QUOTA_EXCEEDED,
          FOLDER_EXISTS,
          FOLDER_NOT_DELETABLE,
          SIZE_MISMATCH,
          MESSAGE_TOO_BIG,
          INVALID_REQUEST ->
          Pop3Response.Status.err(Pop3ResponseCode.SYS_PERM, "Request refused by the mail store");
      case ACCOUNT_EXISTS, STORAGE_FAILURE, ERROR_REASON_UNSPECIFIED, UNRECOGNIZED ->
          Pop3Response.Status.err(Pop3ResponseCode.SYS_TEMP, "Internal error");
    };
  }
}
