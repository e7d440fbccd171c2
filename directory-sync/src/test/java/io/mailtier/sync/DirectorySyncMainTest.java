package io.mailtier.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DirectorySyncMainTest {
  @Test
  void mainShouldSayItIsNotImplementedAndExitUnavailable() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status = DirectorySyncMain.run(new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(status).isEqualTo(69);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("not implemented yet");
  }
}
