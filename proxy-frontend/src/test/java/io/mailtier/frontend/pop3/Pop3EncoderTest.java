package io.mailtier.frontend.pop3;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailtier.frontend.pop3.response.Pop3Encoder;
import io.mailtier.frontend.pop3.response.Pop3Response;
import io.mailtier.frontend.pop3.response.Pop3ResponseCode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class Pop3EncoderTest {
  private static String encode(Pop3Response r) {
    return new String(Pop3Encoder.encode(r), StandardCharsets.UTF_8);
  }

  @Test
  void statusLinesShouldCarryTheResponseCode() {
    assertThat(encode(Pop3Response.Status.ok(""))).isEqualTo("+OK\r\n");
    assertThat(encode(Pop3Response.Status.err(Pop3ResponseCode.SYS_TEMP, "later")))
        .isEqualTo("-ERR [SYS/TEMP] later\r\n");
    assertThat(encode(Pop3Response.Status.err(Pop3ResponseCode.IN_USE, "locked")))
        .isEqualTo("-ERR [IN-USE] locked\r\n");
    assertThat(encode(Pop3Response.Status.err("a\r\nb"))).isEqualTo("-ERR a  b\r\n");
  }

  @Test
  void contentShouldBeByteStuffedWithCrlfAndEndWithADot() {
    byte[] message = "Subject: x\r\n\r\n.one\r\n..two\n.\r\nlast".getBytes(StandardCharsets.UTF_8);
    assertThat(encode(new Pop3Response.Content("5 octets", message)))
        .isEqualTo("+OK 5 octets\r\nSubject: x\r\n\r\n..one\r\n...two\r\n..\r\nlast\r\n.\r\n");
  }

  @Test
  void emptyContentShouldBeJustTheTerminator() {
    assertThat(encode(new Pop3Response.Content("", new byte[0]))).isEqualTo("+OK\r\n.\r\n");
  }

  @Test
  void listingsShouldBeStuffedToo() {
    assertThat(encode(new Pop3Response.Listing("x", List.of("A", ".B"))))
        .isEqualTo("+OK x\r\nA\r\n..B\r\n.\r\n");
  }

  @Test
  void topShouldKeepTheHeaderTheEmptyLineAndNBodyLines() {
    byte[] m = "H: 1\r\nH: 2\r\n\r\nb1\r\nb2\r\nb3\r\n".getBytes(StandardCharsets.UTF_8);
    assertThat(new String(Pop3Processor.top(m, 0), StandardCharsets.UTF_8))
        .isEqualTo("H: 1\r\nH: 2\r\n\r\n");
    assertThat(new String(Pop3Processor.top(m, 2), StandardCharsets.UTF_8))
        .isEqualTo("H: 1\r\nH: 2\r\n\r\nb1\r\nb2\r\n");
    assertThat(Pop3Processor.top(m, 99)).isEqualTo(m);
    byte[] headerOnly = "H: 1\r\n".getBytes(StandardCharsets.UTF_8);
    assertThat(Pop3Processor.top(headerOnly, 5)).isEqualTo(headerOnly);
    byte[] lf = "H: 1\n\nb1\nb2\n".getBytes(StandardCharsets.UTF_8);
    assertThat(new String(Pop3Processor.top(lf, 1), StandardCharsets.UTF_8))
        .isEqualTo("H: 1\n\nb1\n");
  }

  @Test
  void loginNamesWithAPlusShouldNameAFolder() {
    assertThat(LoginName.parse("alice@example.test"))
        .isEqualTo(new LoginName("alice@example.test", "INBOX"));
    assertThat(LoginName.parse("alice+Archive@example.test"))
        .isEqualTo(new LoginName("alice@example.test", "Archive"));
    assertThat(LoginName.parse("alice+Lists/pop+3"))
        .isEqualTo(new LoginName("alice", "Lists/pop+3"));
    assertThat(LoginName.parse("+x@example.test"))
        .isEqualTo(new LoginName("+x@example.test", "INBOX"));
    assertThat(LoginName.parse("alice+@example.test"))
        .isEqualTo(new LoginName("alice+@example.test", "INBOX"));
  }

  @Test
  void consecutiveUidsShouldBecomeRanges() {
    var ranges = Pop3Processor.ranges(List.of(1L, 2L, 3L, 7L, 9L, 10L));
    assertThat(ranges).hasSize(3);
    assertThat(ranges.get(0).getFirst()).isEqualTo(1);
    assertThat(ranges.get(0).getLast()).isEqualTo(3);
    assertThat(ranges.get(1).getFirst()).isEqualTo(7);
    assertThat(ranges.get(2).getLast()).isEqualTo(10);
  }
}
