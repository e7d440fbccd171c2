package io.mailtier.frontend.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mailtier.proto.mailstore.v1.SelectFolderRequest;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.eclipse.angus.mail.pop3.POP3Folder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real POP3 clients against the front-end and a real node: Python's poplib, curl, Angus Mail's POP3
 * provider and fetchmail (200 messages, kept and then deleted).
 */
class Pop3ClientsTest {
  @TempDir Path work;
  @RegisterExtension static final ClusterExtension clusters = new ClusterExtension();

  @BeforeEach
  void fill() {
    Pop3ScriptedConversationTest.fill(clusters.get());
  }

  /** Runs a command to its end (bounded); returns its output, after checking the exit code. */
  private static String run(List<String> command, Path home, int... okExitCodes) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    if (home != null) {
      pb.environment().put("HOME", home.toString());
    }
    Process p = pb.start();
    p.getOutputStream().close();
    boolean finished = p.waitFor(120, TimeUnit.SECONDS);
    if (!finished) {
      p.destroyForcibly();
    }
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(finished).as("%s did not finish:\n%s", command.get(0), output).isTrue();
    List<Integer> ok = new ArrayList<>();
    for (int code : okExitCodes.length == 0 ? new int[] {0} : okExitCodes) {
      ok.add(code);
    }
    assertThat(ok).as("exit code of %s:\n%s", command, output).contains(p.exitValue());
    return output;
  }

  @Test
  void poplibShouldLogInListRetrieveAndDelete() throws Exception {
    assumeTrue(Frontends.available("python3", "-c", "import poplib"), "python3 is not installed");
    Path script = work.resolve("poplib_session.py");
    try (var in =
        Objects.requireNonNull(getClass().getResourceAsStream("/clients/poplib_session.py"))) {
      Files.copy(in, script);
    }
    String output =
        run(
            List.of("python3", script.toString(), Integer.toString(clusters.get().pop3Port())),
            null);
    JsonNode r = new ObjectMapper().readTree(output.lines().reduce((a, b) -> b).orElseThrow());
    assertThat(r.get("welcome").asText()).isEqualTo("+OK mailtier POP3 ready");
    assertThat(r.get("capa").toString())
        .contains("\"RESP-CODES\"", "\"AUTH-RESP-CODE\"", "\"UIDL\"", "\"TOP\"", "\"USER\"");
    assertThat(r.get("bad_login").asText()).isEqualTo("-ERR [AUTH] Authentication failed");
    assertThat(r.get("pass").asText()).startsWith("+OK Maildrop has 3 messages");
    assertThat(r.get("stat").get(0).asInt()).isEqualTo(3);
    assertThat(r.get("list")).hasSize(3);
    assertThat(r.get("retr1").toString()).contains("Subject: first", "\".hidden\"");
    assertThat(r.get("top2").toString()).contains("Subject: second", "\"line 1\"");
    assertThat(r.get("top2").toString()).doesNotContain("line 2");
    assertThat(r.get("retr42").asText()).isEqualTo("-ERR No such message");
    assertThat(r.get("dele").asText()).isEqualTo("+OK Message 3 deleted");
    assertThat(r.get("quit").asText()).contains("1 messages deleted");
    assertThat(r.get("stat_after").get(0).asInt()).isEqualTo(2);
    // the UIDLs of the messages that stayed are what they were
    assertThat(r.get("uidl").get(0).asText()).isEqualTo(r.get("uidl_after").get(0).asText());
    assertThat(r.get("uidl").get(1).asText()).isEqualTo(r.get("uidl_after").get(1).asText());
  }

  @Test
  void curlShouldListAndRetrieve() throws Exception {
    String base = "pop3://127.0.0.1:" + clusters.get().pop3Port() + "/";
    String listing =
        run(
            List.of(
                "curl", "-sS", "--max-time", "20", "-u", "alice@example.test:alice-secret", base),
            null);
    assertThat(listing.lines().toList()).hasSize(3).allMatch(l -> l.matches("\\d \\d+\\r?"));
    String message =
        run(
            List.of(
                "curl",
                "-sS",
                "--max-time",
                "20",
                "-u",
                "alice@example.test:alice-secret",
                base + "2"),
            null);
    assertThat(message).contains("Subject: second", "line 5");
    // a wrong password: curl reports the login failure (exit 67)
    String refused =
        run(
            List.of("curl", "-sS", "--max-time", "20", "-u", "alice@example.test:nope", base),
            null,
            67);
    assertThat(refused).containsIgnoringCase("login denied");
  }

  @Test
  void angusMailShouldReadUidsAndDeleteOnClose() throws Exception {
    Properties props = new Properties();
    props.put("mail.pop3.host", "127.0.0.1");
    props.put("mail.pop3.port", Integer.toString(clusters.get().pop3Port()));
    props.put("mail.pop3.connectiontimeout", "5000");
    props.put("mail.pop3.timeout", "5000");
    Session session = Session.getInstance(props);
    String deletedUid;
    String keptUid;
    Store store = session.getStore("pop3");
    store.connect("alice@example.test", "alice-secret");
    try {
      POP3Folder inbox = (POP3Folder) store.getFolder("INBOX");
      inbox.open(Folder.READ_WRITE);
      assertThat(inbox.getMessageCount()).isEqualTo(3);
      Message[] messages = inbox.getMessages();
      assertThat(messages[0].getSubject()).isEqualTo("first");
      assertThat(messages[1].getSubject()).isEqualTo("second");
      assertThat(((String) messages[0].getContent())).contains(".hidden");
      deletedUid = inbox.getUID(messages[0]);
      keptUid = inbox.getUID(messages[1]);
      assertThat(deletedUid).matches("\\d+\\.\\d+");
      messages[0].setFlag(Flags.Flag.DELETED, true);
      inbox.close(true); // QUIT: the UPDATE state deletes it
    } finally {
      store.close();
    }
    store = session.getStore("pop3");
    store.connect("alice@example.test", "alice-secret");
    try {
      POP3Folder inbox = (POP3Folder) store.getFolder("INBOX");
      inbox.open(Folder.READ_ONLY);
      assertThat(inbox.getMessageCount()).isEqualTo(2);
      assertThat(inbox.getUID(inbox.getMessage(1))).isEqualTo(keptUid);
      inbox.close(false);
    } finally {
      store.close();
    }
    Store wrong = session.getStore("pop3");
    assertThat(
            org.assertj.core.api.Assertions.catchThrowable(
                () -> wrong.connect("alice@example.test", "wrong")))
        .isInstanceOf(jakarta.mail.AuthenticationFailedException.class)
        .hasMessageContaining("[AUTH]");
  }

  @Test
  void fetchmailShouldRetrieve200MessagesKeptAndThenDeleted() throws Exception {
    assumeTrue(Frontends.available("fetchmail", "--version"), "fetchmail is not installed");
    String bob = TestCluster.ACCOUNTS[1][0];
    int count = 200;
    for (int i = 1; i <= count; i++) {
      clusters
          .get()
          .deliver(
              bob,
              "INBOX",
              Deliveries.message("message " + i, "body of " + i, ".dot line " + i, "end"));
    }
    Path keep = Files.createDirectories(work.resolve("keep"));
    Path delete = Files.createDirectories(work.resolve("delete"));
    String kept = fetchmail(keep, true);
    assertThat(files(keep)).as(kept).isEqualTo(count);
    assertThat(messages(bob)).isEqualTo(count);
    String deleted = fetchmail(delete, false);
    assertThat(files(delete)).as(deleted).isEqualTo(count);
    assertThat(messages(bob)).as("the maildrop is empty after the delete run").isZero();
    // what fetchmail delivered is the message, dots unstuffed
    try (Stream<Path> s = Files.list(delete)) {
      String any = Files.readString(s.filter(p -> !p.endsWith("ids")).findFirst().orElseThrow());
      assertThat(any).containsPattern("(?m)^\\.dot line \\d+\\r?$").contains("Subject: message ");
    }
  }

  private String fetchmail(Path out, boolean keep) throws Exception {
    Path mda = work.resolve("mda-" + out.getFileName() + ".sh");
    Files.writeString(mda, "#!/bin/sh\nf=$(mktemp -p '" + out + "' msg.XXXXXXXX)\ncat > \"$f\"\n");
    Files.setPosixFilePermissions(mda, PosixFilePermissions.fromString("rwx------"));
    Path rc = work.resolve("fetchmailrc-" + out.getFileName());
    Files.writeString(
        rc,
        """
        set no bouncemail
        poll 127.0.0.1 with protocol POP3 and port %d and timeout 30:
          user "bob@example.test" there with password "bob-secret" is "root" here
          options fetchall %s no rewrite sslproto "" mda "%s"
        """
            .formatted(clusters.get().pop3Port(), keep ? "keep" : "nokeep", mda));
    Files.setPosixFilePermissions(rc, PosixFilePermissions.fromString("rw-------"));
    return run(
        List.of(
            "fetchmail",
            "-f",
            rc.toString(),
            "--idfile",
            work.resolve("ids-" + out.getFileName()).toString(),
            "--pidfile",
            work.resolve("pid-" + out.getFileName()).toString(),
            "--nosyslog",
            "-v"),
        work);
  }

  private static long files(Path d) throws IOException {
    try (Stream<Path> s = Files.list(d)) {
      return s.filter(p -> p.getFileName().toString().startsWith("msg.")).count();
    }
  }

  private static int messages(String account) {
    return clusters
        .get()
        .nodeStub()
        .selectFolder(
            SelectFolderRequest.newBuilder().setAccount(account).setFolder("INBOX").build())
        .getStatus()
        .getMessages();
  }
}
