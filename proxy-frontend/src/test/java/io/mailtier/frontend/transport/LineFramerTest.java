package io.mailtier.frontend.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineFramerTest {
  @Test
  void linesSplitAtEveryByteBoundaryShouldFrameTheSame() {
    byte[] input = "USER a\r\nPASS b c\nSTAT\r\n".getBytes(StandardCharsets.US_ASCII);
    for (int cut = 0; cut <= input.length; cut++) {
      List<String> lines = new ArrayList<>();
      boolean[] tooLong = {false};
      LineFramer framer =
          new LineFramer(
              64,
              l -> lines.add(new String(l, StandardCharsets.US_ASCII)),
              () -> tooLong[0] = true);
      framer.handle(Buffer.buffer(java.util.Arrays.copyOfRange(input, 0, cut)));
      framer.handle(Buffer.buffer(java.util.Arrays.copyOfRange(input, cut, input.length)));
      assertThat(lines).as("cut at %d", cut).containsExactly("USER a", "PASS b c", "STAT");
      assertThat(tooLong[0]).isFalse();
    }
  }

  @Test
  void aLongLineShouldBeReportedOnceAndStopTheFramer() {
    List<String> lines = new ArrayList<>();
    int[] tooLong = {0};
    LineFramer framer =
        new LineFramer(
            8, l -> lines.add(new String(l, StandardCharsets.US_ASCII)), () -> tooLong[0]++);
    framer.handle(Buffer.buffer("OK\r\n" + "x".repeat(40) + "\r\nSTAT\r\n"));
    assertThat(lines).containsExactly("OK");
    assertThat(tooLong[0]).isEqualTo(1);
  }
}
