package io.mailtier.frontend.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Python's imaplib fetches BODYSTRUCTURE, MIME headers and decoded BINARY sections of a real
 * multipart message (skipped where there is no python3).
 */
class PythonImaplibFetchTest {
  @TempDir Path dir;

  private static boolean pythonAvailable() {
    try {
      Process p = new ProcessBuilder("python3", "-c", "import imaplib").start();
      return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private Path copy(String resource, String name) throws IOException {
    Path target = dir.resolve(name);
    try (InputStream in = Objects.requireNonNull(getClass().getResourceAsStream(resource))) {
      Files.copy(in, target);
    }
    return target;
  }

  @Test
  void imaplibShouldFetchBodyStructureAndMimeHeaders() throws Exception {
    assumeTrue(pythonAvailable(), "python3 with imaplib is not installed");
    Path script = copy("/clients/imaplib_fetch.py", "imaplib_fetch.py");
    Path message =
        copy("/messages/alternative-with-attachment.eml", "alternative-with-attachment.eml");
    try (TestCluster cluster = TestCluster.start(dir)) {
      cluster.resetAccounts();
      Process p =
          new ProcessBuilder(
                  "python3",
                  script.toString(),
                  Integer.toString(cluster.imapPort()),
                  message.toString())
              .redirectErrorStream(true)
              .start();
      boolean finished = p.waitFor(30, TimeUnit.SECONDS);
      if (!finished) {
        p.destroyForcibly();
      }
      String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(finished).as(output).isTrue();
      assertThat(p.exitValue()).as(output).isZero();
      assertThat(output).contains("append ok", "bodystructure ok", "mime ok", "body ok", "done");
    }
  }
}
