package io.mailtier.common.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.mailtier.proto.mailstore.v1.ErrorReason;
import org.junit.jupiter.api.Test;

class GrpcErrorsTest {
  @Test
  void reasonShouldRoundTripThroughTheStatusDetails() {
    StatusRuntimeException e =
        GrpcErrors.error(Status.Code.RESOURCE_EXHAUSTED, ErrorReason.QUOTA_EXCEEDED, "over quota");
    assertThat(GrpcErrors.code(e)).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
    assertThat(GrpcErrors.reason(e)).contains(ErrorReason.QUOTA_EXCEEDED);
    assertThat(e.getStatus().getDescription()).isEqualTo("over quota");
  }

  @Test
  void plainStatusShouldHaveNoReason() {
    assertThat(GrpcErrors.reason(Status.UNAVAILABLE.asRuntimeException())).isEmpty();
    assertThat(GrpcErrors.reason(new IllegalStateException("x"))).isEmpty();
    assertThat(GrpcErrors.code(new IllegalStateException("x"))).isEqualTo(Status.Code.UNKNOWN);
  }
}
