package io.mailtier.frontend.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mailtier.common.config.ConfigException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class FrontendConfigTest {
  private static final String FULL =
      """
      defaultDomain: example.test
      imap:
        listeners:
          - address: 127.0.0.1:1143
        authentication: backend
        failoverBackend: null
        maxLineLength: 8192
        maxLiteralSize: 52428800
        maxBadCommands: 10
        idleTimeout: 30m
      userMap:
        type: file
        file: /path/users.map
      backends:
        nodes:
          mailstore-1.example.test: 127.0.0.1:7001
          mailstore-2.example.test: 127.0.0.1:7002
        deadline: 5s
      admin:
        address: 127.0.0.1:9101
      """;

  @Test
  void documentedYamlShouldLoad() {
    FrontendConfig c = FrontendConfig.parse(FULL, "t.yaml");
    assertThat(c.imap().listeners().get(0).port()).isEqualTo(1143);
    assertThat(c.imap().listeners().get(0).enabled()).isTrue();
    assertThat(c.imap().authentication()).isEqualTo(AuthenticationMode.BACKEND);
    assertThat(c.imap().idleTimeout()).isEqualTo(Duration.ofMinutes(30));
    assertThat(c.backends().nodes()).containsEntry("mailstore-2.example.test", "127.0.0.1:7002");
    assertThat(c.backends().deadline()).isEqualTo(Duration.ofSeconds(5));
    assertThat(c.admin().address()).isEqualTo("127.0.0.1:9101");
  }

  @Test
  void omittedKeysShouldTakeTheirDefaults() {
    FrontendConfig c =
        FrontendConfig.parse(
            """
            defaultDomain: example.test
            imap:
              listeners:
                - address: 127.0.0.1:0
            userMap:
              type: file
              file: /x
            """,
            "t.yaml");
    assertThat(c.imap().maxLineLength()).isEqualTo(8192);
    assertThat(c.imap().maxLiteralSize()).isEqualTo(50L * 1024 * 1024);
    assertThat(c.imap().maxBadCommands()).isEqualTo(10);
    assertThat(c.imap().idleTimeout()).isEqualTo(Duration.ofMinutes(30));
    assertThat(c.backends().deadline()).isEqualTo(Duration.ofSeconds(5));
    assertThat(c.admin().address()).isNull();
  }

  @Test
  void unknownFailoverBackendShouldBeRefusedNamingTheKey() {
    assertThatThrownBy(() ->
            FrontendConfig.parse(
                FULL.replace("failoverBackend: null", "failoverBackend: nowhere"), "t.yaml"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("failoverBackend");
  }

  @Test
  void misspeltKeyShouldBeRefused() {
    assertThatThrownBy(
            () -> FrontendConfig.parse(FULL.replace("maxBadCommands", "maxBadCommand"), "t.yaml"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("maxBadCommand");
  }

  @Test
  void proxyAuthenticationWithAFileMapShouldBeRefused() {
    assertThatThrownBy(() ->
            FrontendConfig.parse(
                FULL.replace("authentication: backend", "authentication: proxy"), "t.yaml"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("proxy");
  }

  @Test
  void badListenerAddressShouldBeRefused() {
    assertThatThrownBy(
            () -> FrontendConfig.parse(FULL.replace("127.0.0.1:1143", "localhost"), "t.yaml"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("host:port");
  }
}
