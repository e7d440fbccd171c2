package io.mailtier.deploy.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class BenchPartsTest {
  @Test
  void userPatternShouldExpandAndListShouldSplit() {
    assertThat(UserSet.parse("user%d@example.test", 3, "pw").names())
        .containsExactly("user1@example.test", "user2@example.test", "user3@example.test");
    assertThat(UserSet.parse(" a@x , b@x ,", 99, "pw").names()).containsExactly("a@x", "b@x");
    assertThat(UserSet.parse("a@x,b@x", 0, "pw").user(5)).isEqualTo("b@x");
    assertThatThrownBy(() -> UserSet.parse("u%d%d@x", 3, "pw"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> UserSet.parse("u%s%d@x", 3, "pw"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> UserSet.parse(" , ", 3, "pw"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void messagesShouldHaveTheAskedSizeAndCrlfLines() {
    for (int size : new int[] {400, 1000, 4096, 100_003}) {
      byte[] m = Messages.message("bench", size, 7);
      assertThat(m.length).as("size %d", size).isBetween(size, size + 1);
      String text = new String(m, StandardCharsets.US_ASCII);
      assertThat(text).startsWith("From: ").contains("\r\n\r\n").endsWith("\r\n");
      assertThat(text.replace("\r\n", "")).doesNotContain("\n").doesNotContain("\r");
    }
  }

  @Test
  void literalsAndExistsShouldBeRecognisedOnlyWhenWellFormed() {
    assertThat(ImapConnection.literalLength("* 1 FETCH (BODY[] {4096}")).isEqualTo(4096);
    assertThat(ImapConnection.literalLength("* 1 FETCH (BODY[] {12+}")).isEqualTo(12);
    assertThat(ImapConnection.literalLength("* OK {not}")).isEqualTo(-1);
    assertThat(ImapConnection.literalLength("* OK done")).isEqualTo(-1);
    assertThat(ImapConnection.existsOf("* 23 EXISTS")).isEqualTo(23);
    assertThat(ImapConnection.existsOf("* 23 exists")).isEqualTo(23);
    assertThat(ImapConnection.existsOf("* x EXISTS")).isEqualTo(-1);
    assertThat(ImapConnection.existsOf("* 3 RECENT")).isEqualTo(-1);
    assertThat(ImapConnection.quote("a\"b\\c")).isEqualTo("\"a\\\"b\\\\c\"");
  }

  @Test
  void heapShouldBeSummedOverTheHeapPoolsOnly() {
    String scrape =
        """
        # HELP jvm_memory_used_bytes The amount of used memory
        jvm_memory_used_bytes{area="heap",id="G1 Eden Space"} 1.048576E7
        jvm_memory_used_bytes{area="nonheap",id="Metaspace"} 5.0E7
        jvm_memory_used_bytes{area="heap",id="G1 Old Gen"} 2097152.0
        """;
    assertThat(ImapBench.heapFromPrometheus(scrape)).isEqualTo(10_485_760L + 2_097_152L);
    assertThat(ImapBench.heapFromPrometheus("other_metric 1\n")).isEqualTo(-1);
  }

  @Test
  void durationsShouldParseWithUnits() {
    TargetOptions.DurationConverter c = new TargetOptions.DurationConverter();
    assertThat(c.convert("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(c.convert("10s")).isEqualTo(Duration.ofSeconds(10));
    assertThat(c.convert("2m")).isEqualTo(Duration.ofMinutes(2));
    assertThat(c.convert("7")).isEqualTo(Duration.ofSeconds(7));
    assertThatThrownBy(() -> c.convert("ten")).hasMessageContaining("not a duration");
    assertThatThrownBy(() -> c.convert("3d")).hasMessageContaining("unknown unit");
  }
}
