package io.mailtier.frontend.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.mailtier.mailstore.grpc.OriginInterceptor;
import io.mailtier.proto.mailstore.v1.DeleteAccountRequest;
import io.mailtier.proto.mailstore.v1.ProvisionAccountRequest;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Quota;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.IMAPStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * COPY, MOVE, subscriptions, NAMESPACE, QUOTA and ID with real clients (Python imaplib, Angus Mail)
 * and a raw socket, against a real front-end and node; the node's log shows each session's origin.
 * The account {@code nobody@example.test} is provisioned here with a quota of 100 KiB and 50
 * messages.
 */
class ExtensionCommandsClientTest {
  private static final String QUOTA_USER = "nobody@example.test";
  private static final String QUOTA_PASSWORD = "nobody-secret";
  @TempDir static Path dir;
  private static TestCluster cluster;

  @BeforeAll
  static void start() throws Exception {
    // a generous deadline: these tests make many calls on a machine shared with other builds
    cluster =
        TestCluster.start(
            dir, new TestCluster.Settings("30m", 10, 1024 * 1024, "5s", "backend", "null", null));
  }

  @AfterAll
  static void stop() throws Exception {
    cluster.close();
  }

  @BeforeEach
  void freshAccounts() {
    cluster.resetAccounts();
    try {
      cluster
          .nodeStub()
          .deleteAccount(DeleteAccountRequest.newBuilder().setAccount(QUOTA_USER).build());
    } catch (io.grpc.StatusRuntimeException e) {
      // not there yet
    }
    cluster
        .nodeStub()
        .provisionAccount(
            ProvisionAccountRequest.newBuilder()
                .setAccount(QUOTA_USER)
                .setPassword(QUOTA_PASSWORD)
                .setQuotaBytes(100 * 1024)
                .setQuotaMessages(50)
                .build());
  }

  private static boolean pythonAvailable() {
    try {
      Process p = new ProcessBuilder("python3", "-c", "import imaplib").start();
      return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  @Test
  void imaplibShouldCopyMoveSubscribeAndReadNamespaceAndQuota() throws Exception {
    assumeTrue(pythonAvailable(), "python3 with imaplib is not installed");
    Path script = dir.resolve("imaplib_extensions.py");
    try (var in =
        Objects.requireNonNull(getClass().getResourceAsStream("/clients/imaplib_extensions.py"))) {
      Files.copy(in, script, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
    Process p =
        new ProcessBuilder(
                "python3",
                script.toString(),
                Integer.toString(cluster.imapPort()),
                "nobody",
                QUOTA_PASSWORD)
            .redirectErrorStream(true)
            .start();
    boolean finished = p.waitFor(30, TimeUnit.SECONDS);
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!finished) {
      p.destroyForcibly();
    }
    assertThat(finished).as(output).isTrue();
    assertThat(p.exitValue()).as(output).isZero();
    assertThat(output)
        .contains(
            "id ok",
            "copy ok",
            "trycreate ok",
            "move ok",
            "subscribe ok",
            "namespace ok",
            "quota ok",
            "done");
  }

  private static Store connect(String user, String password) throws Exception {
    Properties props = new Properties();
    props.put("mail.imap.host", "127.0.0.1");
    props.put("mail.imap.port", Integer.toString(cluster.imapPort()));
    props.put("mail.imap.connectiontimeout", "5000");
    props.put("mail.imap.timeout", "5000");
    Session session = Session.getInstance(props);
    session.setDebug(Boolean.getBoolean("angus.debug"));
    Store store = session.getStore("imap");
    store.connect(user, password);
    return store;
  }

  private static Message message(String subject) throws Exception {
    String text = "Subject: " + subject + "\r\nFrom: bob@example.test\r\n\r\nHello\r\n";
    return new MimeMessage(
        Session.getInstance(new Properties()),
        new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII)));
  }

  private static String raw(Message m) throws Exception {
    var out = new java.io.ByteArrayOutputStream();
    m.writeTo(out);
    return out.toString(StandardCharsets.US_ASCII);
  }

  @Test
  void angusShouldCopyAndMoveMessagesAndReadTheQuota() throws Exception {
    Store store = connect("nobody", QUOTA_PASSWORD);
    try {
      IMAPFolder inbox = (IMAPFolder) store.getFolder("INBOX");
      inbox.appendMessages(new Message[] {message("one"), message("two"), message("three")});
      inbox.open(Folder.READ_WRITE);
      assertThat(inbox.getMessageCount()).isEqualTo(3);
      inbox.getMessage(1).setFlag(Flags.Flag.FLAGGED, true);

      Folder trash = store.getFolder("Trash");
      inbox.copyMessages(new Message[] {inbox.getMessage(1), inbox.getMessage(2)}, trash);
      assertThat(trash.getMessageCount()).isEqualTo(2);

      Folder drafts = store.getFolder("Drafts");
      Message first = inbox.getMessage(1);
      Message second = inbox.getMessage(2);
      Message third = inbox.getMessage(3);
      inbox.moveMessages(new Message[] {first, third}, drafts);
      // Angus marks the messages the server reported as expunged, and keeps the others
      assertThat(first.isExpunged()).isTrue();
      assertThat(third.isExpunged()).isTrue();
      assertThat(second.isExpunged()).isFalse();
      assertThat(inbox.getUID(second)).isEqualTo(2);
      assertThat(store.getFolder("INBOX").getMessageCount()).isEqualTo(1);
      drafts.open(Folder.READ_ONLY);
      assertThat(drafts.getMessageCount()).isEqualTo(2);
      assertThat(raw(drafts.getMessage(1))).startsWith("Subject: one\r\n");
      assertThat(drafts.getMessage(1).isSet(Flags.Flag.FLAGGED)).isTrue();
      assertThat(raw(drafts.getMessage(2))).startsWith("Subject: three\r\n");
      drafts.close(false);

      // copying to a mailbox that does not exist fails (the server says TRYCREATE)
      Folder missing = store.getFolder("Missing");
      org.assertj.core.api.Assertions.assertThatThrownBy(
              () -> inbox.copyMessages(new Message[] {second}, missing))
          .isInstanceOf(jakarta.mail.MessagingException.class);

      Quota[] quotas = ((IMAPStore) store).getQuota("INBOX");
      assertThat(quotas).hasSize(1);
      assertThat(quotas[0].quotaRoot).isEmpty();
      assertThat(quotas[0].resources).extracting(r -> r.name).containsExactly("STORAGE", "MESSAGE");
      assertThat(quotas[0].resources[0].limit).isEqualTo(100);
      assertThat(quotas[0].resources[1].usage).isEqualTo(5); // 3 appended + 2 copies
      assertThat(quotas[0].resources[1].limit).isEqualTo(50);
      inbox.close(false);
    } finally {
      store.close();
    }
  }

  @Test
  void appendOverTheQuotaShouldFailWithOverquotaAndTheSessionGoOn() throws Exception {
    try (ImapTestClient client = new ImapTestClient(cluster.imapPort())) {
      client.readLine();
      assertThat(client.command("a1", "LOGIN nobody " + QUOTA_PASSWORD)).startsWith("a1 OK");
      String body = "Subject: big\r\n\r\n" + "x".repeat(110 * 1024) + "\r\n";
      client.send("a2 APPEND INBOX {" + body.length() + "+}");
      client.sendRaw((body + "\r\n").getBytes(StandardCharsets.US_ASCII));
      assertThat(client.readUntilTagged("a2")).startsWith("a2 NO [OVERQUOTA]");
      assertThat(client.command("a3", "GETQUOTA \"\"")).isEqualTo("a3 OK GETQUOTA completed");
      // nothing was stored
      client.send("a4 STATUS INBOX (MESSAGES)");
      assertThat(client.readLine()).isEqualTo("* STATUS \"INBOX\" (MESSAGES 0)");
      assertThat(client.readUntilTagged("a4")).startsWith("a4 OK");
      // a COPY that would exceed the message limit copies nothing
      String small = "Subject: s\r\n\r\nsmall\r\n";
      for (int i = 0; i < 30; i++) {
        client.send("m" + i + " APPEND INBOX {" + small.length() + "+}");
        client.sendRaw((small + "\r\n").getBytes(StandardCharsets.US_ASCII));
        assertThat(client.readUntilTagged("m" + i)).startsWith("m" + i + " OK");
      }
      assertThat(client.command("a5", "SELECT INBOX")).startsWith("a5 OK");
      assertThat(client.command("a6", "COPY 1:* Trash")).startsWith("a6 NO [OVERQUOTA]");
      client.send("a7 STATUS Trash (MESSAGES)");
      assertThat(client.readLine()).isEqualTo("* STATUS \"Trash\" (MESSAGES 0)");
      assertThat(client.readUntilTagged("a7")).startsWith("a7 OK");
    }
  }

  @Test
  void nodeLogShouldCarryTheSessionOriginOfEveryCall() throws Exception {
    Logger nodeLog = (Logger) LoggerFactory.getLogger(OriginInterceptor.class);
    Logger serviceLog =
        (Logger) LoggerFactory.getLogger(io.mailtier.mailstore.grpc.MailStoreService.class);
    Logger idLog =
        (Logger) LoggerFactory.getLogger("io.mailtier.frontend.imap.handle.SessionInfoHandlers");
    ListAppender<ILoggingEvent> nodeEvents = new ListAppender<>();
    ListAppender<ILoggingEvent> serviceEvents = new ListAppender<>();
    ListAppender<ILoggingEvent> idEvents = new ListAppender<>();
    Level nodeLevel = nodeLog.getLevel();
    Level serviceLevel = serviceLog.getLevel();
    nodeEvents.start();
    serviceEvents.start();
    idEvents.start();
    nodeLog.setLevel(Level.DEBUG);
    serviceLog.setLevel(Level.INFO);
    nodeLog.addAppender(nodeEvents);
    serviceLog.addAppender(serviceEvents);
    idLog.addAppender(idEvents);
    int localPort;
    int otherPort;
    try (ImapTestClient client = new ImapTestClient(cluster.imapPort());
        ImapTestClient other = new ImapTestClient(cluster.imapPort())) {
      localPort = client.socket().getLocalPort();
      otherPort = other.socket().getLocalPort();
      client.readLine();
      other.readLine();
      client.send("i1 ID (\"name\" \"origin-test\" \"x-originating-ip\" \"10.9.8.7\")");
      assertThat(client.readLine()).startsWith("* ID (\"name\" \"mailtier\"");
      assertThat(client.readUntilTagged("i1")).isEqualTo("i1 OK ID completed");
      // a failed back-end authentication: the node's INFO line carries the origin too
      assertThat(client.command("a0", "LOGIN alice wrong")).startsWith("a0 NO");
      assertThat(client.command("a1", "LOGIN alice alice-secret")).startsWith("a1 OK");
      assertThat(client.command("a2", "SELECT INBOX")).startsWith("a2 OK");
      assertThat(client.command("a3", "LIST \"\" \"*\"")).startsWith("a3 OK");
      assertThat(other.command("b1", "LOGIN bob bob-secret")).startsWith("b1 OK");
      assertThat(other.command("b2", "NAMESPACE")).startsWith("b2 OK");
      assertThat(other.command("b3", "GETQUOTAROOT INBOX")).startsWith("b3 OK");
    } finally {
      nodeLog.detachAppender(nodeEvents);
      serviceLog.detachAppender(serviceEvents);
      idLog.detachAppender(idEvents);
      nodeLog.setLevel(nodeLevel);
      serviceLog.setLevel(serviceLevel);
    }
    Pattern line =
        Pattern.compile("call (\\w+) \\[session (\\S+) client 127\\.0\\.0\\.1:(\\d+)\\]");
    java.util.Map<Integer, java.util.Set<String>> sessionsByPort = new java.util.HashMap<>();
    java.util.Map<Integer, java.util.List<String>> methodsByPort = new java.util.HashMap<>();
    for (ILoggingEvent e : List.copyOf(nodeEvents.list)) {
      Matcher m = line.matcher(e.getFormattedMessage());
      assertThat(m.matches()).as(e.getFormattedMessage()).isTrue();
      int port = Integer.parseInt(m.group(3));
      sessionsByPort.computeIfAbsent(port, k -> new java.util.HashSet<>()).add(m.group(2));
      methodsByPort.computeIfAbsent(port, k -> new java.util.ArrayList<>()).add(m.group(1));
    }
    assertThat(methodsByPort.get(localPort))
        .containsExactly("Authenticate", "Authenticate", "SelectFolder", "ListFolders");
    assertThat(methodsByPort.get(otherPort))
        .containsExactly("Authenticate", "GetFolderStatus", "GetQuota");
    // one session id per connection, different for the two connections
    assertThat(sessionsByPort.get(localPort)).hasSize(1);
    assertThat(sessionsByPort.get(otherPort)).hasSize(1);
    assertThat(sessionsByPort.get(localPort))
        .doesNotContainAnyElementsOf(sessionsByPort.get(otherPort));
    String session = sessionsByPort.get(localPort).iterator().next();
    assertThat(serviceEvents.list)
        .anySatisfy(e -> {
          assertThat(e.getFormattedMessage()).startsWith("authentication failed for alice@");
          assertThat(e.getMDCPropertyMap().get(OriginInterceptor.MDC_KEY))
              .isEqualTo(" [session " + session + " client 127.0.0.1:" + localPort + "]");
        });
    // the front-end logs what the client says in ID (its claimed IP is only logged, never trusted)
    assertThat(idEvents.list)
        .anySatisfy(e ->
            assertThat(e.getFormattedMessage())
                .contains("client ID: name=origin-test, x-originating-ip=10.9.8.7"));
  }
}
