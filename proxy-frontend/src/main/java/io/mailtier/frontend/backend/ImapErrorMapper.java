package io.mailtier.frontend.backend;

import io.grpc.Status;
import io.mailtier.common.grpc.GrpcErrors;
import io.mailtier.frontend.imap.response.ResponseCode;
import io.mailtier.frontend.imap.response.StatusResponse;
import io.mailtier.proto.mailstore.v1.ErrorReason;
import java.util.Optional;

/** The one place where a failed MailStore call becomes an IMAP status response. */
public final class ImapErrorMapper {
  /** The text of every failed authentication, whatever the cause (non-revealing). */
  public static final String AUTHENTICATION_FAILED = "Authentication failed";

  /** The text of every temporary failure. */
  public static final String UNAVAILABLE = "Service temporarily unavailable, try again later";

  /** What the failed call was doing, where the mapping depends on it. */
  public enum Operation {
    APPEND,
    /** COPY / MOVE: a missing target gets TRYCREATE, as for APPEND (RFC 9051 6.4.7). */
    COPY,
    OTHER
  }

  private ImapErrorMapper() {}

  /** Whether a failure is temporary (node down, deadline passed). */
  public static boolean isTemporary(Throwable t) {
    Status.Code code = GrpcErrors.code(t);
    return code == Status.Code.UNAVAILABLE
        || code == Status.Code.DEADLINE_EXCEEDED
        || code == Status.Code.CANCELLED
        || code == Status.Code.ABORTED;
  }

  /** The tagged response to a command whose MailStore call failed. */
  public static StatusResponse toResponse(String tag, Throwable t, Operation operation) {
    if (isTemporary(t)) {
      return StatusResponse.no(tag, ResponseCode.UNAVAILABLE, UNAVAILABLE);
    }
    Optional<ErrorReason> reason = GrpcErrors.reason(t);
    if (reason.isEmpty()) {
      return StatusResponse.no(tag, ResponseCode.SERVERBUG, "Internal error");
    }
    return switch (reason.get()) {
      case QUOTA_EXCEEDED -> StatusResponse.no(tag, ResponseCode.OVERQUOTA, "Quota exceeded");
      case FOLDER_NOT_FOUND ->
          operation != Operation.OTHER
              ? StatusResponse.no(tag, ResponseCode.TRYCREATE, "No such mailbox")
              : StatusResponse.no(tag, ResponseCode.NONEXISTENT, "No such mailbox");
      case MESSAGE_TOO_BIG -> StatusResponse.no(tag, ResponseCode.TOOBIG, "Message too big");
      case FOLDER_EXISTS -> StatusResponse.no(tag, ResponseCode.ALREADYEXISTS, "Mailbox exists");
      case INVALID_FOLDER_NAME ->
          StatusResponse.no(tag, ResponseCode.CANNOT, "Invalid mailbox name");
      case FOLDER_NOT_DELETABLE ->
          StatusResponse.no(tag, ResponseCode.CANNOT, "This mailbox cannot be deleted");
      case INVALID_CREDENTIALS ->
          StatusResponse.no(tag, ResponseCode.AUTHENTICATIONFAILED, AUTHENTICATION_FAILED);
      case UIDVALIDITY_CHANGED ->
          StatusResponse.no(tag, ResponseCode.UNAVAILABLE, "Mailbox changed, select it again");
      case SIZE_MISMATCH, INVALID_REQUEST ->
          StatusResponse.no(tag, ResponseCode.CANNOT, "Request refused by the mail store");
      // The user map routes to a node that does not have the account (yet): directory-sync lag or
      // a move in progress. Temporary for the client; the node's log says which.
      case ACCOUNT_NOT_FOUND ->
          StatusResponse.no(
              tag, ResponseCode.UNAVAILABLE, "Mailbox not available, try again later");
      case ACCOUNT_EXISTS, STORAGE_FAILURE, ERROR_REASON_UNSPECIFIED, UNRECOGNIZED ->
          StatusResponse.no(tag, ResponseCode.SERVERBUG, "Internal error");
    };
  }
}
