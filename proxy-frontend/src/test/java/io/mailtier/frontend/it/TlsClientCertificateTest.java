package io.mailtier.frontend.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code requestClientCertificate} on implicit TLS listeners, with certificates made by the openssl
 * command line: a CA, a client certificate it signed, and a stranger's self-signed one. {@code
 * require} serves only the CA's client; {@code request} serves everybody but still checks a
 * certificate that is presented.
 */
@Timeout(120)
class TlsClientCertificateTest {
  private static final String GREETING = "mailtier IMAP ready";

  @TempDir static Path dir;
  private static TestCluster cluster;
  private static int requirePort;
  private static int requestPort;
  private static Path clientCert;
  private static Path clientKey;
  private static Path strangerCert;
  private static Path strangerKey;

  @BeforeAll
  static void start() throws Exception {
    TlsTestSupport.assumeOpenssl();
    Path ca = TlsTestSupport.opensslCertificate(dir, "ca", "-newkey rsa:2048");
    clientKey = dir.resolve("client.key");
    Path csr = dir.resolve("client.csr");
    clientCert = dir.resolve("client.crt");
    openssl(
        "req",
        "-new",
        "-nodes",
        "-newkey",
        "rsa:2048",
        "-keyout",
        clientKey.toString(),
        "-out",
        csr.toString(),
        "-subj",
        "/CN=client.example.test");
    openssl(
        "x509",
        "-req",
        "-in",
        csr.toString(),
        "-CA",
        dir.resolve("ca.crt").toString(),
        "-CAkey",
        dir.resolve("ca.key").toString(),
        "-CAcreateserial",
        "-days",
        "2",
        "-out",
        clientCert.toString());
    TlsTestSupport.opensslCertificate(dir, "stranger", "-newkey rsa:2048");
    strangerCert = dir.resolve("stranger.crt");
    strangerKey = dir.resolve("stranger.key");
    assertThat(ca).exists();

    cluster =
        TestCluster.start(
            dir,
            """
                - address: 127.0.0.1:0
                  tls: implicit
                  tlsSettings:
                    caFile: %1$s
                    requestClientCertificate: require
                - address: 127.0.0.1:0
                  tls: implicit
                  tlsSettings:
                    caFile: %1$s
                    requestClientCertificate: request
            """
                .formatted(dir.resolve("ca.crt")),
            "---top\ndataDir: " + dir.resolve("data") + "\n");
    requirePort = cluster.imapPorts().get(0);
    requestPort = cluster.imapPorts().get(1);
  }

  @AfterAll
  static void stop() throws IOException {
    if (cluster != null) {
      cluster.close();
    }
  }

  private static void openssl(String... args) throws IOException {
    var command = new java.util.ArrayList<String>();
    command.add("openssl");
    command.addAll(List.of(args));
    var r = TlsTestSupport.run(command, "", Duration.ofSeconds(60));
    assertThat(r.exit()).as(String.join(" ", command) + "\n" + r.output()).isZero();
  }

  private static TlsTestSupport.Result connect(int port, Path cert, Path key) throws IOException {
    return cert == null
        ? TlsTestSupport.sClient(port, "a1 LOGOUT\n")
        : TlsTestSupport.sClient(
            port, "a1 LOGOUT\n", "-cert", cert.toString(), "-key", key.toString());
  }

  @Test
  void requireShouldServeAClientWhoseCertificateTheCaSigned() throws Exception {
    var r = connect(requirePort, clientCert, clientKey);
    assertThat(r.output()).contains(GREETING).contains("a1 OK");
  }

  @Test
  void requireShouldRefuseAClientWithoutCertificate() throws Exception {
    var r = connect(requirePort, null, null);
    assertThat(r.output()).doesNotContain(GREETING);
    assertThat(r.output()).containsPattern("alert|error");
  }

  @Test
  void requireShouldRefuseACertificateTheCaDidNotSign() throws Exception {
    var r = connect(requirePort, strangerCert, strangerKey);
    assertThat(r.output()).doesNotContain(GREETING);
    assertThat(r.output()).containsPattern("alert|error");
  }

  @Test
  void requestShouldServeAClientWithoutCertificate() throws Exception {
    var r = connect(requestPort, null, null);
    assertThat(r.output()).contains(GREETING).contains("a1 OK");
  }

  @Test
  void requestShouldAskForACertificateNamingTheCa() throws Exception {
    var r = connect(requestPort, null, null);
    assertThat(r.output())
        .contains("Acceptable client certificate CA names")
        .containsPattern("CN ?= ?ca\\b"); // the subject opensslCertificate gives the CA
  }

  @Test
  void requestShouldStillRefuseACertificateTheCaDidNotSign() throws Exception {
    var r = connect(requestPort, strangerCert, strangerKey);
    assertThat(r.output()).doesNotContain(GREETING);
    assertThat(Files.exists(strangerCert)).isTrue();
  }
}
