package io.mailtier.frontend.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailtier.frontend.transport.tls.SelfSignedCertificate;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * POP3 with TLS: a STLS listener (RFC 2595) and an implicit-TLS listener (POP3S), TLS required for
 * authentication (the default once a TLS listener exists): on the plain connection USER/PASS and
 * AUTH are neither offered nor accepted.
 */
class Pop3TlsTest {
  @RegisterExtension
  static final ClusterExtension clusters =
      new ClusterExtension(dir ->
          TestCluster.start(
              dir,
              "    - address: 127.0.0.1:0\n      tls: starttls\n",
              "---top\ndataDir: " + dir.resolve("data") + "\nhostName: pop3.example.test\n",
              """
                  - address: 127.0.0.1:0
                    tls: starttls
                  - address: 127.0.0.1:0
                    tls: implicit
              """));

  /** CAPA's reply where credentials may be sent. */
  private static final String CAPA_WITH_LOGIN =
      String.join(
          "\n",
          "S: \\+OK Capability list follows",
          "S: TOP",
          "S: UIDL",
          "S: RESP-CODES",
          "S: AUTH-RESP-CODE",
          "S: PIPELINING",
          "S: USER",
          "S: SASL PLAIN LOGIN",
          "S: IMPLEMENTATION mailtier",
          "S: \\.");

  private static int stlsPort;
  private static int implicitPort;
  private static SSLContext trust;

  @BeforeAll
  static void ports() throws Exception {
    List<Integer> ports = clusters.get().pop3Ports();
    stlsPort = ports.get(0);
    implicitPort = ports.get(1);
    trust =
        TlsTestSupport.trusting(clusters.dir().resolve("data").resolve(SelfSignedCertificate.FILE));
  }

  @BeforeEach
  void fill() {
    Pop3ScriptedConversationTest.fill(clusters.get());
  }

  @Test
  void stlsShouldBeRequiredBeforeCredentialsAndThenOfferThem() throws Exception {
    ScriptRunner.run(
        stlsPort,
        trust,
        false,
        ConversationScript.parse(
            "stls",
            """
            S: \\+OK mailtier POP3 ready
            C: CAPA
            S: \\+OK Capability list follows
            S: TOP
            S: UIDL
            S: RESP-CODES
            S: AUTH-RESP-CODE
            S: PIPELINING
            S: STLS
            S: IMPLEMENTATION mailtier
            S: \\.
            C: USER alice@example.test
            S: -ERR \\[AUTH\\] Plaintext authentication disallowed on non-secure \\(SSL/TLS\\) connections
            C: PASS alice-secret
            S: -ERR \\[AUTH\\] Plaintext authentication disallowed .*
            C: AUTH PLAIN AGFsaWNlQGV4YW1wbGUudGVzdABhbGljZS1zZWNyZXQ=
            S: -ERR \\[AUTH\\] Plaintext authentication disallowed .*
            C: AUTH
            S: \\+OK Mechanisms follow
            S: \\.
            C: STLS
            S: \\+OK Begin TLS negotiation
            TLS
            C: CAPA
            %s
            C: STLS
            S: -ERR Already using TLS
            C: AUTH PLAIN AGFsaWNlQGV4YW1wbGUudGVzdABhbGljZS1zZWNyZXQ=
            S: \\+OK Maildrop has 3 messages .*
            C: QUIT
            S: \\+OK .*
            EOF
            """
                .formatted(CAPA_WITH_LOGIN)));
  }

  @Test
  void implicitTlsShouldOfferCredentialsAndNoStls() throws Exception {
    ScriptRunner.run(
        implicitPort,
        trust,
        true,
        ConversationScript.parse(
            "implicit",
            """
            S: \\+OK mailtier POP3 ready
            C: CAPA
            %s
            C: STLS
            S: -ERR Already using TLS
            C: USER alice@example.test
            S: \\+OK .*
            C: PASS alice-secret
            S: \\+OK Maildrop has 3 messages .*
            C: QUIT
            S: \\+OK .*
            EOF
            """
                .formatted(CAPA_WITH_LOGIN)));
  }

  /** RFC 2595 / CVE-2011-0411: what was pipelined after STLS in plaintext is not served. */
  @Test
  void commandsPipelinedAfterStlsShouldBeDiscarded() throws Exception {
    try (ImapTestClient c = new ImapTestClient(stlsPort)) {
      assertThat(c.readLine()).startsWith("+OK");
      c.sendRaw("STLS\r\nUSER alice@example.test\r\n".getBytes(StandardCharsets.US_ASCII));
      assertThat(c.readLine()).isEqualTo("+OK Begin TLS negotiation");
      c.startTls(trust);
      assertThat(((SSLSocket) c.socket()).getSession().getProtocol()).startsWith("TLS");
      c.send("PASS alice-secret");
      assertThat(c.readLine()).isEqualTo("-ERR USER first");
    }
  }
}
