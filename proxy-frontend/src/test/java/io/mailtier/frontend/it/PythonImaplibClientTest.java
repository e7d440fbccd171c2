package io.mailtier.frontend.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A second real client: Python's imaplib (skipped where there is no python3). */
class PythonImaplibClientTest {
  @TempDir Path dir;

  @Test
  void imaplibShouldAuthenticateAppendFetchFlagAndExpunge() throws Exception {
    assumeTrue(
        Frontends.available("python3", "-c", "import imaplib"),
        "python3 with imaplib is not installed");
    Path script = dir.resolve("imaplib_session.py");
    try (var in =
        Objects.requireNonNull(getClass().getResourceAsStream("/clients/imaplib_session.py"))) {
      Files.copy(in, script);
    }
    try (TestCluster cluster = TestCluster.start(dir)) {
      cluster.resetAccounts();
      Process p =
          new ProcessBuilder("python3", script.toString(), Integer.toString(cluster.imapPort()))
              .redirectErrorStream(true)
              .start();
      boolean finished = p.waitFor(30, TimeUnit.SECONDS);
      String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!finished) {
        p.destroyForcibly();
      }
      assertThat(finished).as(output).isTrue();
      assertThat(p.exitValue()).as(output).isZero();
      assertThat(output).contains("login ok", "append ok", "fetch ok", "expunge ok", "done");
    }
  }
}
