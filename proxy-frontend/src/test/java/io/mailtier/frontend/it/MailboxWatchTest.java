package io.mailtier.frontend.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import io.mailtier.frontend.FrontendServer;
import io.mailtier.proto.mailstore.v1.DeliverHeader;
import io.mailtier.proto.mailstore.v1.DeliverRequest;
import io.mailtier.proto.mailstore.v1.DeliverResponse;
import io.mailtier.proto.mailstore.v1.DeliveryRecipient;
import io.mailtier.proto.mailstore.v1.MailStoreGrpc;
import jakarta.mail.Folder;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.event.MessageCountAdapter;
import jakarta.mail.event.MessageCountEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same mailbox selected on two front-ends in front of one node (each with its own watch
 * stream): changes made through one are announced in the other, with the RFC 9051 rules for when an
 * EXPUNGE may be sent; IDLE gets deliveries within a second; the watch stream survives a node
 * restart; a real client (Angus Mail) idles.
 */
class MailboxWatchTest {
  @TempDir static Path dir;
  private static TestCluster cluster;
  private static FrontendServer second;

  @BeforeAll
  static void start() throws Exception {
    cluster = TestCluster.start(dir);
    second = cluster.startAnotherFrontend();
  }

  @AfterAll
  static void stop() throws Exception {
    second.close();
    cluster.close();
  }

  @BeforeEach
  void reset() {
    cluster.resetAccounts();
  }

  /** Sends a command; returns every line up to and including its tagged response. */
  static List<String> run(ImapTestClient c, String tag, String command) throws IOException {
    c.send(tag + " " + command);
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      String line = c.readLine();
      if (line == null) {
        throw new IOException("closed before " + tag + "; got " + lines);
      }
      lines.add(line);
      if (line.startsWith(tag + " ")) {
        return lines;
      }
    }
    throw new IOException("no tagged response to " + tag);
  }

  static ImapTestClient login(int port) throws IOException {
    ImapTestClient c = new ImapTestClient(port);
    assertThat(c.readLine()).startsWith("* OK");
    assertThat(c.command("l", "LOGIN alice alice-secret")).startsWith("l OK");
    return c;
  }

  static void append(ImapTestClient c, String tag, String subject) throws IOException {
    String message = "Subject: " + subject + "\r\n\r\nbody\r\n";
    c.send(tag + " APPEND INBOX {" + message.length() + "+}");
    c.sendRaw(message.getBytes(StandardCharsets.US_ASCII));
    c.send("");
  }

  /** Delivers a message to alice's INBOX through the node's gRPC Deliver. */
  static void deliver(String subject) throws Exception {
    deliverTo(cluster.nodePort(), subject);
  }

  /** Delivers a message to alice's INBOX through the gRPC Deliver of the node on a port. */
  static void deliverTo(int nodePort, String subject) throws Exception {
    ManagedChannel channel =
        NettyChannelBuilder.forTarget("127.0.0.1:" + nodePort).usePlaintext().build();
    try {
      byte[] message =
          ("From: bob@example.test\r\nSubject: " + subject + "\r\n\r\nhello\r\n")
              .getBytes(StandardCharsets.US_ASCII);
      CompletableFuture<DeliverResponse> done = new CompletableFuture<>();
      StreamObserver<DeliverRequest> requests =
          MailStoreGrpc.newStub(channel)
              .withWaitForReady()
              .withDeadlineAfter(20, TimeUnit.SECONDS)
              .deliver(
                  new StreamObserver<>() {
                    @Override
                    public void onNext(DeliverResponse value) {
                      done.complete(value);
                    }

                    @Override
                    public void onError(Throwable t) {
                      done.completeExceptionally(t);
                    }

                    @Override
                    public void onCompleted() {}
                  });
      requests.onNext(
          DeliverRequest.newBuilder()
              .setHeader(
                  DeliverHeader.newBuilder()
                      .addRecipients(
                          DeliveryRecipient.newBuilder().setAccount("alice@example.test"))
                      .setSize(message.length))
              .build());
      requests.onNext(DeliverRequest.newBuilder().setChunk(ByteString.copyFrom(message)).build());
      requests.onCompleted();
      DeliverResponse response = done.get(25, TimeUnit.SECONDS);
      assertThat(response.getResultsList()).allMatch(r -> r.getDelivered());
    } finally {
      channel.shutdownNow();
      channel.awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  @Test
  void changesOnOneFrontEndShouldBeAnnouncedOnTheOtherWithExpungesHeldDuringFetchAndStore()
      throws Exception {
    try (ImapTestClient a = login(cluster.imapPort());
        ImapTestClient b = login(second.imapPort())) {
      for (int i = 0; i < 3; i++) {
        append(b, "p" + i, "m" + i);
        assertThat(b.readUntilTagged("p" + i)).contains("APPENDUID");
      }
      assertThat(run(a, "a1", "SELECT INBOX")).contains("* 3 EXISTS");
      assertThat(run(b, "b1", "SELECT INBOX")).contains("* 3 EXISTS");

      // APPEND in b: b's own response carries the EXISTS, a's next NOOP reports it
      append(b, "b2", "m3");
      List<String> appended = readUntil(b, "b2");
      assertThat(appended).containsExactly("* 4 EXISTS", appended.get(1));
      assertThat(appended.get(1)).startsWith("b2 OK [APPENDUID ");
      assertThat(run(a, "a2", "NOOP")).containsExactly("* 4 EXISTS", "a2 OK NOOP completed");

      // STORE in b: b answers once, a hears of it at NOOP, b's NOOP does not repeat it
      assertThat(run(b, "b3", "STORE 1 +FLAGS (\\Flagged)"))
          .containsExactly("* 1 FETCH (FLAGS (\\Flagged))", "b3 OK STORE completed");
      assertThat(run(a, "a3", "NOOP"))
          .containsExactly("* 1 FETCH (FLAGS (\\Flagged))", "a3 OK NOOP completed");
      assertThat(run(b, "b4", "NOOP")).containsExactly("b4 OK NOOP completed");

      // EXPUNGE in b of message 2 (UID 2), and one more message delivered
      assertThat(run(b, "b5", "STORE 2 +FLAGS.SILENT (\\Deleted)")).hasSize(1);
      assertThat(run(b, "b6", "EXPUNGE")).containsExactly("* 2 EXPUNGE", "b6 OK EXPUNGE completed");
      deliver("m4");
      // The node published the three changes before answering; give a's front-end a moment to
      // receive them, so the EXPUNGE is queued in a's session before its FETCH (the EXISTS of
      // the later delivery in the FETCH response shows it was).
      Thread.sleep(300);

      // a's FETCH and STORE: no EXPUNGE, sequence numbers unchanged (3 is still UID 3)
      List<String> fetched = run(a, "a4", "FETCH 1:4 (UID)");
      assertThat(fetched).noneMatch(l -> l.contains("EXPUNGE"));
      assertThat(fetched)
          .contains(
              "* 5 EXISTS",
              "* 1 FETCH (UID 1)",
              "* 3 FETCH (UID 3)",
              "* 4 FETCH (UID 4)",
              "a4 OK FETCH completed");
      List<String> stored = run(a, "a5", "STORE 3 +FLAGS (\\Seen)");
      assertThat(stored).noneMatch(l -> l.contains("EXPUNGE"));
      assertThat(stored).containsExactly("* 3 FETCH (FLAGS (\\Seen))", "a5 OK STORE completed");

      // NOOP: now the held EXPUNGE, and the map shifts
      assertThat(run(a, "a6", "NOOP")).containsExactly("* 2 EXPUNGE", "a6 OK NOOP completed");
      assertThat(run(a, "a7", "FETCH 1:* (UID)"))
          .containsExactly(
              "* 1 FETCH (UID 1)",
              "* 2 FETCH (UID 3)",
              "* 3 FETCH (UID 4)",
              "* 4 FETCH (UID 5)",
              "a7 OK FETCH completed");

      // b hears of the delivery and of a's flag change (UID 3 is b's message 2); CHECK is not a
      // UID command, so the FETCH has no UID
      assertThat(run(b, "b7", "CHECK"))
          .containsExactly("* 4 EXISTS", "* 2 FETCH (FLAGS (\\Seen))", "b7 OK CHECK completed");
      // a UID command gets the UID in unsolicited FETCH responses
      assertThat(run(a, "a8", "STORE 1 -FLAGS.SILENT (\\Flagged)")).hasSize(1);
      assertThat(run(b, "b8", "UID FETCH 5 (UID)"))
          .containsExactly(
              "* 4 FETCH (UID 5)", "* 1 FETCH (UID 1 FLAGS ())", "b8 OK UID FETCH completed");
    }
  }

  private static List<String> readUntil(ImapTestClient c, String tag) throws IOException {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      String line = c.readLine();
      if (line == null) {
        throw new IOException("closed");
      }
      lines.add(line);
      if (line.startsWith(tag + " ")) {
        return lines;
      }
    }
    throw new IOException("no tagged response");
  }

  @Test
  void idleShouldAnnounceADeliveryWithinOneSecondAndChangesFromTheOtherFrontEnd() throws Exception {
    try (ImapTestClient a = login(cluster.imapPort());
        ImapTestClient b = login(second.imapPort())) {
      assertThat(run(a, "a1", "SELECT INBOX")).contains("* 0 EXISTS");
      assertThat(run(b, "b1", "SELECT INBOX")).contains("* 0 EXISTS");
      a.send("a2 IDLE");
      assertThat(a.readLine()).isEqualTo("+ idling");
      long worst = 0;
      for (int i = 1; i <= 5; i++) {
        long t0 = System.nanoTime();
        deliver("idle " + i);
        assertThat(a.readLine()).isEqualTo("* " + i + " EXISTS");
        long millis = (System.nanoTime() - t0) / 1_000_000;
        System.out.printf("IDLE: delivery %d announced %d ms after the Deliver call%n", i, millis);
        worst = Math.max(worst, millis);
      }
      assertThat(worst).as("time from Deliver to EXISTS in IDLE (ms)").isLessThan(1000);

      // b was not idling: it learns of the deliveries at its next command
      assertThat(run(b, "b1n", "NOOP")).containsExactly("* 5 EXISTS", "b1n OK NOOP completed");
      // changes made through the other front-end, pushed with UIDs
      assertThat(run(b, "b2", "STORE 2 +FLAGS (\\Deleted)")).hasSize(2);
      assertThat(a.readLine()).isEqualTo("* 2 FETCH (UID 2 FLAGS (\\Deleted))");
      assertThat(run(b, "b3", "EXPUNGE")).hasSize(2);
      assertThat(a.readLine()).isEqualTo("* 2 EXPUNGE");
      append(b, "b4", "from b");
      assertThat(readUntil(b, "b4")).hasSize(2);
      assertThat(a.readLine()).isEqualTo("* 5 EXISTS");
      a.send("DONE");
      assertThat(a.readLine()).isEqualTo("a2 OK IDLE terminated");
      assertThat(run(a, "a3", "FETCH 1:* (UID)"))
          .containsExactly(
              "* 1 FETCH (UID 1)",
              "* 2 FETCH (UID 3)",
              "* 3 FETCH (UID 4)",
              "* 4 FETCH (UID 5)",
              "* 5 FETCH (UID 6)",
              "a3 OK FETCH completed");
    }
  }

  @Test
  void idleShouldEndWithBadOnAnythingButDoneAndWorkWithoutASelectedMailbox() throws Exception {
    try (ImapTestClient a = login(cluster.imapPort())) {
      a.send("a1 IDLE");
      assertThat(a.readLine()).isEqualTo("+ idling");
      a.send("DONE");
      assertThat(a.readLine()).isEqualTo("a1 OK IDLE terminated");
      assertThat(run(a, "a2", "SELECT INBOX")).contains("a2 OK [READ-WRITE] SELECT completed");
      a.send("a3 IDLE");
      assertThat(a.readLine()).isEqualTo("+ idling");
      a.send("a4 NOOP");
      assertThat(a.readLine()).isEqualTo("a3 BAD Expected DONE to end IDLE");
      assertThat(run(a, "a5", "NOOP")).containsExactly("a5 OK NOOP completed");
      assertThat(run(a, "a6", "IDLE extra")).last().asString().startsWith("a6 BAD");
      assertThat(run(a, "a7", "CAPABILITY").get(0)).contains(" IDLE");
    }
    try (ImapTestClient c = new ImapTestClient(cluster.imapPort())) {
      c.readLine();
      assertThat(c.command("c1", "IDLE")).startsWith("c1 BAD");
      assertThat(c.command("c2", "CHECK")).startsWith("c2 BAD");
    }
  }

  @Test
  void watchStreamShouldRecoverAfterTheNodeRestartsAndResynchronizeTheIdlingSession()
      throws Exception {
    try (ImapTestClient a = login(cluster.imapPort())) {
      assertThat(run(a, "a1", "SELECT INBOX")).contains("* 0 EXISTS");
      a.send("a2 IDLE");
      assertThat(a.readLine()).isEqualTo("+ idling");
      long before = cluster.frontend().watcher().reconnects();
      cluster.restartNode();
      // delivered while the front-end's stream may still be down: the resync must find it
      deliver("during the outage");
      a.setTimeoutMillis(20_000);
      assertThat(a.readLine()).isEqualTo("* 1 EXISTS");
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (!(cluster.frontend().watcher().reconnects() > before
              && cluster.frontend().watcher().connected(TestCluster.NODE))
          && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      assertThat(cluster.frontend().watcher().reconnects()).isGreaterThan(before);
      assertThat(cluster.frontend().watcher().connected(TestCluster.NODE)).isTrue();
      // and the re-opened stream carries the next delivery as it happens
      a.setTimeoutMillis(5_000);
      long t0 = System.nanoTime();
      deliver("after the restart");
      assertThat(a.readLine()).isEqualTo("* 2 EXISTS");
      long millis = (System.nanoTime() - t0) / 1_000_000;
      System.out.printf("IDLE after node restart: EXISTS %d ms after Deliver%n", millis);
      assertThat(millis).isLessThan(1000);
      a.send("DONE");
      assertThat(a.readLine()).isEqualTo("a2 OK IDLE terminated");
    }
    String metrics =
        java.net.http.HttpClient.newHttpClient()
            .send(
                java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(
                            "http://127.0.0.1:" + cluster.frontend().adminPort() + "/metrics"))
                    .timeout(java.time.Duration.ofSeconds(5))
                    .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString())
            .body();
    assertThat(metrics).containsPattern("(?m)^mailtier_imap_watch_reopened_total [1-9]");
  }

  @Test
  void aMailboxDeletedOrRenamedElsewhereShouldEndTheSessionsThatSelectedIt() throws Exception {
    try (ImapTestClient a = login(cluster.imapPort());
        ImapTestClient c = login(cluster.imapPort());
        ImapTestClient b = login(second.imapPort())) {
      assertThat(b.command("b1", "CREATE Work")).startsWith("b1 OK");
      assertThat(b.command("b2", "CREATE Old")).startsWith("b2 OK");
      assertThat(run(a, "a1", "SELECT Work")).last().asString().startsWith("a1 OK");
      assertThat(run(c, "c1", "EXAMINE Old")).last().asString().startsWith("c1 OK");
      a.send("a2 IDLE");
      assertThat(a.readLine()).isEqualTo("+ idling");
      // deleted while a idles: told at once, and the connection ends
      assertThat(b.command("b3", "DELETE Work")).startsWith("b3 OK");
      assertThat(a.readLine()).isEqualTo("* BYE Selected mailbox was deleted or renamed, closing");
      assertThat(a.closedByServer()).isTrue();
      // renamed while c is between commands: its next command is answered, then BYE
      assertThat(b.command("b4", "RENAME Old New")).startsWith("b4 OK");
      assertThat(run(c, "c2", "NOOP"))
          .containsExactly(
              "* BYE Selected mailbox was deleted or renamed, closing", "c2 OK NOOP completed");
      assertThat(c.closedByServer()).isTrue();
      // b itself goes on
      assertThat(b.command("b5", "NOOP")).startsWith("b5 OK");
    }
  }

  @Test
  void aFolderShouldBeWatchedWhileAtLeastOneSessionOfTheFrontEndHasItSelected() throws Exception {
    var watcher = cluster.frontend().watcher();
    assertThat(watcher.watchedFolders(TestCluster.NODE)).isZero();
    try (ImapTestClient a = login(cluster.imapPort());
        ImapTestClient b = login(cluster.imapPort())) {
      run(a, "a1", "SELECT INBOX");
      run(b, "b1", "EXAMINE inbox"); // the same folder, spelled differently
      assertThat(watcher.watchedFolders(TestCluster.NODE)).isEqualTo(1);
      run(a, "a2", "SELECT Sent");
      assertThat(watcher.watchedFolders(TestCluster.NODE)).isEqualTo(2);
      run(b, "b2", "UNSELECT");
      assertThat(watcher.watchedFolders(TestCluster.NODE)).isEqualTo(1);
      run(a, "a3", "CLOSE");
      assertThat(watcher.watchedFolders(TestCluster.NODE)).isZero();
      run(a, "a4", "SELECT INBOX");
      run(b, "b3", "SELECT Nowhere"); // a failed SELECT watches nothing
      assertThat(watcher.watchedFolders(TestCluster.NODE)).isEqualTo(1);
      run(b, "b4", "SELECT Drafts");
      assertThat(run(b, "b5", "LOGOUT")).last().asString().startsWith("b5 OK");
      assertThat(waitForWatched(1)).isEqualTo(1);
    } // a disconnects without LOGOUT
    assertThat(waitForWatched(0)).isZero();
  }

  @Test
  void selectingNamesNoFolderCanHaveShouldNotDisturbTheSharedWatchStream() throws Exception {
    long reopened = cluster.frontend().watcher().reconnects();
    try (ImapTestClient a = login(cluster.imapPort());
        ImapTestClient h = login(cluster.imapPort())) {
      run(a, "a1", "SELECT INBOX");
      a.send("a2 IDLE");
      assertThat(a.readLine()).isEqualTo("+ idling");
      String longName = "x".repeat(300);
      for (String name : List.of("\"a//b\"", "\"*\"", "\"/\"", longName, "\"INBOX/\"")) {
        assertThat(run(h, "h1", "SELECT " + name)).last().asString().startsWith("h1 NO");
      }
      assertThat(cluster.frontend().watcher().connected(TestCluster.NODE)).isTrue();
      deliver("still watched");
      assertThat(a.readLine()).isEqualTo("* 1 EXISTS");
      assertThat(cluster.frontend().watcher().reconnects()).isEqualTo(reopened);
      a.send("DONE");
      assertThat(a.readLine()).isEqualTo("a2 OK IDLE terminated");
    }
  }

  private static int waitForWatched(int expected) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    int n;
    while ((n = cluster.frontend().watcher().watchedFolders(TestCluster.NODE)) != expected
        && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    return n;
  }

  @Test
  void angusMailIdleShouldSeeADeliveredMessage() throws Exception {
    Properties props = new Properties();
    props.put("mail.imap.host", "127.0.0.1");
    props.put("mail.imap.port", Integer.toString(cluster.imapPort()));
    props.put("mail.imap.connectiontimeout", "5000");
    props.put("mail.imap.timeout", "20000");
    Store store = Session.getInstance(props).getStore("imap");
    store.connect("alice", "alice-secret");
    try {
      IMAPFolder inbox = (IMAPFolder) store.getFolder("INBOX");
      inbox.open(Folder.READ_WRITE);
      CountDownLatch added = new CountDownLatch(1);
      AtomicReference<String> subject = new AtomicReference<>();
      inbox.addMessageCountListener(
          new MessageCountAdapter() {
            @Override
            public void messagesAdded(MessageCountEvent e) {
              subject.set(
                  e.getMessages().length
                      + " message(s), number "
                      + e.getMessages()[0].getMessageNumber());
              added.countDown();
            }
          });
      CompletableFuture<Void> idling =
          CompletableFuture.runAsync(() -> {
            try {
              inbox.idle(true);
            } catch (jakarta.mail.MessagingException e) {
              throw new RuntimeException(e);
            }
          });
      Thread.sleep(300); // let IDLE start; a delivery before it is announced when it starts
      deliver("for angus");
      assertThat(added.await(10, TimeUnit.SECONDS)).isTrue();
      idling.get(10, TimeUnit.SECONDS);
      assertThat(subject.get()).isEqualTo("1 message(s), number 1");
      assertThat(inbox.getMessageCount()).isEqualTo(1);
      inbox.close(false);
    } finally {
      store.close();
    }
  }
}
