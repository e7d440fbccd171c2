package io.mailtier.frontend.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import com.unboundid.ldif.LDIFReader;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Both authentication modes against real servers: back-end mode with a file map (the node checks
 * the password), proxy mode with an LDAP map (the directory checks it), failover, and temporary
 * failures that must come back as NO [UNAVAILABLE] within the deadline.
 */
class AuthenticationModesTest {
  @TempDir Path dir;

  @Test
  void backendModeShouldAnswerUnavailableAtOnceWhenTheNodePortIsClosed() throws Exception {
    try (TestCluster cluster = TestCluster.start(dir);
        ImapTestClient c = new ImapTestClient(cluster.imapPort())) {
      c.readLine();
      long start = System.nanoTime();
      assertThat(c.command("a1", "LOGIN down secret"))
          .isEqualTo("a1 NO [UNAVAILABLE] Service temporarily unavailable, try again later");
      assertThat(elapsedMillis(start)).isLessThan(3000);
      assertThat(c.command("a2", "NOOP")).startsWith("a2 OK");
    }
  }

  @Test
  void backendModeShouldAnswerUnavailableWithinTheDeadlineWhenTheNodeNeverAnswers()
      throws Exception {
    try (TestCluster cluster = TestCluster.start(dir);
        ImapTestClient c = new ImapTestClient(cluster.imapPort())) {
      c.readLine();
      long start = System.nanoTime();
      assertThat(c.command("a1", "LOGIN slow@example.test secret"))
          .startsWith("a1 NO [UNAVAILABLE]");
      // deadline 1 s; allow for a loaded machine but never a hang
      assertThat(elapsedMillis(start)).isBetween(800L, 3500L);
    }
  }

  @Test
  void backendModeShouldUseTheFailoverBackendForUnmappedAccounts() throws Exception {
    try (TestCluster cluster =
            TestCluster.start(
                dir, TestCluster.Settings.DEFAULT.withFailoverBackend(TestCluster.NODE));
        ImapTestClient c = new ImapTestClient(cluster.imapPort())) {
      cluster.provision("carol@example.test", "carol-secret");
      c.readLine();
      assertThat(c.command("a1", "LOGIN carol carol-secret")).startsWith("a1 OK");
      assertThat(c.command("a2", "SELECT INBOX")).startsWith("a2 OK [READ-WRITE]");
    }
  }

  @Test
  void backendModeWithoutFailoverShouldRefuseUnmappedAccountsLikeWrongPasswords() throws Exception {
    try (TestCluster cluster = TestCluster.start(dir);
        ImapTestClient c = new ImapTestClient(cluster.imapPort())) {
      cluster.provision("carol@example.test", "carol-secret");
      c.readLine();
      assertThat(c.command("a1", "LOGIN carol carol-secret"))
          .isEqualTo("a1 NO [AUTHENTICATIONFAILED] Authentication failed");
    }
  }

  @Test
  void proxyModeShouldCheckThePasswordInTheDirectoryAndRouteByMailHost() throws Exception {
    InMemoryDirectoryServer ldap = directory();
    try {
      String userMap =
          """
            type: ldap-password
            ldap:
              url: ldap://127.0.0.1:%d
              bindDn: cn=svc,dc=example,dc=test
              bindPassword: svc-secret
              baseDn: ou=people,dc=example,dc=test
              timeout: 1s
            cache:
              ttl: 0s
          """
              .formatted(ldap.getListenPort());
      try (TestCluster cluster =
              TestCluster.start(
                  dir, TestCluster.Settings.DEFAULT.withProxyAuthentication(userMap));
          ImapTestClient c = new ImapTestClient(cluster.imapPort())) {
        cluster.resetAccounts();
        c.readLine();
        // the node's password is not the directory's: only the directory's counts
        assertThat(c.command("a1", "LOGIN alice alice-secret"))
            .isEqualTo("a1 NO [AUTHENTICATIONFAILED] Authentication failed");
        assertThat(c.command("a2", "LOGIN dave dave-ldap"))
            .isEqualTo("a2 NO [AUTHENTICATIONFAILED] Authentication failed");
        assertThat(c.command("a3", "LOGIN alice alice-ldap")).startsWith("a3 OK");
        assertThat(c.command("a4", "SELECT INBOX")).startsWith("a4 OK [READ-WRITE]");
        try (ImapTestClient frank = new ImapTestClient(cluster.imapPort())) {
          frank.readLine();
          assertThat(frank.command("f1", "LOGIN frank frank-ldap")).startsWith("f1 OK");
          assertThat(frank.command("f2", "SELECT INBOX")).startsWith("f2 NO [UNAVAILABLE]");
        }

        try (ImapTestClient other = new ImapTestClient(cluster.imapPort())) {
          other.readLine();
          // erin's mailHost is a node that is down
          assertThat(other.command("b1", "AUTHENTICATE PLAIN AGVyaW4AZXJpbi1sZGFw"))
              .startsWith("b1 OK");
          assertThat(other.command("b2", "SELECT INBOX")).startsWith("b2 NO [UNAVAILABLE]");
          ldap.shutDown(true);
          long start = System.nanoTime();
          try (ImapTestClient third = new ImapTestClient(cluster.imapPort())) {
            third.readLine();
            assertThat(third.command("c1", "LOGIN alice alice-ldap"))
                .startsWith("c1 NO [UNAVAILABLE]");
            assertThat(elapsedMillis(start)).isLessThan(5000);
          }
        }
      }
    } finally {
      ldap.shutDown(true);
    }
  }

  private static InMemoryDirectoryServer directory() throws Exception {
    InMemoryDirectoryServerConfig config = new InMemoryDirectoryServerConfig("dc=example,dc=test");
    config.setSchema(null); // mailHost (misc.schema) is not in UnboundID's default schema
    config.setListenerConfigs(
        InMemoryListenerConfig.createLDAPConfig("ldap", InetAddress.getLoopbackAddress(), 0, null));
    InMemoryDirectoryServer server = new InMemoryDirectoryServer(config);
    try (InputStream in =
            AuthenticationModesTest.class.getResourceAsStream("/frontend/proxy-users.ldif");
        LDIFReader reader = new LDIFReader(in)) {
      server.importFromLDIF(true, reader);
    }
    server.startListening();
    return server;
  }

  private static long elapsedMillis(long start) {
    return (System.nanoTime() - start) / 1_000_000;
  }
}
