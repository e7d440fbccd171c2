package io.mailtier.frontend.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailtier.frontend.transport.tls.PemBundle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A configured PEM file (made by {@code openssl req}) is served; replacing the file changes the
 * certificate new connections get, without a restart, while an open session keeps working.
 */
class TlsCertificateReloadTest {
  @TempDir Path dir;

  @Test
  void configuredPemShouldBeServedAndAReplacedOneShouldBePickedUpWithoutRestart() throws Exception {
    TlsTestSupport.assumeOpenssl();
    // RSA 2048 with a PKCS#8 key, then an EC P-256 certificate whose key openssl writes as SEC1
    // (BEGIN EC PRIVATE KEY) after conversion: both key forms go through PEMParser.
    Path first = TlsTestSupport.opensslCertificate(dir, "first", "-newkey rsa:2048");
    Path second =
        TlsTestSupport.opensslCertificate(
            dir, "second", "-newkey ec -pkeyopt ec_paramgen_curve:prime256v1");
    Path secondSec1 = dir.resolve("second-sec1.pem");
    var converted =
        TlsTestSupport.run(
            java.util.List.of(
                "openssl",
                "ec",
                "-in",
                dir.resolve("second.key").toString(),
                "-out",
                dir.resolve("second-sec1.key").toString()),
            "",
            java.time.Duration.ofSeconds(30));
    assertThat(converted.exit()).as(converted.output()).isZero();
    Files.writeString(
        secondSec1,
        Files.readString(dir.resolve("second.crt"))
            + Files.readString(dir.resolve("second-sec1.key")));
    assertThat(Files.readString(secondSec1)).contains("BEGIN EC PRIVATE KEY");

    Path live = dir.resolve("live.pem");
    Files.copy(first, live);
    try (TestCluster cluster =
        TestCluster.start(
            dir,
            """
                - address: 127.0.0.1:0
                  tls: implicit
                  tlsSettings:
                    certificate: %s
                    reloadInterval: 200ms
            """
                .formatted(live),
            "")) {
      int port = cluster.imapPort();
      cluster.resetAccounts();
      String firstFp = PemBundle.sha256(PemBundle.read(first).leaf());
      String secondFp = PemBundle.sha256(PemBundle.read(secondSec1).leaf());
      assertThat(served(port)).isEqualTo(firstFp);

      // an open session on the old certificate
      try (ImapTestClient open = new ImapTestClient(port)) {
        open.startTls(TlsTestSupport.trusting(first));
        assertThat(open.readLine()).startsWith("* OK");

        Path tmp = dir.resolve("live.tmp");
        Files.copy(secondSec1, tmp);
        Files.move(tmp, live, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        long start = System.nanoTime();
        String now = served(port);
        while (!now.equals(secondFp) && System.nanoTime() - start < 10_000_000_000L) {
          Thread.sleep(100);
          now = served(port);
        }
        assertThat(now).as("certificate served after the file was replaced").isEqualTo(secondFp);
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(10_000);

        // the old session still works, on its old certificate
        assertThat(open.command("a1", "LOGIN alice alice-secret")).startsWith("a1 OK");
        assertThat(
                PemBundle.sha256(
                    (java.security.cert.X509Certificate)
                        ((javax.net.ssl.SSLSocket) open.socket())
                            .getSession()
                            .getPeerCertificates()[0]))
            .isEqualTo(firstFp);
      }
    }
  }

  private static String served(int port) throws Exception {
    var r = TlsTestSupport.sClient(port, "a LOGOUT\n");
    return PemBundle.sha256(TlsTestSupport.servedCertificate(r.output()));
  }
}
