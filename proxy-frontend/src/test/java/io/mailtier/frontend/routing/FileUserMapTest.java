package io.mailtier.frontend.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mailtier.common.config.ConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class FileUserMapTest {
  @TempDir Path dir;

  private FileUserMap load(String content) throws IOException {
    Path file = dir.resolve("usermap.txt");
    Files.writeString(file, content);
    return FileUserMap.load(file);
  }

  @Test
  void unanchoredPatternShouldMatchInsideALongerAddress() throws IOException {
    FileUserMap map = load("user1@example.tld backend3\n");

    assertThat(map.lookup("user1@example.tld"))
        .contains(new Route("user1@example.tld", "backend3"));
    assertThat(map.lookup("testuser1@example.tld"))
        .contains(new Route("testuser1@example.tld", "backend3"));
    assertThat(map.lookup("user1@example.tld.evil")).isPresent();
  }

  @Test
  void anchoredPatternShouldMatchOnlyTheWholeAddress() throws IOException {
    FileUserMap map = load("^user1@example\\.tld$ backend3\n");

    assertThat(map.lookup("user1@example.tld"))
        .contains(new Route("user1@example.tld", "backend3"));
    assertThat(map.lookup("testuser1@example.tld")).isEmpty();
    assertThat(map.lookup("user1@example.tld.evil")).isEmpty();
    assertThat(map.lookup("user1@exampleXtld")).isEmpty();
  }

  @Test
  void firstMatchingLineShouldWin() throws IOException {
    FileUserMap map =
        load(
            """
            ^alice@example\\.test$   mailstore-1.example.test
            @example\\.test$         mailstore-2.example.test
            .*                      mailstore-3.example.test
            """);

    assertThat(map.lookup("alice@example.test"))
        .map(Route::backend)
        .contains("mailstore-1.example.test");
    assertThat(map.lookup("bob@example.test"))
        .map(Route::backend)
        .contains("mailstore-2.example.test");
    assertThat(map.lookup("carol@other.test"))
        .map(Route::backend)
        .contains("mailstore-3.example.test");
  }

  @Test
  void commentsAndBlankLinesShouldBeIgnored() throws IOException {
    FileUserMap map =
        load(
            """
            # routing for example.test

               # an indented comment
            @example\\.test$ backend1
            \t
            """);

    assertThat(map.size()).isEqualTo(1);
    assertThat(map.lookup("bob@example.test")).map(Route::backend).contains("backend1");
  }

  @Test
  void addressWithNoMatchingLineShouldHaveNoEntry() throws IOException {
    FileUserMap map = load("@example\\.test$ backend1\n");

    assertThat(map.lookup("bob@other.test")).isEmpty();
  }

  @Test
  void matchingShouldIgnoreCaseAndReturnTheLowerCaseAccount() throws IOException {
    FileUserMap map = load("^Alice@Example\\.TEST$ backend1\n");

    assertThat(map.lookup("alice@example.test"))
        .contains(new Route("alice@example.test", "backend1"));
    assertThat(map.lookup("ALICE@example.test"))
        .contains(new Route("alice@example.test", "backend1"));
  }

  @Test
  void lineWithoutBackendShouldFailLoadingNamingFileAndLine() throws IOException {
    Path file = dir.resolve("usermap.txt");
    Files.writeString(file, "# comment\n@example\\.test$ backend1\n^bob@\n");

    assertThatThrownBy(() -> FileUserMap.load(file))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(file + ":3: ")
        .hasMessageContaining("missing back-end");
  }

  @Test
  void badRegularExpressionShouldFailLoadingNamingFileLineAndReason() throws IOException {
    Path file = dir.resolve("usermap.txt");
    Files.writeString(file, "\n\n(unclosed@example\\.test backend1\n");

    assertThatThrownBy(() -> FileUserMap.load(file))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(file + ":3: ")
        .hasMessageContaining("bad regular expression '(unclosed@example\\.test'")
        .hasMessageContaining("missing closing )");
  }

  @Test
  void backreferenceShouldBeRejectedAtLoadBecauseRe2HasNone() throws IOException {
    Path file = dir.resolve("usermap.txt");
    Files.writeString(file, "^(a)\\1@example\\.test$ backend1\n");

    assertThatThrownBy(() -> FileUserMap.load(file))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(file + ":1: bad regular expression");
  }

  @Test
  void extraTextAfterBackendShouldFailLoading() throws IOException {
    Path file = dir.resolve("usermap.txt");
    Files.writeString(file, "@example\\.test$ backend1 backend2\n");

    assertThatThrownBy(() -> FileUserMap.load(file))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(file + ":1: unexpected text after the back-end");
  }

  @Test
  void missingFileShouldFailLoadingNamingTheFile() {
    Path file = dir.resolve("absent.txt");

    assertThatThrownBy(() -> FileUserMap.load(file))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(file.toString());
  }

  @Test
  void nameLongerThanTheLimitShouldHaveNoEntry() throws IOException {
    FileUserMap map = load(".* backend1\n");
    String atLimit = "a".repeat(FileUserMap.MAX_ACCOUNT_LENGTH - 13) + "@example.test";
    String overLimit = "a" + atLimit;

    assertThat(atLimit).hasSize(FileUserMap.MAX_ACCOUNT_LENGTH);
    assertThat(map.lookup(atLimit)).isPresent();
    assertThat(map.lookup(overLimit)).isEmpty();
  }

  @Test
  @Timeout(5)
  void catastrophicBacktrackingPatternShouldStillAnswerQuickly() throws IOException {
    // (a+)+$ takes exponential time in a backtracking engine on "aaaa…b"; RE2 is linear.
    FileUserMap map = load("^(a+)+$ backend1\n");
    String name = "a".repeat(FileUserMap.MAX_ACCOUNT_LENGTH - 1) + "b";

    long start = System.nanoTime();
    assertThat(map.lookup(name)).isEmpty();
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
  }
}
