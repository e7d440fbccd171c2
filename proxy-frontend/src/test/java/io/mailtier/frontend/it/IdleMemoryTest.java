package io.mailtier.frontend.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import com.unboundid.ldif.LDIFReader;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many concurrent idling sessions on one front-end: the heap each costs (measured after GC), no
 * thread per session, one watched folder for all of them, and every one of them told of a delivery.
 * Passwords are checked at the proxy against an in-memory LDAP directory, so the test measures
 * sessions rather than the node's Argon2 hashing. {@code -Dmailtier.idle.sessions=N} changes N.
 */
class IdleMemoryTest {
  private static final int SESSIONS = Integer.getInteger("mailtier.idle.sessions", 2000);

  /** A generous bound: the target is 10,000 idle sessions in 512 MB (52 KB each). */
  private static final long MAX_BYTES_PER_SESSION = 48 * 1024;

  @TempDir Path dir;

  @Test
  void idlingSessionsShouldCostLittleHeapNoThreadAndAllHearOfADelivery() throws Exception {
    InMemoryDirectoryServer ldap = directory();
    String userMap =
        """
          type: ldap-password
          ldap:
            url: ldap://127.0.0.1:%d
            bindDn: cn=svc,dc=example,dc=test
            bindPassword: svc-secret
            baseDn: ou=people,dc=example,dc=test
            timeout: 5s
          cache:
            ttl: 10m
        """
            .formatted(ldap.getListenPort());
    List<ImapTestClient> clients = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try (TestCluster cluster =
        TestCluster.start(
            dir,
            TestCluster.Settings.DEFAULT.withProxyAuthentication(userMap).withDeadline("10s"))) {
      cluster.resetAccounts();
      // warm-up: classes loaded, JIT, pools filled
      for (int i = 0; i < 20; i++) {
        ImapTestClient c = idle(cluster.imapPort());
        c.send("DONE");
        c.readLine();
        c.close();
      }
      var threads = ManagementFactory.getThreadMXBean();
      long heapBefore = usedHeapAfterGc();
      int threadsBefore = threads.getThreadCount();

      long t0 = System.nanoTime();
      List<Future<ImapTestClient>> opening = new ArrayList<>();
      for (int i = 0; i < SESSIONS; i++) {
        opening.add(pool.submit(() -> idle(cluster.imapPort())));
      }
      for (Future<ImapTestClient> f : opening) {
        clients.add(f.get(5, TimeUnit.MINUTES));
      }
      long openMillis = (System.nanoTime() - t0) / 1_000_000;

      long heapAfter = usedHeapAfterGc();
      int threadsAfter = threads.getThreadCount();
      long perSession = (heapAfter - heapBefore) / SESSIONS;
      System.out.printf(
          "IDLE memory: %d sessions opened in %d ms; heap %d -> %d KB after GC: %d bytes per"
              + " session (front-end, node and test client sockets together); threads %d -> %d%n",
          SESSIONS,
          openMillis,
          heapBefore / 1024,
          heapAfter / 1024,
          perSession,
          threadsBefore,
          threadsAfter);
      assertThat(perSession).isLessThan(MAX_BYTES_PER_SESSION);
      // pools may grow a little under load; a thread per session would add thousands
      assertThat(threadsAfter - threadsBefore).as("threads added").isLessThan(100);
      assertThat(cluster.frontend().watcher().watchedFolders(TestCluster.NODE)).isEqualTo(1);

      long d0 = System.nanoTime();
      MailboxWatchTest.deliverTo(cluster.nodePort(), "to everyone");
      for (ImapTestClient c : clients) {
        assertThat(c.readLine()).isEqualTo("* 1 EXISTS");
      }
      long allMillis = (System.nanoTime() - d0) / 1_000_000;
      System.out.printf(
          "IDLE fan-out: %d idling sessions all got EXISTS %d ms after the Deliver call%n",
          SESSIONS, allMillis);
      assertThat(allMillis).isLessThan(20_000);
      for (ImapTestClient c : clients) {
        c.send("DONE");
      }
      for (ImapTestClient c : clients) {
        assertThat(c.readLine()).isEqualTo("i2 OK IDLE terminated");
      }
    } finally {
      pool.shutdownNow();
      for (ImapTestClient c : clients) {
        c.close();
      }
      ldap.shutDown(true);
    }
  }

  private static ImapTestClient idle(int port) throws IOException {
    ImapTestClient c = new ImapTestClient(port);
    c.setTimeoutMillis(30_000);
    c.readLine();
    assertThat(c.command("l", "LOGIN alice alice-ldap")).startsWith("l OK");
    assertThat(c.command("i1", "SELECT INBOX")).startsWith("i1 OK");
    c.send("i2 IDLE");
    assertThat(c.readLine()).isEqualTo("+ idling");
    return c;
  }

  private static long usedHeapAfterGc() throws InterruptedException {
    var memory = ManagementFactory.getMemoryMXBean();
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(200);
    }
    return memory.getHeapMemoryUsage().getUsed();
  }

  private static InMemoryDirectoryServer directory() throws Exception {
    InMemoryDirectoryServerConfig config = new InMemoryDirectoryServerConfig("dc=example,dc=test");
    config.setSchema(null); // mailHost (misc.schema) is not in UnboundID's default schema
    config.setListenerConfigs(
        InMemoryListenerConfig.createLDAPConfig("ldap", InetAddress.getLoopbackAddress(), 0, null));
    InMemoryDirectoryServer server = new InMemoryDirectoryServer(config);
    try (InputStream in = IdleMemoryTest.class.getResourceAsStream("/frontend/proxy-users.ldif");
        LDIFReader reader = new LDIFReader(in)) {
      server.importFromLDIF(true, reader);
    }
    server.startListening();
    return server;
  }
}
