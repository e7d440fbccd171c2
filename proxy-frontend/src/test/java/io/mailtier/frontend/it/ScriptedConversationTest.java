package io.mailtier.frontend.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs every {@code scripts/imap/*.test} conversation against a real front-end and a real mailstore
 * node; each script starts with freshly provisioned accounts.
 */
class ScriptedConversationTest {
  @TempDir static Path dir;
  private static TestCluster cluster;

  @BeforeAll
  static void startCluster() throws Exception {
    cluster = TestCluster.start(dir);
  }

  @AfterAll
  static void stopCluster() throws IOException {
    if (cluster != null) {
      cluster.close();
    }
  }

  @TestFactory
  Stream<DynamicTest> imapScripts() throws IOException, URISyntaxException {
    Path scripts = Path.of(Objects.requireNonNull(getClass().getResource("/scripts/imap")).toURI());
    List<Path> files;
    try (Stream<Path> list = Files.list(scripts)) {
      files = list.filter(p -> p.toString().endsWith(".test")).sorted().toList();
    }
    assertThat(files).isNotEmpty();
    return files.stream()
        .map(file ->
            DynamicTest.dynamicTest(
                file.getFileName().toString(),
                file.toUri(),
                () -> run(ImapScript.parse(file.getFileName().toString(), read(file)))));
  }

  private static String read(Path file) throws IOException {
    return Files.readString(file, StandardCharsets.UTF_8);
  }

  static void run(ImapScript script) throws IOException {
    run(cluster, cluster.imapPort(), null, false, script);
  }

  /**
   * Runs a script on one listener of a cluster.
   *
   * @param tls the client's TLS context for the script's {@code TLS} steps; null = none
   * @param implicitTls whether the handshake runs before the greeting (implicit TLS)
   */
  static void run(
      TestCluster cluster, int port, SSLContext tls, boolean implicitTls, ImapScript script)
      throws IOException {
    cluster.resetAccounts();
    List<String> transcript = new ArrayList<>();
    try (ImapTestClient client = new ImapTestClient(port)) {
      if (implicitTls) {
        client.startTls(tls);
      }
      for (ImapScript.Step step : script.steps()) {
        switch (step) {
          case ImapScript.Send s -> {
            transcript.add("C: " + s.text());
            client.send(s.text());
          }
          case ImapScript.AppendFile a -> {
            byte[] message;
            try (var in = ScriptedConversationTest.class.getResourceAsStream(a.resource())) {
              if (in == null) {
                fail(script.name() + ":" + a.line() + ": no resource " + a.resource());
              }
              message = in.readAllBytes();
            }
            transcript.add(
                "C: " + a.tag() + " APPEND " + a.mailbox() + " {" + message.length + "+}");
            client.send(a.tag() + " APPEND " + a.mailbox() + " {" + message.length + "+}");
            client.sendRaw(message);
            client.send("");
          }
          case ImapScript.StartTls t -> {
            transcript.add("-- TLS handshake");
            if (tls == null) {
              fail(script.name() + ":" + t.line() + ": TLS step but no TLS context");
            }
            client.startTls(tls);
          }
          case ImapScript.Expect e -> {
            String line = read(client, script, step, transcript);
            if (!e.pattern().matcher(line).matches()) {
              fail(mismatch(script, e.line(), e.pattern().pattern(), line, transcript));
            }
          }
          case ImapScript.Unordered u -> {
            List<ImapScript.Expect> remaining = new ArrayList<>(u.expects());
            while (!remaining.isEmpty()) {
              String line = read(client, script, step, transcript);
              Iterator<ImapScript.Expect> it = remaining.iterator();
              boolean matched = false;
              while (it.hasNext()) {
                if (it.next().pattern().matcher(line).matches()) {
                  it.remove();
                  matched = true;
                  break;
                }
              }
              if (!matched) {
                fail(mismatch(script, u.line(), "one of " + remaining, line, transcript));
              }
            }
          }
        }
      }
    }
  }

  private static String read(
      ImapTestClient client, ImapScript script, ImapScript.Step step, List<String> transcript)
      throws IOException {
    String line;
    try {
      line = client.readLine();
    } catch (IOException e) {
      throw new AssertionError(
          script.name()
              + ":"
              + step.line()
              + ": no line from server ("
              + e
              + ")\n"
              + String.join("\n", transcript),
          e);
    }
    if (line == null) {
      fail(
          script.name()
              + ":"
              + step.line()
              + ": connection closed\n"
              + String.join("\n", transcript));
    }
    transcript.add("S: " + line);
    return line;
  }

  private static String mismatch(
      ImapScript script, int line, String expected, String actual, List<String> transcript) {
    return script.name()
        + ":"
        + line
        + ": expected "
        + expected
        + "\n but got: "
        + actual
        + "\ntranscript:\n"
        + String.join("\n", transcript);
  }
}
