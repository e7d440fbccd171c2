package io.mailtier.frontend.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.mailtier.frontend.FrontendServer;
import io.mailtier.frontend.transport.AcceptPath;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * A private haproxy (Debian's package) in front of two listeners, one with {@code send-proxy-v2}
 * and {@code proxyProtocol: v2}, one with {@code send-proxy} and {@code v1}. haproxy always
 * connects from 127.0.0.1; the rules, limits and logs must see the client's own address.
 */
@Timeout(60)
class HaproxyProxyProtocolTest {
  private static final Path HAPROXY = Path.of("/usr/sbin/haproxy");

  @TempDir static Path dir;
  private static FrontendServer server;
  private static Process haproxy;
  private static int v2Front;
  private static int v1Front;
  private static int tlsFront;
  private static final ListAppender<ILoggingEvent> LOGS = new ListAppender<>();
  private static Logger acceptLogger;

  @BeforeAll
  static void start() throws Exception {
    assumeTrue(
        Files.isExecutable(HAPROXY),
        "haproxy is not installed (/usr/sbin/haproxy): apt-get install haproxy (.ci/run does)");
    int v2Listener = Frontends.freePort();
    int v1Listener = Frontends.freePort();
    v2Front = Frontends.freePort();
    v1Front = Frontends.freePort();
    int tlsListener = Frontends.freePort();
    tlsFront = Frontends.freePort();
    String rules =
        """
              rules:
                - { priority: 1, action: deny, match: 127.0.0.3 }
                - { priority: 2, action: allow, match: 127.0.0.0/8 }
        """;
    String listeners =
        ("    - address: 127.0.0.1:%d\n      proxyProtocol: v2\n"
                + rules
                + "    - address: 127.0.0.1:%d\n      proxyProtocol: v1\n"
                + rules
                + "    - address: 127.0.0.1:%d\n      proxyProtocol: v2\n      tls: implicit\n"
                + rules)
            .formatted(v2Listener, v1Listener, tlsListener);
    acceptLogger = (Logger) LoggerFactory.getLogger(AcceptPath.class);
    acceptLogger.setLevel(Level.INFO);
    LOGS.start();
    acceptLogger.addAppender(LOGS);
    server =
        Frontends.start(
            Frontends.yaml(
                dir,
                "dataDir: " + dir.resolve("data"),
                "  requireTlsForAuth: false",
                listeners,
                1));

    Path cfg = dir.resolve("haproxy.cfg");
    Files.writeString(
        cfg,
        """
        global
          maxconn 200
        defaults
          mode tcp
          timeout connect 5s
          timeout client 30s
          timeout server 30s
        frontend v2
          bind 127.0.0.1:%d
          default_backend v2
        backend v2
          server s 127.0.0.1:%d send-proxy-v2
        frontend v1
          bind 127.0.0.1:%d
          default_backend v1
        backend v1
          server s 127.0.0.1:%d send-proxy
        frontend tls
          bind 127.0.0.1:%d
          default_backend tls
        backend tls
          server s 127.0.0.1:%d send-proxy-v2
        """
            .formatted(v2Front, v2Listener, v1Front, v1Listener, tlsFront, tlsListener));
    haproxy =
        new ProcessBuilder(HAPROXY.toString(), "-f", cfg.toString(), "-db")
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("haproxy.log").toFile())
            .start();
    waitForPort(v2Front);
    waitForPort(v1Front);
    waitForPort(tlsFront);
  }

  private static void waitForPort(int port) throws Exception {
    for (int i = 0; i < 100; i++) {
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return;
      } catch (IOException e) {
        assertThat(haproxy.isAlive())
            .as("haproxy exited: %s", Files.readString(dir.resolve("haproxy.log")))
            .isTrue();
        Thread.sleep(50);
      }
    }
    throw new IllegalStateException("haproxy did not open port " + port);
  }

  @AfterAll
  static void stop() throws Exception {
    if (haproxy != null) {
      haproxy.destroy();
      if (!haproxy.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
        haproxy.destroyForcibly();
      }
    }
    if (server != null) {
      server.close();
    }
    if (acceptLogger != null) {
      acceptLogger.detachAppender(LOGS);
    }
  }

  private static List<String> logLines() {
    synchronized (LOGS.list) {
      return LOGS.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }
  }

  private void denyRuleOnTheOriginalClientShouldRefuse(int front) throws Exception {
    try (LoopbackClient c = new LoopbackClient("127.0.0.3", front)) {
      assertThat(c.closedWithNothingSent()).isTrue();
    }
    assertThat(logLines())
        .anySatisfy(l -> assertThat(l).contains("refused 127.0.0.3:").contains("listener-rule-0"));
  }

  private void allowedClientShouldBeServedAndLoggedWithItsOwnAddress(int front, String version)
      throws Exception {
    try (LoopbackClient c = new LoopbackClient("127.0.0.4", front)) {
      int clientPort = c.socket().getLocalPort();
      assertThat(c.readLine()).startsWith("* OK [CAPABILITY ");
      assertThat(c.command("a1", "NOOP")).isEqualTo("a1 OK NOOP completed");
      assertThat(logLines())
          .anySatisfy(l ->
              assertThat(l)
                  .contains("accepted 127.0.0.4:" + clientPort + " via 127.0.0.1:")
                  .contains("(PROXY " + version + ")"));
    }
  }

  @Test
  void v2DenyRuleOnTheClientAddressShouldRefuseAlthoughHaproxyConnectsFromAnAllowedOne()
      throws Exception {
    denyRuleOnTheOriginalClientShouldRefuse(v2Front);
  }

  @Test
  void v2AllowedClientShouldBeServedAndLoggedWithItsOwnAddress() throws Exception {
    allowedClientShouldBeServedAndLoggedWithItsOwnAddress(v2Front, "V2");
  }

  @Test
  void v1DenyRuleOnTheClientAddressShouldRefuseAlthoughHaproxyConnectsFromAnAllowedOne()
      throws Exception {
    denyRuleOnTheOriginalClientShouldRefuse(v1Front);
  }

  @Test
  void v1AllowedClientShouldBeServedAndLoggedWithItsOwnAddress() throws Exception {
    allowedClientShouldBeServedAndLoggedWithItsOwnAddress(v1Front, "V1");
  }

  @Test
  void aClientPipeliningBeforeTheGreetingShouldBeAnsweredAfterIt() throws Exception {
    try (LoopbackClient c = new LoopbackClient("127.0.0.5", v2Front)) {
      c.send("p1 NOOP"); // travels right behind the PROXY header
      assertThat(c.readLine()).startsWith("* OK");
      assertThat(c.readLine()).isEqualTo("p1 OK NOOP completed");
    }
  }

  /**
   * Implicit TLS behind a PROXY v2 sender: the header comes before the ClientHello, so the
   * admission is decided on the client's own address before any TLS byte is sent.
   */
  @Test
  void implicitTlsListenerShouldRefuseADeniedClientBeforeTheHandshake() throws Exception {
    denyRuleOnTheOriginalClientShouldRefuse(tlsFront);
  }

  @Test
  void implicitTlsListenerShouldServeAnAllowedClientOverTlsWithItsOwnAddressInTheLogs()
      throws Exception {
    Socket plain = new Socket();
    plain.bind(new InetSocketAddress("127.0.0.4", 0));
    plain.connect(new InetSocketAddress("127.0.0.1", tlsFront), 5_000);
    int clientPort = plain.getLocalPort();
    javax.net.ssl.SSLContext tls = javax.net.ssl.SSLContext.getInstance("TLS");
    tls.init(null, new javax.net.ssl.TrustManager[] {new TrustAll()}, null);
    try (javax.net.ssl.SSLSocket s =
        (javax.net.ssl.SSLSocket)
            tls.getSocketFactory().createSocket(plain, "localhost", tlsFront, true)) {
      s.setSoTimeout(10_000);
      s.startHandshake();
      var in =
          new java.io.BufferedReader(
              new java.io.InputStreamReader(
                  s.getInputStream(), java.nio.charset.StandardCharsets.US_ASCII));
      assertThat(in.readLine()).startsWith("* OK [CAPABILITY ");
      s.getOutputStream().write("t1 NOOP\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      s.getOutputStream().flush();
      assertThat(in.readLine()).isEqualTo("t1 OK NOOP completed");
      assertThat(s.getSession().getProtocol()).isIn("TLSv1.2", "TLSv1.3");
    }
    assertThat(logLines())
        .anySatisfy(
            l -> assertThat(l).contains("accepted 127.0.0.4:" + clientPort + " via 127.0.0.1:"));
  }

  /**
   * The test trusts the generated certificate whatever it is; its checks are in TlsListenerTest.
   */
  private static final class TrustAll implements javax.net.ssl.X509TrustManager {
    @Override
    public void checkClientTrusted(java.security.cert.X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(java.security.cert.X509Certificate[] chain, String authType) {}

    @Override
    public java.security.cert.X509Certificate[] getAcceptedIssuers() {
      return new java.security.cert.X509Certificate[0];
    }
  }
}
