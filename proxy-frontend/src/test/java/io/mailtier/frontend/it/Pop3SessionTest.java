package io.mailtier.frontend.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * POP3 sessions that need more than one connection or raw bytes: the maildrop lock within one
 * front-end, a dropped connection, pipelining, an over-long line.
 */
class Pop3SessionTest {
  @RegisterExtension static final ClusterExtension clusters = new ClusterExtension();

  @BeforeEach
  void fill() {
    Pop3ScriptedConversationTest.fill(clusters.get());
  }

  static ImapTestClient connect(int port) throws IOException {
    ImapTestClient c = new ImapTestClient(port);
    assertThat(c.readLine()).startsWith("+OK");
    return c;
  }

  /** USER and PASS; returns the reply to PASS. */
  static String login(ImapTestClient c, String user, String password) throws IOException {
    c.send("USER " + user);
    assertThat(c.readLine()).startsWith("+OK");
    c.send("PASS " + password);
    return c.readLine();
  }

  /** Logs in, retrying for up to 10 s while the maildrop is still locked by a closed session. */
  static String loginWhenUnlocked(int port, ImapTestClient c, String user, String password)
      throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    String reply = login(c, user, password);
    while (reply.startsWith("-ERR [IN-USE]") && System.nanoTime() < deadline) {
      Thread.sleep(50);
      reply = login(c, user, password);
    }
    return reply;
  }

  @Test
  void aSecondSessionForTheSameMaildropShouldGetInUseUntilTheFirstQuits() throws Exception {
    int port = clusters.get().pop3Port();
    try (ImapTestClient first = connect(port);
        ImapTestClient second = connect(port)) {
      assertThat(login(first, "alice@example.test", "alice-secret"))
          .startsWith("+OK Maildrop has 3 messages");
      assertThat(login(second, "alice@example.test", "alice-secret"))
          .isEqualTo("-ERR [IN-USE] Maildrop is locked by another POP3 session");
      // another folder of the same account is another maildrop
      assertThat(login(second, "alice+Archive@example.test", "alice-secret"))
          .startsWith("+OK Maildrop has 1 messages");
      second.send("QUIT");
      assertThat(second.readLine()).startsWith("+OK");
      first.send("QUIT");
      assertThat(first.readLine()).startsWith("+OK");
    }
    try (ImapTestClient third = connect(port)) {
      assertThat(loginWhenUnlocked(port, third, "alice@example.test", "alice-secret"))
          .startsWith("+OK Maildrop has 3 messages");
    }
  }

  @Test
  void aDroppedConnectionShouldDeleteNothingAndReleaseTheLock() throws Exception {
    int port = clusters.get().pop3Port();
    try (ImapTestClient c = connect(port)) {
      assertThat(login(c, "alice@example.test", "alice-secret")).startsWith("+OK");
      c.send("DELE 1");
      assertThat(c.readLine()).startsWith("+OK");
      c.send("DELE 2");
      assertThat(c.readLine()).startsWith("+OK");
    } // closed without QUIT
    try (ImapTestClient c = connect(port)) {
      assertThat(loginWhenUnlocked(port, c, "alice@example.test", "alice-secret"))
          .startsWith("+OK Maildrop has 3 messages");
      c.send("QUIT");
      assertThat(c.readLine()).isEqualTo("+OK mailtier POP3 signing off");
    }
  }

  @Test
  void pipelinedCommandsShouldBeAnsweredInOrder() throws Exception {
    try (ImapTestClient c = connect(clusters.get().pop3Port())) {
      c.sendRaw(
          ("USER alice@example.test\r\nPASS alice-secret\r\nSTAT\r\nDELE 1\r\nSTAT\r\nRSET\r\n"
                  + "LIST 3\r\nQUIT\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      assertThat(c.readLine()).startsWith("+OK");
      assertThat(c.readLine()).startsWith("+OK Maildrop has 3 messages");
      assertThat(c.readLine()).matches("\\+OK 3 \\d+");
      assertThat(c.readLine()).isEqualTo("+OK Message 1 deleted");
      assertThat(c.readLine()).matches("\\+OK 2 \\d+");
      assertThat(c.readLine()).startsWith("+OK Maildrop has 3 messages");
      assertThat(c.readLine()).matches("\\+OK 3 \\d+");
      assertThat(c.readLine()).isEqualTo("+OK mailtier POP3 signing off");
      assertThat(c.closedByServer()).isTrue();
    }
  }

  @Test
  void aLineLongerThanTheLimitShouldEndTheSession() throws Exception {
    try (ImapTestClient c = connect(clusters.get().pop3Port())) {
      c.send("USER " + "a".repeat(5000));
      assertThat(c.readLine()).isEqualTo("-ERR Line too long");
      assertThat(c.closedByServer()).isTrue();
    }
  }

  @Test
  void theListedSizeShouldBeTheExactSizeOfTheRetrievedMessage() throws Exception {
    byte[] expected = Deliveries.message("first", "Hello Alice.", ".hidden", "Bye.");
    try (ImapTestClient c = connect(clusters.get().pop3Port())) {
      assertThat(login(c, "alice", "alice-secret")).startsWith("+OK");
      c.send("LIST 1");
      assertThat(c.readLine()).isEqualTo("+OK 1 " + expected.length);
      c.send("RETR 1");
      assertThat(c.readLine()).isEqualTo("+OK " + expected.length + " octets");
      StringBuilder unstuffed = new StringBuilder();
      for (int i = 0; i < 100; i++) {
        String line = c.readLine();
        if (line.equals(".")) {
          break;
        }
        unstuffed.append(line.startsWith(".") ? line.substring(1) : line).append("\r\n");
      }
      assertThat(unstuffed.toString()).isEqualTo(new String(expected, StandardCharsets.UTF_8));
    }
  }

  @Test
  void tooManyAuthenticationFailuresShouldEndTheSession() throws Exception {
    // the test listener allows 20
    try (ImapTestClient c = connect(clusters.get().pop3Port())) {
      for (int i = 1; i < 20; i++) {
        assertThat(login(c, "alice", "wrong-" + i)).isEqualTo("-ERR [AUTH] Authentication failed");
      }
      assertThat(login(c, "alice", "wrong-20"))
          .isEqualTo("-ERR [AUTH] Authentication failed; too many failures, closing");
      assertThat(c.closedByServer()).isTrue();
    }
  }

  @Test
  void aNodeThatIsDownShouldGiveSysTempQuicklyAndTheSessionShouldGoOn() throws Exception {
    try (ImapTestClient c = connect(clusters.get().pop3Port())) {
      long start = System.nanoTime();
      assertThat(login(c, "down@example.test", "secret"))
          .isEqualTo("-ERR [SYS/TEMP] Service temporarily unavailable, try again later");
      long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      // the node's port is closed: refused at once, at worst within the 1 s deadline
      assertThat(millis).isLessThan(1500);
      assertThat(login(c, "alice@example.test", "alice-secret")).startsWith("+OK Maildrop");
    }
  }

  @Test
  void binaryJunkShouldGetErrAndTheSessionShouldGoOn() throws Exception {
    try (ImapTestClient c = connect(clusters.get().pop3Port())) {
      c.sendRaw(new byte[] {(byte) 0xff, (byte) 0xfe, 'U', 'S', 'E', 'R', '\r', '\n'});
      assertThat(c.readLine()).isEqualTo("-ERR Unknown command");
      c.sendRaw(new byte[] {'U', 'S', 'E', 'R', ' ', 'a', 0, 'b', '\r', '\n'});
      assertThat(c.readLine()).isEqualTo("-ERR Control characters in the command");
      c.sendRaw("RETR \u00e9\r\n".getBytes(StandardCharsets.UTF_8));
      assertThat(c.readLine()).isEqualTo("-ERR Invalid number: ?"); // syntax before state
      assertThat(login(c, "alice@example.test", "alice-secret")).startsWith("+OK Maildrop");
      c.sendRaw("RETR \u00e9\r\n".getBytes(StandardCharsets.UTF_8));
      assertThat(c.readLine()).isEqualTo("-ERR Invalid number: ?");
      c.send("STAT");
      assertThat(c.readLine()).matches("\\+OK 3 \\d+");
    }
  }
}
