package io.mailtier.frontend.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile input over real sockets: each case gets BAD/NO or a clean close, and another session
 * connected at the same time keeps working.
 */
class HostileInputTest {
  @TempDir static Path dir;
  private static TestCluster cluster;
  private ImapTestClient bystander;
  private int tag;

  @BeforeAll
  static void startCluster() throws Exception {
    cluster = TestCluster.start(dir);
    cluster.resetAccounts();
  }

  @AfterAll
  static void stopCluster() throws IOException {
    cluster.close();
  }

  @BeforeEach
  void connectBystander() throws IOException {
    bystander = new ImapTestClient(cluster.imapPort());
    assertThat(bystander.readLine()).startsWith("* OK");
    assertThat(bystander.command("b0", "LOGIN alice alice-secret")).startsWith("b0 OK");
    assertThat(bystander.command("b1", "SELECT INBOX")).startsWith("b1 OK [READ-WRITE]");
  }

  @AfterEach
  void bystanderStillWorks() throws IOException {
    String t = "k" + (++tag);
    assertThat(bystander.command(t, "NOOP")).isEqualTo(t + " OK NOOP completed");
    assertThat(bystander.command(t + "x", "LIST \"\" INBOX")).startsWith(t + "x OK");
    bystander.close();
  }

  private static ImapTestClient connect() throws IOException {
    ImapTestClient c = new ImapTestClient(cluster.imapPort());
    assertThat(c.readLine()).startsWith("* OK");
    return c;
  }

  @Test
  void lineOverTheLimitShouldGetTooBigAndBeClosed() throws IOException {
    try (ImapTestClient c = connect()) {
      byte[] junk = new byte[3 * 8192];
      Arrays.fill(junk, (byte) 'a');
      try {
        c.sendRaw(junk);
      } catch (IOException e) {
        // the server may close while we write
      }
      assertThat(c.readLine()).isEqualTo("* BAD [TOOBIG] Line too long");
      assertThat(c.closedByServer()).isTrue();
    }
  }

  @Test
  void unknownCommandShouldGetBadAndTheSessionGoesOn() throws IOException {
    try (ImapTestClient c = connect()) {
      assertThat(c.command("a1", "XYZZY plugh")).isEqualTo("a1 BAD Unknown command");
      assertThat(c.command("a2", "NOOP")).isEqualTo("a2 OK NOOP completed");
    }
  }

  @Test
  void appendLiteralOverTheLimitShouldGetTooBigWithoutContinuation() throws IOException {
    try (ImapTestClient c = connect()) {
      assertThat(c.command("a1", "LOGIN bob bob-secret")).startsWith("a1 OK");
      c.send("a2 APPEND INBOX {2000000}");
      assertThat(c.readLine()).isEqualTo("a2 NO [TOOBIG] Message too big");
      assertThat(c.command("a3", "NOOP")).isEqualTo("a3 OK NOOP completed");
    }
  }

  @Test
  void otherLiteralOverTheLimitShouldGetBad() throws IOException {
    try (ImapTestClient c = connect()) {
      c.send("a1 LOGIN {2000000}");
      assertThat(c.readLine()).isEqualTo("a1 BAD [TOOBIG] Literal too big");
      assertThat(c.command("a2", "NOOP")).isEqualTo("a2 OK NOOP completed");
    }
  }

  @Test
  void nonSynchronizingLiteralOverTheLimitShouldBeRefusedAndClosed() throws IOException {
    try (ImapTestClient c = connect()) {
      assertThat(c.command("a1", "LOGIN bob bob-secret")).startsWith("a1 OK");
      c.send("a2 APPEND INBOX {2000000+}");
      try {
        c.sendRaw(new byte[64 * 1024]);
      } catch (IOException e) {
        // closed while sending: fine
      }
      assertThat(c.readLine()).isEqualTo("a2 NO [TOOBIG] Message too big");
      assertThat(c.closedByServer()).isTrue();
    }
  }

  @Test
  void binaryGarbageShouldOnlyEverGetBadOrBye() throws IOException {
    Random random = new Random(20261122);
    for (int round = 0; round < 5; round++) {
      try (ImapTestClient c = connect()) {
        byte[] garbage = new byte[4096];
        random.nextBytes(garbage);
        for (int i = 0; i < garbage.length; i += 97) {
          garbage[i] = '\n'; // make lines, so the limit is not what ends it
        }
        garbage[5] = 0;
        garbage[6] = (byte) 0xc3; // invalid UTF-8 sequences
        garbage[7] = (byte) 0x28;
        try {
          c.sendRaw(garbage);
          c.sendRaw("\r\n".getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
          // closed after too many BADs: fine
        }
        c.setTimeoutMillis(1000);
        List<String> lines = new ArrayList<>();
        try {
          for (int i = 0; i < 200; i++) {
            String line = c.readLine();
            if (line == null) {
              break;
            }
            lines.add(line);
          }
        } catch (SocketTimeoutException e) {
          // nothing more to read
        } catch (IOException e) {
          // reset by the server after BYE
        }
        assertThat(lines)
            .allSatisfy(line ->
                assertThat(line)
                    .matches("(\\S+ (BAD|NO) .*|\\* BYE .*|\\+ .*)")
                    .doesNotContain("\u0000"));
      }
    }
  }

  @Test
  void sessionSendingBadCommandsShouldGetByeAndBeClosed() throws IOException {
    try (ImapTestClient c = connect()) {
      for (int i = 1; i <= 9; i++) {
        assertThat(c.command("x" + i, "FOO")).startsWith("x" + i + " BAD");
      }
      c.send("x10 FOO");
      assertThat(c.readLine()).startsWith("x10 BAD");
      assertThat(c.readLine()).isEqualTo("* BYE Too many invalid commands");
      assertThat(c.closedByServer()).isTrue();
    }
  }

  @Test
  void eightBitMessageShouldRoundTripByteForByte() throws IOException {
    byte[] message = new byte[3 * 256];
    for (int i = 0; i < message.length; i++) {
      message[i] = (byte) i; // every byte value, NUL, CR and LF included, bare and in pairs
    }
    try (ImapTestClient c = connect()) {
      assertThat(c.command("a1", "LOGIN bob bob-secret")).startsWith("a1 OK");
      c.send("a2 APPEND INBOX {" + message.length + "}");
      assertThat(c.readLine()).startsWith("+ ");
      c.sendRaw(message);
      c.send("");
      assertThat(c.readLine()).matches("a2 OK \\[APPENDUID \\d+ (\\d+)\\] APPEND completed");
      assertThat(c.command("a3", "EXAMINE INBOX")).startsWith("a3 OK");
      c.send("a4 UID FETCH 1:* BODY.PEEK[]");
      assertThat(c.readLine()).matches("\\* 1 FETCH \\(UID \\d+ BODY\\[\\] \\{768\\}");
      assertThat(c.readBytes(message.length)).isEqualTo(message);
      assertThat(c.readLine()).isEqualTo(")");
      assertThat(c.readLine()).isEqualTo("a4 OK UID FETCH completed");
    }
  }

  @Test
  void manyPipelinedCommandsShouldAllBeAnsweredInOrder() throws Exception {
    try (ImapTestClient c = connect()) {
      // LOGIN waits for the node, so the NOOPs behind it pile up in the queue
      StringBuilder sb = new StringBuilder("s1 LOGIN alice alice-secret\r\n");
      for (int i = 0; i < 5_000; i++) {
        sb.append("p").append(i).append(" NOOP\r\n");
      }
      Thread writer =
          Thread.ofVirtual()
              .start(() -> {
                try {
                  c.sendRaw(sb.toString().getBytes(StandardCharsets.US_ASCII));
                } catch (IOException e) {
                  // the assertion below reports the missing answers
                }
              });
      assertThat(c.readUntilTagged("s1")).startsWith("s1 OK");
      for (int i = 0; i < 5_000; i++) {
        assertThat(c.readLine()).isEqualTo("p" + i + " OK NOOP completed");
      }
      writer.join(5000);
    }
  }
}
