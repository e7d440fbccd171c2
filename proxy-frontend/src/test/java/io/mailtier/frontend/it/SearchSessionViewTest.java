package io.mailtier.frontend.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SEARCH answers in the session's view: a message another session added is not reported (by number
 * or UID) before this session has been told it exists; an expunged one is gone at once.
 */
class SearchSessionViewTest {
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

  private static void append(ImapTestClient c, String tag, String subject) throws IOException {
    String header = "Subject: " + subject;
    c.send(tag + " APPEND INBOX {" + (header.length() + 4) + "+}");
    c.send(header);
    c.send("");
    c.send("");
    assertThat(c.readUntilTagged(tag)).contains("APPENDUID");
  }

  @Test
  void searchShouldNotReportMessagesTheSessionDoesNotKnowYet() throws IOException {
    try (ImapTestClient a = new ImapTestClient(cluster.imapPort());
        ImapTestClient b = new ImapTestClient(cluster.imapPort())) {
      a.readLine();
      b.readLine();
      assertThat(a.command("a1", "LOGIN alice alice-secret")).startsWith("a1 OK");
      assertThat(b.command("b1", "LOGIN alice alice-secret")).startsWith("b1 OK");
      append(b, "b2", "first report");
      assertThat(a.command("a2", "SELECT INBOX")).startsWith("a2 OK");
      append(b, "b3", "second report");

      // The search runs on the session's view (one message); the second one may be announced
      // by the watch (ADR 0051) right after the result, never inside it.
      a.send("a3 UID SEARCH SUBJECT report");
      assertThat(a.readLine()).isEqualTo("* SEARCH 1");
      String next = a.readLine();
      if (next.equals("* 2 EXISTS")) {
        next = a.readLine();
      }
      assertThat(next).isEqualTo("a3 OK UID SEARCH completed");

      a.send("a5 NOOP"); // every change committed before it is now announced
      String line;
      while ((line = a.readLine()).startsWith("* ")) {
        assertThat(line).isEqualTo("* 2 EXISTS");
      }
      assertThat(line).isEqualTo("a5 OK NOOP completed");
      a.send("a4 SEARCH RETURN (COUNT) ALL");
      assertThat(a.readLine()).isEqualTo("* ESEARCH (TAG \"a4\") COUNT 2");
      assertThat(a.readLine()).isEqualTo("a4 OK SEARCH completed");
      a.send("a6 SEARCH SUBJECT REPORT");
      assertThat(a.readLine()).isEqualTo("* SEARCH 1 2");
      assertThat(a.readLine()).isEqualTo("a6 OK SEARCH completed");
      a.send("a7 SEARCH 2 SUBJECT second");
      assertThat(a.readLine()).isEqualTo("* SEARCH 2");
      assertThat(a.readLine()).isEqualTo("a7 OK SEARCH completed");
    }
  }
}
