package io.mailtier.frontend.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailtier.frontend.transport.tls.PemBundle;
import io.mailtier.frontend.transport.tls.SelfSignedCertificate;
import jakarta.mail.Folder;
import jakarta.mail.Session;
import jakarta.mail.Store;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * A front-end with three IMAP listeners — starttls, implicit, plain — sharing a generated
 * self-signed certificate in the data directory; TLS is required for authentication (the default
 * once a TLS listener exists). Real clients: openssl s_client, Angus Mail, raw sockets.
 */
class TlsListenerTest {
  @TempDir static Path dir;
  private static TestCluster cluster;
  private static int starttlsPort;
  private static int implicitPort;
  private static int plainPort;
  private static Path certificate;
  private static SSLContext trust;

  @BeforeAll
  static void start() throws Exception {
    cluster =
        TestCluster.start(
            dir,
            """
                - address: 127.0.0.1:0
                  tls: starttls
                - address: 127.0.0.1:0
                  tls: implicit
                - address: 127.0.0.1:0
            """,
            "---top\ndataDir: " + dir.resolve("data") + "\nhostName: imap.example.test\n");
    List<Integer> ports = cluster.imapPorts();
    starttlsPort = ports.get(0);
    implicitPort = ports.get(1);
    plainPort = ports.get(2);
    certificate = dir.resolve("data").resolve(SelfSignedCertificate.FILE);
    trust = TlsTestSupport.trusting(certificate);
    cluster.resetAccounts();
  }

  @AfterAll
  static void stop() throws IOException {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void tls10And11ShouldBeRefusedByDefaultAndCountedAsHandshakeFailures() throws Exception {
    TlsTestSupport.assumeOpenssl();
    double before = handshakeFailures();
    // SECLEVEL=0 lets the openssl client offer the old versions: the refusal is the server's.
    for (String version : List.of("-tls1", "-tls1_1")) {
      var r =
          TlsTestSupport.sClient(
              implicitPort, "a1 LOGOUT\n", version, "-cipher", "DEFAULT@SECLEVEL=0");
      assertThat(r.exit()).as(version + ":\n" + r.output()).isNotZero();
      assertThat(r.output()).doesNotContain("mailtier IMAP ready");
      assertThat(r.output()).containsPattern("alert|no protocols|unsupported protocol");
    }
    // the failures are counted (the failure handler runs just after the handshake failed)
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (handshakeFailures() < before + 2 && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(handshakeFailures()).isGreaterThanOrEqualTo(before + 2);
  }

  @Test
  void tls12And13ShouldBeAcceptedOnTheImplicitListener() throws Exception {
    TlsTestSupport.assumeOpenssl();
    for (String version : List.of("TLSv1.2", "TLSv1.3")) {
      String flag = version.equals("TLSv1.2") ? "-tls1_2" : "-tls1_3";
      var r = TlsTestSupport.sClient(implicitPort, "a1 CAPABILITY\na2 LOGOUT\n", flag);
      assertThat(r.output())
          .as(version)
          .contains(
              "* OK [CAPABILITY IMAP4rev1 LITERAL+ SASL-IR ID AUTH=PLAIN] mailtier IMAP ready")
          .contains("a2 OK")
          .containsPattern("Protocol *: " + Pattern.quote(version));
    }
  }

  @Test
  void opensslStarttlsShouldUpgradeAndLoginShouldThenSucceed() throws Exception {
    TlsTestSupport.assumeOpenssl();
    var r =
        TlsTestSupport.sClient(
            starttlsPort,
            "a1 CAPABILITY\na2 LOGIN alice alice-secret\na3 LOGOUT\n",
            "-starttls",
            "imap");
    assertThat(r.output())
        .contains("* CAPABILITY IMAP4rev1 LITERAL+ SASL-IR ID AUTH=PLAIN")
        .contains("a2 OK [CAPABILITY")
        .contains("a3 OK")
        .doesNotContain("a2 NO");
  }

  @Test
  void generatedCertificateShouldBeServedOnBothTlsListeners() throws Exception {
    TlsTestSupport.assumeOpenssl();
    X509Certificate stored = PemBundle.read(certificate).leaf();
    var implicit = TlsTestSupport.sClient(implicitPort, "a1 LOGOUT\n");
    var starttls = TlsTestSupport.sClient(starttlsPort, "a1 LOGOUT\n", "-starttls", "imap");
    assertThat(PemBundle.sha256(TlsTestSupport.servedCertificate(implicit.output())))
        .isEqualTo(PemBundle.sha256(stored));
    assertThat(PemBundle.sha256(TlsTestSupport.servedCertificate(starttls.output())))
        .isEqualTo(PemBundle.sha256(stored));
    assertThat(stored.getSubjectX500Principal().getName()).contains("CN=imap.example.test");
    assertThat(stored.getSubjectAlternativeNames().stream().map(n -> n.get(1).toString()))
        .contains("imap.example.test", "localhost", "127.0.0.1");
    long days = (stored.getNotAfter().getTime() - stored.getNotBefore().getTime()) / 86_400_000L;
    assertThat(days).isBetween(365L, 366L);
  }

  /**
   * The STARTTLS command injection (CVE-2011-0411): a command sent in the same write as STARTTLS
   * must be answered neither in plaintext nor after the handshake.
   */
  @Test
  void commandPipelinedAfterStarttlsShouldBeDiscarded() throws Exception {
    try (ImapTestClient client = new ImapTestClient(starttlsPort)) {
      assertThat(client.readLine()).startsWith("* OK");
      client.sendRaw("a STARTTLS\r\nb CAPABILITY\r\n".getBytes(StandardCharsets.US_ASCII));
      assertThat(client.readLine()).isEqualTo("a OK Begin TLS negotiation now");
      // nothing more in plaintext: the next bytes are the server's TLS handshake
      client.startTls(trust);
      client.setTimeoutMillis(1000);
      client.send("c CAPABILITY");
      assertThat(client.readLine())
          .isEqualTo("* CAPABILITY IMAP4rev1 LITERAL+ SASL-IR ID AUTH=PLAIN");
      assertThat(client.readLine()).isEqualTo("c OK CAPABILITY completed");
      client.send("d NOOP");
      // "b" never answered: the next line is d's
      assertThat(client.readLine()).isEqualTo("d OK NOOP completed");
    }
  }

  /** The same injection in a second write, before the client has seen the OK. */
  @Test
  void commandSentSeparatelyBeforeTheHandshakeShouldNeverBeServed() throws Exception {
    try (ImapTestClient client = new ImapTestClient(starttlsPort)) {
      assertThat(client.readLine()).startsWith("* OK");
      client.send("a STARTTLS");
      client.send("b LOGIN alice alice-secret");
      assertThat(client.readLine()).isEqualTo("a OK Begin TLS negotiation now");
      try {
        client.startTls(trust);
      } catch (SSLHandshakeException | java.net.SocketException e) {
        return; // the plaintext reached the TLS layer: handshake refused, also safe
      }
      client.send("c NOOP");
      assertThat(client.readLine()).isEqualTo("c OK NOOP completed");
      client.send("d CAPABILITY");
      assertThat(client.readLine()).contains("AUTH=PLAIN"); // still not logged in
    }
  }

  @Test
  void angusMailShouldWorkOverImplicitTls() throws Exception {
    Properties props = new Properties();
    props.put("mail.imaps.host", "127.0.0.1");
    props.put("mail.imaps.port", Integer.toString(implicitPort));
    props.put("mail.imaps.ssl.socketFactory", trust.getSocketFactory());
    props.put("mail.imaps.ssl.checkserveridentity", "true");
    props.put("mail.imaps.connectiontimeout", "5000");
    props.put("mail.imaps.timeout", "5000");
    Store store = Session.getInstance(props).getStore("imaps");
    store.connect("alice", "alice-secret");
    try {
      Folder inbox = store.getFolder("INBOX");
      inbox.open(Folder.READ_ONLY);
      assertThat(inbox.getMessageCount()).isGreaterThanOrEqualTo(0);
      inbox.close(false);
    } finally {
      store.close();
    }
  }

  @Test
  void angusMailShouldWorkOverStarttls() throws Exception {
    Properties props = new Properties();
    props.put("mail.imap.host", "127.0.0.1");
    props.put("mail.imap.port", Integer.toString(starttlsPort));
    props.put("mail.imap.starttls.enable", "true");
    props.put("mail.imap.starttls.required", "true");
    props.put("mail.imap.ssl.socketFactory", trust.getSocketFactory());
    props.put("mail.imap.ssl.checkserveridentity", "true");
    props.put("mail.imap.connectiontimeout", "5000");
    props.put("mail.imap.timeout", "5000");
    Store store = Session.getInstance(props).getStore("imap");
    store.connect("alice", "alice-secret");
    try {
      Folder inbox = store.getFolder("INBOX");
      inbox.open(Folder.READ_ONLY);
      assertThat(inbox.getMessageCount()).isGreaterThanOrEqualTo(0);
      inbox.close(false);
    } finally {
      store.close();
    }
  }

  @Test
  void rawTlsClientShouldSeeTheNegotiatedProtocol() throws Exception {
    try (SSLSocket s =
        (SSLSocket) trust.getSocketFactory().createSocket("127.0.0.1", implicitPort)) {
      s.setSoTimeout(5000);
      s.startHandshake();
      assertThat(s.getSession().getProtocol()).isIn("TLSv1.2", "TLSv1.3");
    }
  }

  /** Scripts under {@code scripts/imap-tls}: the prefix of the file name picks the listener. */
  @TestFactory
  Stream<DynamicTest> tlsScripts() throws IOException, URISyntaxException {
    Path scripts =
        Path.of(Objects.requireNonNull(getClass().getResource("/scripts/imap-tls")).toURI());
    List<Path> files;
    try (Stream<Path> list = Files.list(scripts)) {
      files = list.filter(p -> p.toString().endsWith(".test")).sorted().toList();
    }
    assertThat(files).isNotEmpty();
    return files.stream()
        .map(file -> {
          String name = file.getFileName().toString();
          return DynamicTest.dynamicTest(
              name,
              file.toUri(),
              () -> {
                ConversationScript script = ConversationScript.parse(name, Files.readString(file));
                if (name.startsWith("starttls-")) {
                  ScriptedConversationTest.run(cluster, starttlsPort, trust, false, script);
                } else if (name.startsWith("implicit-")) {
                  ScriptedConversationTest.run(cluster, implicitPort, trust, true, script);
                } else if (name.startsWith("plain-")) {
                  ScriptedConversationTest.run(cluster, plainPort, null, false, script);
                } else {
                  throw new AssertionError(
                      name + ": name must start with starttls-, implicit-" + " or plain-");
                }
              });
        });
  }

  private static double handshakeFailures() throws Exception {
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(
                            "http://127.0.0.1:" + cluster.frontend().adminPort() + "/metrics"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    double sum = 0;
    Matcher m =
        Pattern.compile("(?m)^mailtier_tls_handshake_failures_total\\{[^}]*} ([0-9.eE+]+)$")
            .matcher(r.body());
    while (m.find()) {
      sum += Double.parseDouble(m.group(1));
    }
    return sum;
  }
}
