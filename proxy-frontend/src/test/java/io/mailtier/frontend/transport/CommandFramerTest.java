package io.mailtier.frontend.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class CommandFramerTest {
  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  @Test
  void pipelinedCommandsInOneBufferShouldComeOutOneByOne() {
    FramerHarness h = new FramerHarness(1024, 1 << 20);
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 200; i++) {
      sb.append("a").append(i).append(" NOOP\r\n");
    }
    h.feed(ascii(sb.toString()));
    assertThat(h.commands).hasSize(200);
    assertThat(new String(h.commands.get(199), StandardCharsets.US_ASCII)).isEqualTo("a199 NOOP");
  }

  @Test
  void synchronizingLiteralShouldAskForContinuationAndKeepTheBytesInline() {
    FramerHarness h = new FramerHarness(1024, 1 << 20);
    h.feed(ascii("a LOGIN {5}\r\n"));
    assertThat(h.events).containsExactly("continue");
    h.feed(ascii("al\r\nx secret\r\n"));
    assertThat(h.commands).hasSize(1);
    assertThat(h.commands.get(0)).isEqualTo(ascii("a LOGIN {5}\r\nal\r\nx secret"));
  }

  @Test
  void nonSynchronizingLiteralShouldNotAskForContinuation() {
    FramerHarness h = new FramerHarness(1024, 1 << 20);
    h.feed(ascii("a LOGIN {5+}\r\nalice secret\r\n"));
    assertThat(h.events).containsExactly("command");
  }

  @Test
  void literalLargerThanALineShouldBeReadInSlicesWithoutTrippingTheLineLimit() {
    FramerHarness h = new FramerHarness(1024, 1 << 20);
    byte[] body = new byte[100_000];
    Arrays.fill(body, (byte) 'x');
    h.feed(ascii("a APPEND INBOX {100000+}\r\n"));
    for (int off = 0; off < body.length; off += 7_000) {
      h.feed(Arrays.copyOfRange(body, off, Math.min(body.length, off + 7_000)));
    }
    h.feed(ascii("\r\n"));
    assertThat(h.events).containsExactly("command");
    assertThat(h.commands.get(0)).hasSize("a APPEND INBOX {100000+}\r\n".length() + 100_000);
  }

  @Test
  void lineOverTheLimitShouldBeReportedOnceAndStopFraming() {
    FramerHarness h = new FramerHarness(1024, 1 << 20);
    byte[] junk = new byte[5000];
    Arrays.fill(junk, (byte) 'a');
    h.feed(junk);
    h.feed(junk);
    h.feed(ascii("\r\nb NOOP\r\n"));
    assertThat(h.events).containsExactly("lineTooLong");
  }

  @Test
  void completeLineOverTheLimitInOneBufferShouldBeReported() {
    FramerHarness h = new FramerHarness(1024, 1 << 20);
    h.feed(ascii("a NOOP " + "x".repeat(1100) + "\r\n"));
    assertThat(h.events).containsExactly("lineTooLong");
  }

  @Test
  void synchronizingLiteralOverTheLimitShouldBeRefusedWithoutContinuationAndFramingGoesOn() {
    FramerHarness h = new FramerHarness(1024, 1000);
    h.feed(ascii("t1 APPEND INBOX {5000}\r\nt2 NOOP\r\n"));
    assertThat(h.events).containsExactly("tooBig t1 APPEND", "command");
    assertThat(h.commands.get(0)).isEqualTo(ascii("t2 NOOP"));
  }

  @Test
  void nonSynchronizingLiteralOverTheLimitShouldStopFraming() {
    FramerHarness h = new FramerHarness(1024, 1000);
    h.feed(ascii("t1 LOGIN {5000+}\r\nxxxx\r\nt2 NOOP\r\n"));
    assertThat(h.events).containsExactly("tooBig t1 LOGIN +");
  }

  @Test
  void bareLineFeedShouldEndALineToo() {
    FramerHarness h = new FramerHarness(1024, 1 << 20);
    h.feed(ascii("a NOOP\nb NOOP\r\n"));
    assertThat(h.commands).hasSize(2);
    assertThat(h.commands.get(0)).isEqualTo(ascii("a NOOP"));
  }

  @Test
  void literalAtEndShouldRecognizeOnlyWellFormedMarkers() {
    assertThat(CommandFramer.literalAtEnd(ascii("a {12}"), 6)).containsExactly(12, 0);
    assertThat(CommandFramer.literalAtEnd(ascii("a {12+}"), 7)).containsExactly(12, 1);
    assertThat(CommandFramer.literalAtEnd(ascii("a {}"), 4)).isNull();
    assertThat(CommandFramer.literalAtEnd(ascii("a {+}"), 5)).isNull();
    assertThat(CommandFramer.literalAtEnd(ascii("a 12}"), 5)).isNull();
    assertThat(CommandFramer.literalAtEnd(ascii("a {123456789012}"), 16)).isNull();
  }
}
