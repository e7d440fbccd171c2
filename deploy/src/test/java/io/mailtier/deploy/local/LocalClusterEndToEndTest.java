package io.mailtier.deploy.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.mailtier.mailstore.MailstoreNode;
import io.mailtier.proto.mailstore.v1.FetchRequest;
import io.mailtier.proto.mailstore.v1.FetchResponse;
import io.mailtier.proto.mailstore.v1.GetAccountRequest;
import io.mailtier.proto.mailstore.v1.MailStoreGrpc;
import io.mailtier.proto.mailstore.v1.UidRange;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole local cluster ({@code mailtier up}'s code) with a real IMAP client: users are routed by
 * their LDAP {@code mailHost} to their own node through one proxy port.
 */
class LocalClusterEndToEndTest {
  private static final String NODE_1 = "mailstore-1.example.test";
  private static final String NODE_2 = "mailstore-2.example.test";

  @TempDir static Path data;
  static LocalCluster cluster;

  @BeforeAll
  static void startCluster() throws Exception {
    cluster =
        LocalCluster.start(
            new LocalClusterOptions(data, "127.0.0.1", LocalClusterOptions.Ports.EPHEMERAL));
  }

  @AfterAll
  static void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void aliceAndBobShouldEachBeStoredOnlyOnTheirOwnNodeThroughOneProxyPort() throws Exception {
    String aliceMarker = appendAndReadBack("alice@example.test");
    String bobMarker = appendAndReadBack("bob@example.test");

    assertThat(inboxContains(NODE_1, "alice@example.test", aliceMarker)).isTrue();
    assertThat(accountExists(NODE_2, "alice@example.test")).isFalse();
    assertThat(inboxContains(NODE_2, "bob@example.test", bobMarker)).isTrue();
    assertThat(accountExists(NODE_1, "bob@example.test")).isFalse();
  }

  @Test
  void loginShouldFailWithWrongPassword() {
    Session session = Session.getInstance(imapProperties());
    assertThatThrownBy(
            () -> {
              try (Store store = session.getStore("imap")) {
                store.connect("127.0.0.1", cluster.imapPort(), "carol@example.test", "wrong");
              }
            })
        .isInstanceOf(AuthenticationFailedException.class);
  }

  @Test
  void curlShouldListInbox() throws Exception {
    Process curl =
        new ProcessBuilder(
                "curl",
                "-s",
                "--max-time",
                "20",
                "--url",
                "imap://127.0.0.1:" + cluster.imapPort() + "/INBOX",
                "-u",
                "dave@example.test:demo")
            .redirectErrorStream(true)
            .start();
    String out = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(curl.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(curl.exitValue()).as("curl exit status; output: %s", out).isZero();
    assertThat(out).contains("INBOX");
  }

  @Test
  void curlShouldListInboxOverImapsTrustingTheGeneratedCertificate() throws Exception {
    Process curl =
        new ProcessBuilder(
                "curl",
                "-s",
                "-S",
                "--max-time",
                "20",
                "--cacert",
                cluster.certificateFile().toString(),
                "--url",
                "imaps://127.0.0.1:" + cluster.imapsPort() + "/INBOX",
                "-u",
                "bob@example.test:demo")
            .redirectErrorStream(true)
            .start();
    String out = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(curl.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(curl.exitValue()).as("curl exit status; output: %s", out).isZero();
    assertThat(out).contains("INBOX");
  }

  @Test
  void curlShouldRetrieveOverPop3AndPop3sRoutedToTheUsersNode() throws Exception {
    String marker = appendAndReadBack("carol@example.test");
    String plain =
        curl(
            "--url",
            "pop3://127.0.0.1:" + cluster.pop3Port() + "/1",
            "-u",
            "carol@example.test:demo");
    assertThat(plain).contains(marker);
    String tls =
        curl(
            "--cacert",
            cluster.certificateFile().toString(),
            "--url",
            "pop3s://127.0.0.1:" + cluster.pop3sPort() + "/",
            "-u",
            "carol@example.test:demo");
    assertThat(tls.lines().toList()).isNotEmpty().allMatch(l -> l.matches("\\d+ \\d+\\r?"));
  }

  private static String curl(String... args) throws Exception {
    java.util.List<String> command =
        new java.util.ArrayList<>(java.util.List.of("curl", "-s", "-S", "--max-time", "20"));
    command.addAll(java.util.List.of(args));
    Process curl = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(curl.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(curl.exitValue()).as("curl exit status; output: %s", out).isZero();
    return out;
  }

  /** Appends a message through the proxy as the user, reads it back; returns its marker. */
  private static String appendAndReadBack(String user) throws Exception {
    String marker = "e2e-" + UUID.randomUUID();
    Session session = Session.getInstance(imapProperties());
    try (Store store = session.getStore("imap")) {
      store.connect("127.0.0.1", cluster.imapPort(), user, "demo");
      Folder inbox = store.getFolder("INBOX");
      inbox.open(Folder.READ_WRITE);
      int before = inbox.getMessageCount();

      MimeMessage message = new MimeMessage(session);
      message.setFrom(new InternetAddress("sender@example.org"));
      message.setRecipient(Message.RecipientType.TO, new InternetAddress(user));
      message.setSubject(marker);
      message.setText("Hello " + user + ", this is " + marker + ".\r\n", "UTF-8");
      message.saveChanges();
      inbox.appendMessages(new Message[] {message});
      inbox.close(false);

      inbox.open(Folder.READ_ONLY);
      assertThat(inbox.getMessageCount()).isEqualTo(before + 1);
      // read through the front-end's ENVELOPE, BODYSTRUCTURE and BODY[1]<partial> fetches
      Message stored = inbox.getMessage(before + 1);
      assertThat(stored.getSubject()).isEqualTo(marker);
      assertThat((String) stored.getContent()).contains("this is " + marker);
      inbox.close(false);
    }
    return marker;
  }

  /** Downloads a message whole (BODY.PEEK[]) and parses it locally, as a detached copy. */
  static MimeMessage readWhole(Session session, Message message) throws Exception {
    ByteArrayOutputStream raw = new ByteArrayOutputStream();
    message.writeTo(raw);
    return new MimeMessage(session, new ByteArrayInputStream(raw.toByteArray()));
  }

  static Properties imapProperties() {
    Properties props = new Properties();
    props.put("mail.imap.connectiontimeout", "10000");
    props.put("mail.imap.timeout", "20000");
    return props;
  }

  private static boolean accountExists(String node, String account) {
    return withNode(
        node,
        stub -> {
          try {
            stub.getAccount(GetAccountRequest.newBuilder().setAccount(account).build());
            return true;
          } catch (StatusRuntimeException e) {
            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
            return false;
          }
        });
  }

  private static boolean inboxContains(String node, String account, String marker) {
    return withNode(
        node,
        stub -> {
          Iterator<FetchResponse> it =
              stub.fetch(
                  FetchRequest.newBuilder()
                      .setAccount(account)
                      .setFolder("INBOX")
                      .addUids(UidRange.newBuilder().setFirst(1).setLast(0))
                      .setBody(true)
                      .build());
          ByteArrayOutputStream all = new ByteArrayOutputStream();
          it.forEachRemaining(r -> all.writeBytes(r.getBody().getData().toByteArray()));
          return all.toString(StandardCharsets.UTF_8).contains(marker);
        });
  }

  private interface NodeCall<T> {
    T call(MailStoreGrpc.MailStoreBlockingStub stub) throws Exception;
  }

  private static <T> T withNode(String node, NodeCall<T> call) {
    MailstoreNode n = cluster.nodes().get(node);
    ManagedChannel channel =
        NettyChannelBuilder.forAddress("127.0.0.1", n.grpcPort()).usePlaintext().build();
    try {
      return call.call(
          MailStoreGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS));
    } catch (Exception e) {
      throw new AssertionError(e);
    } finally {
      channel.shutdownNow();
    }
  }
}
