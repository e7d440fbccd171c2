package io.mailtier.frontend.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class SaslPlainTest {
  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void plainMessageShouldDecodeToItsThreeParts() {
    assertThat(SaslPlain.decode(b64("admin\0alice\0p\u00e4ss")))
        .contains(new SaslPlain.Credentials("admin", "alice", "p\u00e4ss"));
    assertThat(SaslPlain.decode(b64("\0alice\0secret")))
        .contains(new SaslPlain.Credentials("", "alice", "secret"));
  }

  @Test
  void malformedMessagesShouldBeRefused() {
    assertThat(SaslPlain.decode("!!!")).isEmpty();
    assertThat(SaslPlain.decode(b64("alice secret"))).isEmpty();
    assertThat(SaslPlain.decode(b64("\0\0secret"))).isEmpty();
    assertThat(SaslPlain.decode(b64("a\0b\0c\0d"))).isEmpty();
    assertThat(SaslPlain.decode("")).isEmpty();
  }

  @Test
  void credentialsShouldNeverPrintThePassword() {
    assertThat(new SaslPlain.Credentials("", "alice", "secret").toString())
        .doesNotContain("secret");
  }
}
