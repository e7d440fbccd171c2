package io.mailtier.frontend.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mailtier.common.config.ConfigException;
import io.mailtier.frontend.transport.tls.ClientCertificate;
import io.mailtier.frontend.transport.tls.PemBundle;
import io.mailtier.frontend.transport.tls.SelfSignedCertificate;
import io.mailtier.frontend.transport.tls.TlsMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The TLS keys of the front-end configuration: defaults, and errors that name the key. */
class TlsConfigTest {
  @TempDir Path dir;

  private static String yaml(String listener, String imapExtra, String top) {
    return """
    defaultDomain: example.test
    imap:
      listeners:
    %s
    %s
    userMap:
      type: file
      file: /x
    %s
    """
        .formatted(listener.stripTrailing(), imapExtra, top);
  }

  private static FrontendConfig parse(String listener, String imapExtra, String top) {
    return FrontendConfig.parse(yaml(listener, imapExtra, top), "frontend.yaml");
  }

  private Path pem() {
    Path file = dir.resolve("server.pem");
    if (!Files.exists(file)) {
      SelfSignedCertificate.loadOrCreate(dir, "mail.example.test", Clock.systemUTC());
      try {
        Files.copy(dir.resolve(SelfSignedCertificate.FILE), file);
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
    return file;
  }

  @Test
  void plainListenersShouldNotRequireTlsForAuthByDefault() {
    FrontendConfig c = parse("    - address: 127.0.0.1:143", "", "");
    assertThat(c.imap().listeners().get(0).tls()).isEqualTo(TlsMode.NONE);
    assertThat(c.imap().requireTlsForAuth()).isFalse();
    assertThat(c.dataDir()).isNull();
    assertThat(c.hostName()).isEqualTo("localhost");
  }

  @Test
  void aTlsListenerShouldMakeTlsRequiredForAuthAndTakeTheDefaults() {
    FrontendConfig c =
        parse(
            "    - address: 127.0.0.1:143\n      tls: starttls",
            "",
            "dataDir: " + dir + "\nhostName: Mail.Example.Test");
    var l = c.imap().listeners().get(0);
    assertThat(l.tls()).isEqualTo(TlsMode.STARTTLS);
    assertThat(l.tlsSettings().protocols()).containsExactly("TLSv1.2", "TLSv1.3");
    assertThat(l.tlsSettings().maxChainDepth()).isEqualTo(4);
    assertThat(l.tlsSettings().cipherSuites()).isEmpty();
    assertThat(l.tlsSettings().requestClientCertificate()).isEqualTo(ClientCertificate.NONE);
    assertThat(l.tlsSettings().reloadInterval()).isEqualTo(Duration.ofSeconds(5));
    assertThat(c.imap().requireTlsForAuth()).isTrue();
    assertThat(c.hostName()).isEqualTo("mail.example.test");
  }

  @Test
  void externalTlsShouldCountAsTlsCapable() {
    FrontendConfig c = parse("    - address: 127.0.0.1:143\n      tls: external", "", "");
    assertThat(c.imap().requireTlsForAuth()).isTrue();
  }

  @Test
  void requireTlsForAuthWithOnlyPlainListenersShouldBeRefused() {
    assertThatThrownBy(() -> parse("    - address: 127.0.0.1:143", "  requireTlsForAuth: true", ""))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("key 'imap'")
        .hasMessageContaining("requireTlsForAuth: true, but every enabled listener has tls none");
  }

  @Test
  void allSettingsShouldBind() {
    Path pem = pem();
    FrontendConfig c =
        parse(
            """
                - address: 127.0.0.1:993
                  tls: implicit
                  tlsSettings:
                    protocols: [TLSv1.3]
                    certificate: %s
                    caFile: %s
                    maxChainDepth: 2
                    cipherSuites: [TLS_AES_128_GCM_SHA256]
                    requestClientCertificate: request
                    reloadInterval: 1s
            """
                .formatted(pem, pem),
            "  requireTlsForAuth: false",
            "");
    var s = c.imap().listeners().get(0).tlsSettings();
    assertThat(s.protocols()).containsExactly("TLSv1.3");
    assertThat(s.maxChainDepth()).isEqualTo(2);
    assertThat(s.requestClientCertificate()).isEqualTo(ClientCertificate.REQUEST);
    assertThat(c.imap().requireTlsForAuth()).isFalse();
  }

  @Test
  void unknownProtocolShouldBeRefusedNamingTheKey() {
    assertThatThrownBy(() ->
            parse(
                "    - address: 127.0.0.1:993\n      tls: implicit\n      tlsSettings:\n"
                    + "        protocols: [TLSv1.4]",
                "",
                "dataDir: " + dir))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("key 'imap.listeners[0].tlsSettings'")
        .hasMessageContaining("protocols: unknown TLS protocol 'TLSv1.4'");
  }

  @Test
  void implicitWithoutCertificateAndWithoutDataDirShouldBeRefused() {
    assertThatThrownBy(() -> parse("    - address: 127.0.0.1:993\n      tls: implicit", "", ""))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(
            "imap.listeners[0]: tls implicit needs tlsSettings.certificate, or a top-level dataDir");
  }

  @Test
  void pemWithoutKeyShouldBeRefusedNamingTheKey() throws Exception {
    Path certOnly = dir.resolve("cert-only.pem");
    Files.writeString(certOnly, PemBundle.read(pem()).certificatesPem());
    assertThatThrownBy(() ->
            parse(
                "    - address: 127.0.0.1:993\n      tls: implicit\n      tlsSettings:\n"
                    + "        certificate: "
                    + certOnly,
                "",
                ""))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("key 'imap.listeners[0].tlsSettings'")
        .hasMessageContaining("certificate: " + certOnly + " holds no private key");
  }

  @Test
  void missingPemShouldBeRefusedNamingTheKey() {
    assertThatThrownBy(() ->
            parse(
                "    - address: 127.0.0.1:993\n      tls: implicit\n      tlsSettings:\n"
                    + "        certificate: /nonexistent/server.pem",
                "",
                ""))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("certificate: /nonexistent/server.pem: no such file");
  }

  @Test
  void badChainDepthShouldBeRefusedNamingTheKey() {
    for (String depth : new String[] {"0", "-1", "17"}) {
      assertThatThrownBy(() ->
              parse(
                  "    - address: 127.0.0.1:993\n      tls: implicit\n      tlsSettings:\n"
                      + "        maxChainDepth: "
                      + depth,
                  "",
                  "dataDir: " + dir))
          .isInstanceOf(ConfigException.class)
          .hasMessageContaining("key 'imap.listeners[0].tlsSettings'")
          .hasMessageContaining("maxChainDepth: must be between 1 and 16");
    }
  }

  @Test
  void unknownTlsModeAndClientCertificateWithoutCaShouldBeRefused() {
    assertThatThrownBy(() -> parse("    - address: 127.0.0.1:993\n      tls: always", "", ""))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("imap.listeners[0].tls");
    assertThatThrownBy(() ->
            parse(
                "    - address: 127.0.0.1:993\n      tls: implicit\n      tlsSettings:\n"
                    + "        requestClientCertificate: require",
                "",
                "dataDir: " + dir))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("caFile: requestClientCertificate 'require' needs a caFile");
  }

  @Test
  void tlsSettingsOnAPlainListenerShouldBeRefused() {
    assertThatThrownBy(() ->
            parse(
                "    - address: 127.0.0.1:143\n      tlsSettings:\n        maxChainDepth: 3",
                "",
                ""))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("tlsSettings: only for tls starttls or implicit, not none");
  }

  @Test
  void unknownCipherSuiteShouldBeRefused() {
    assertThatThrownBy(() ->
            parse(
                "    - address: 127.0.0.1:993\n      tls: implicit\n      tlsSettings:\n"
                    + "        cipherSuites: [TLS_NOT_A_SUITE]",
                "",
                "dataDir: " + dir))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("cipherSuites: 'TLS_NOT_A_SUITE' is not a cipher suite");
  }

  @Test
  void selfSignedCertificateShouldBeReusedOnRestartAndRenewedWhenExpired() throws Exception {
    Path data = dir.resolve("data");
    Path file = SelfSignedCertificate.loadOrCreate(data, "mail.example.test", Clock.systemUTC());
    String first = PemBundle.sha256(PemBundle.read(file).leaf());
    SelfSignedCertificate.loadOrCreate(data, "mail.example.test", Clock.systemUTC());
    assertThat(PemBundle.sha256(PemBundle.read(file).leaf())).isEqualTo(first);
    assertThat(Files.readString(file)).contains("BEGIN PRIVATE KEY");
    Clock later = Clock.offset(Clock.systemUTC(), Duration.ofDays(400));
    SelfSignedCertificate.loadOrCreate(data, "mail.example.test", later);
    assertThat(PemBundle.sha256(PemBundle.read(file).leaf())).isNotEqualTo(first);
  }
}
