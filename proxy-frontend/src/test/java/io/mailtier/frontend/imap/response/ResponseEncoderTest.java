package io.mailtier.frontend.imap.response;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResponseEncoderTest {
  private static String encode(ImapResponse r) {
    return new String(ResponseEncoder.encode(r), StandardCharsets.UTF_8);
  }

  @Test
  void statusResponsesShouldCarryTheirCodeAndData() {
    assertThat(
            encode(
                StatusResponse.ok("a1", ResponseCode.APPENDUID, "38505 3955", "APPEND completed")))
        .isEqualTo("a1 OK [APPENDUID 38505 3955] APPEND completed\r\n");
    assertThat(encode(StatusResponse.no("a2", ResponseCode.READ_ONLY, "x")))
        .isEqualTo("a2 NO [READ-ONLY] x\r\n");
    assertThat(encode(StatusResponse.bye("Autologout"))).isEqualTo("* BYE Autologout\r\n");
  }

  @Test
  void fetchBodyShouldBeALiteral() {
    var fetch =
        new FetchData(
            3,
            List.of(
                new FetchData.Uid(7),
                new FetchData.Body("BODY[]", "ab\r\n".getBytes(StandardCharsets.US_ASCII)),
                new FetchData.Flags(List.of("\\Seen")),
                new FetchData.InternalDate(Instant.parse("2026-01-02T03:04:05Z"))));
    assertThat(encode(fetch))
        .isEqualTo(
            "* 3 FETCH (UID 7 BODY[] {4}\r\nab\r\n FLAGS (\\Seen) INTERNALDATE \"02-Jan-2026 03:04:05 +0000\")\r\n");
  }

  @Test
  void mailboxNamesShouldBeQuotedWithEscapes() {
    assertThat(encode(new UntaggedData.ListItem(List.of("\\HasNoChildren"), "/", "a\"b\\c")))
        .isEqualTo("* LIST (\\HasNoChildren) \"/\" \"a\\\"b\\\\c\"\r\n");
  }
}
