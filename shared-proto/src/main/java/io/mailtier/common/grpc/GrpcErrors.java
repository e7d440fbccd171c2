package io.mailtier.common.grpc;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.ErrorInfo;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.mailtier.proto.mailstore.v1.ErrorReason;
import java.util.Optional;

/**
 * Builds and reads the errors of the mailtier gRPC contracts: a canonical status code plus a {@code
 * google.rpc.ErrorInfo} detail whose reason is an {@link ErrorReason} name.
 */
public final class GrpcErrors {
  /** The ErrorInfo domain of every mailtier error. */
  public static final String DOMAIN = "mailstore.mailtier.io";

  private GrpcErrors() {}

  /** An error with the given code, reason and human-readable message. */
  public static StatusRuntimeException error(Status.Code code, ErrorReason reason, String message) {
    com.google.rpc.Status status =
        com.google.rpc.Status.newBuilder()
            .setCode(code.value())
            .setMessage(message)
            .addDetails(
                Any.pack(ErrorInfo.newBuilder().setReason(reason.name()).setDomain(DOMAIN).build()))
            .build();
    return StatusProto.toStatusRuntimeException(status);
  }

  /** The reason carried by a failure from a mailtier service, if it carries one. */
  public static Optional<ErrorReason> reason(Throwable t) {
    com.google.rpc.Status status = StatusProto.fromThrowable(t);
    if (status == null) {
      return Optional.empty();
    }
    for (Any detail : status.getDetailsList()) {
      if (detail.is(ErrorInfo.class)) {
        try {
          ErrorInfo info = detail.unpack(ErrorInfo.class);
          if (DOMAIN.equals(info.getDomain())) {
            return Optional.of(ErrorReason.valueOf(info.getReason()));
          }
        } catch (InvalidProtocolBufferException | IllegalArgumentException e) {
          return Optional.empty();
        }
      }
    }
    return Optional.empty();
  }

  /** The gRPC status code of a failure; UNKNOWN for anything that is not a gRPC status. */
  public static Status.Code code(Throwable t) {
    return Status.fromThrowable(t).getCode();
  }
}
