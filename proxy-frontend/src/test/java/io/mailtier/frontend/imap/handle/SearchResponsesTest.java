package io.mailtier.frontend.imap.handle;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailtier.frontend.imap.response.ResponseCode;
import io.mailtier.frontend.imap.response.ResponseEncoder;
import io.mailtier.frontend.imap.response.StatusResponse;
import io.mailtier.frontend.imap.response.UntaggedData;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class SearchResponsesTest {
  private static String wire(UntaggedData d) {
    return new String(ResponseEncoder.encode(d), StandardCharsets.UTF_8);
  }

  @Test
  void sequenceSetsShouldBeCompact() {
    assertThat(SearchHandler.sequenceSet(List.of(2L, 4L, 5L, 6L, 7L, 9L))).isEqualTo("2,4:7,9");
    assertThat(SearchHandler.sequenceSet(List.of(1L))).isEqualTo("1");
    assertThat(SearchHandler.sequenceSet(List.of(1L, 2L))).isEqualTo("1:2");
    assertThat(SearchHandler.sequenceSet(List.of())).isEmpty();
  }

  @Test
  void searchResponsesShouldEncode() {
    assertThat(wire(new UntaggedData.Search(List.of(), 0))).isEqualTo("* SEARCH\r\n");
    assertThat(wire(new UntaggedData.Search(List.of(2L, 5L), 0))).isEqualTo("* SEARCH 2 5\r\n");
    assertThat(wire(new UntaggedData.Search(List.of(2L, 5L), 917162500L)))
        .isEqualTo("* SEARCH 2 5 (MODSEQ 917162500)\r\n");
    assertThat(wire(new UntaggedData.Search(List.of(), 9))).isEqualTo("* SEARCH\r\n");
  }

  @Test
  void esearchResponsesShouldEncode() {
    assertThat(
            wire(
                new UntaggedData.ESearch(
                    "A282",
                    false,
                    List.of(
                        new UntaggedData.ESearch.Item("MIN", "2"),
                        new UntaggedData.ESearch.Item("COUNT", "3")))))
        .isEqualTo("* ESEARCH (TAG \"A282\") MIN 2 COUNT 3\r\n");
    assertThat(wire(new UntaggedData.ESearch("t\"1", true, List.of())))
        .isEqualTo("* ESEARCH (TAG \"t\\\"1\") UID\r\n");
  }

  @Test
  void nodeFailuresShouldMapToImapCodes() {
    var budget =
        io.mailtier.common.grpc.GrpcErrors.error(
            io.grpc.Status.Code.RESOURCE_EXHAUSTED,
            io.mailtier.proto.mailstore.v1.ErrorReason.INVALID_REQUEST,
            "too many bytes");
    var limit = SearchHandler.failure("t", budget);
    assertThat(limit.type()).isEqualTo(StatusResponse.Type.NO);
    assertThat(limit.code()).isEqualTo(ResponseCode.LIMIT);
    var down = SearchHandler.failure("t", io.grpc.Status.UNAVAILABLE.asRuntimeException());
    assertThat(down.code()).isEqualTo(ResponseCode.UNAVAILABLE);
    var gone =
        SearchHandler.failure(
            "t",
            io.mailtier.common.grpc.GrpcErrors.error(
                io.grpc.Status.Code.NOT_FOUND,
                io.mailtier.proto.mailstore.v1.ErrorReason.FOLDER_NOT_FOUND,
                "no folder"));
    assertThat(gone.code()).isEqualTo(ResponseCode.NONEXISTENT);
  }
}
