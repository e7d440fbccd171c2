package io.mailtier.frontend.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two sessions on one mailbox: NOOP reports what the other one changed. */
class ConcurrentSessionsTest {
  @TempDir static Path dir;
  private static TestCluster cluster;

  @BeforeAll
  static void start() throws Exception {
    cluster = TestCluster.start(dir);
    cluster.resetAccounts();
  }

  @AfterAll
  static void stop() throws IOException {
    cluster.close();
  }

  @Test
  void noopShouldReportMessagesAddedAndExpungedByAnotherSession() throws IOException {
    try (ImapTestClient a = new ImapTestClient(cluster.imapPort());
        ImapTestClient b = new ImapTestClient(cluster.imapPort())) {
      a.readLine();
      b.readLine();
      assertThat(a.command("a1", "LOGIN alice alice-secret")).startsWith("a1 OK");
      assertThat(b.command("b1", "LOGIN alice alice-secret")).startsWith("b1 OK");
      for (int i = 0; i < 3; i++) {
        b.send("b2" + i + " APPEND INBOX {12+}");
        b.send("Subject: x");
        b.send("");
        assertThat(b.readUntilTagged("b2" + i)).contains("APPENDUID");
      }
      assertThat(a.command("a2", "SELECT INBOX")).startsWith("a2 OK");
      assertThat(b.command("b3", "SELECT INBOX")).startsWith("b3 OK");
      // b deletes message 2 and adds two more
      assertThat(b.command("b4", "STORE 2 +FLAGS.SILENT (\\Deleted)")).startsWith("b4 OK");
      assertThat(b.command("b5", "EXPUNGE")).startsWith("b5 OK");
      for (int i = 0; i < 2; i++) {
        b.send("b6" + i + " APPEND INBOX {12+}");
        b.send("Subject: y");
        b.send("");
        assertThat(b.readUntilTagged("b6" + i)).contains("APPENDUID");
      }
      a.send("a3 NOOP");
      // b's flag change is announced too (a did not make it), then the expunge and the new count
      assertThat(a.readLine()).isEqualTo("* 2 FETCH (FLAGS (\\Deleted))");
      assertThat(a.readLine()).isEqualTo("* 2 EXPUNGE");
      assertThat(a.readLine()).isEqualTo("* 4 EXISTS");
      assertThat(a.readLine()).isEqualTo("a3 OK NOOP completed");
      a.send("a4 FETCH 1:* UID");
      assertThat(a.readLine()).isEqualTo("* 1 FETCH (UID 1)");
      assertThat(a.readLine()).isEqualTo("* 2 FETCH (UID 3)");
      assertThat(a.readLine()).isEqualTo("* 3 FETCH (UID 4)");
      assertThat(a.readLine()).isEqualTo("* 4 FETCH (UID 5)");
      assertThat(a.readLine()).isEqualTo("a4 OK FETCH completed");
    }
  }
}
