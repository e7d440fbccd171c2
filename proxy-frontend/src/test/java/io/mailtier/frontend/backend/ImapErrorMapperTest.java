package io.mailtier.frontend.backend;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import io.mailtier.common.grpc.GrpcErrors;
import io.mailtier.frontend.backend.ImapErrorMapper.Operation;
import io.mailtier.frontend.imap.response.ResponseCode;
import io.mailtier.frontend.imap.response.StatusResponse;
import io.mailtier.proto.mailstore.v1.ErrorReason;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ImapErrorMapperTest {
  static Stream<Arguments> failures() {
    return Stream.of(
        Arguments.of(
            Status.UNAVAILABLE.asRuntimeException(), Operation.OTHER, ResponseCode.UNAVAILABLE),
        Arguments.of(
            Status.DEADLINE_EXCEEDED.asRuntimeException(),
            Operation.APPEND,
            ResponseCode.UNAVAILABLE),
        Arguments.of(
            GrpcErrors.error(Status.Code.RESOURCE_EXHAUSTED, ErrorReason.QUOTA_EXCEEDED, "q"),
            Operation.APPEND,
            ResponseCode.OVERQUOTA),
        Arguments.of(
            GrpcErrors.error(Status.Code.NOT_FOUND, ErrorReason.FOLDER_NOT_FOUND, "f"),
            Operation.OTHER,
            ResponseCode.NONEXISTENT),
        Arguments.of(
            GrpcErrors.error(Status.Code.NOT_FOUND, ErrorReason.FOLDER_NOT_FOUND, "f"),
            Operation.APPEND,
            ResponseCode.TRYCREATE),
        Arguments.of(
            GrpcErrors.error(Status.Code.INVALID_ARGUMENT, ErrorReason.MESSAGE_TOO_BIG, "b"),
            Operation.APPEND,
            ResponseCode.TOOBIG),
        Arguments.of(
            GrpcErrors.error(Status.Code.ALREADY_EXISTS, ErrorReason.FOLDER_EXISTS, "e"),
            Operation.OTHER,
            ResponseCode.ALREADYEXISTS),
        Arguments.of(
            GrpcErrors.error(Status.Code.INTERNAL, ErrorReason.STORAGE_FAILURE, "s"),
            Operation.OTHER,
            ResponseCode.SERVERBUG),
        Arguments.of(
            GrpcErrors.error(Status.Code.NOT_FOUND, ErrorReason.ACCOUNT_NOT_FOUND, "a"),
            Operation.OTHER,
            ResponseCode.UNAVAILABLE),
        Arguments.of(Status.INTERNAL.asRuntimeException(), Operation.OTHER, ResponseCode.SERVERBUG),
        Arguments.of(new IllegalStateException("boom"), Operation.OTHER, ResponseCode.SERVERBUG));
  }

  @ParameterizedTest(name = "{0} during {1} -> NO [{2}]")
  @MethodSource("failures")
  void failedCallShouldBecomeATaggedNoWithTheRightCode(
      Throwable failure, Operation operation, ResponseCode code) {
    StatusResponse r = ImapErrorMapper.toResponse("t1", failure, operation);
    assertThat(r.tag()).isEqualTo("t1");
    assertThat(r.type()).isEqualTo(StatusResponse.Type.NO);
    assertThat(r.code()).isEqualTo(code);
  }
}
