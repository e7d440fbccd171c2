package io.mailtier.frontend.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mailtier.common.config.ConfigException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class Pop3ConfigTest {
  private static String yaml(String pop3) {
    return """
    defaultDomain: example.test
    dataDir: /tmp/mailtier-test
    imap:
      listeners:
        - address: 127.0.0.1:1143
    %s
    userMap:
      type: file
      file: /path/users.map
    backends:
      nodes:
        mailstore-1.example.test: 127.0.0.1:7001
    """
        .formatted(pop3);
  }

  @Test
  void aPop3SectionShouldLoadWithItsDefaults() {
    FrontendConfig c =
        FrontendConfig.parse(
            yaml(
                """
                pop3:
                  listeners:
                    - address: 127.0.0.1:1110
                      tls: starttls
                    - address: 127.0.0.1:1995
                      tls: implicit
                """),
            "t.yaml");
    Pop3Config p = c.pop3();
    assertThat(p.listeners()).hasSize(2);
    assertThat(p.authentication()).isEqualTo(AuthenticationMode.BACKEND);
    assertThat(p.maxLineLength()).isEqualTo(Pop3Config.DEFAULT_MAX_LINE_LENGTH);
    assertThat(p.maxBadCommands()).isEqualTo(10);
    assertThat(p.idleTimeout()).isEqualTo(Duration.ofMinutes(10));
    assertThat(p.requireTlsForAuth()).isTrue();
    assertThat(p.maildropLockTtl()).isEqualTo(Duration.ofHours(1));
  }

  @Test
  void noPop3SectionShouldMeanNoPop3() {
    assertThat(FrontendConfig.parse(yaml(""), "t.yaml").pop3()).isNull();
  }

  @Test
  void aPop3ListenerOnAnImapAddressShouldBeRefusedNamingBoth() {
    assertThatThrownBy(() ->
            FrontendConfig.parse(
                yaml("pop3:\n  listeners:\n    - address: 127.0.0.1:1143\n"), "t.yaml"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("pop3.listeners[0].address")
        .hasMessageContaining("imap.listeners[0].address");
  }

  @Test
  void requiringTlsWithOnlyPlainListenersShouldBeRefused() {
    assertThatThrownBy(() ->
            FrontendConfig.parse(
                yaml(
                    "pop3:\n  listeners:\n    - address: 127.0.0.1:1110\n"
                        + "  requireTlsForAuth: true\n"),
                "t.yaml"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("requireTlsForAuth");
  }

  @Test
  void badValuesShouldBeRefused() {
    assertThatThrownBy(() ->
            FrontendConfig.parse(
                yaml(
                    "pop3:\n  listeners:\n    - address: 127.0.0.1:1110\n"
                        + "  maildropLockTtl: 5s\n"),
                "t.yaml"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("maildropLockTtl");
    assertThatThrownBy(() ->
            FrontendConfig.parse(
                yaml("pop3:\n  listeners:\n    - address: 127.0.0.1:1110\n  maxLineLength: 10\n"),
                "t.yaml"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("maxLineLength");
    assertThatThrownBy(() ->
            FrontendConfig.parse(
                yaml("pop3:\n  listeners:\n    - address: 127.0.0.1:1110\n  failoverBackend: x\n"),
                "t.yaml"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("pop3.failoverBackend");
    assertThatThrownBy(() -> FrontendConfig.parse(yaml("pop3:\n  listeners: []\n"), "t.yaml"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("at least one listener");
  }
}
