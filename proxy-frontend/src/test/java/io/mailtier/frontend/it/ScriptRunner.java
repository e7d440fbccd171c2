package io.mailtier.frontend.it;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import javax.net.ssl.SSLContext;

/** Runs a {@link ConversationScript} against a listener over a real socket; any protocol. */
final class ScriptRunner {
  private ScriptRunner() {}

  /**
   * @param tls the client's TLS context for the script's {@code TLS} steps; null = none
   * @param implicitTls whether the handshake runs before the greeting (implicit TLS)
   */
  static void run(int port, SSLContext tls, boolean implicitTls, ConversationScript script)
      throws IOException {
    List<String> transcript = new ArrayList<>();
    ImapTestClient client = connect(port, tls, implicitTls);
    try {
      for (ConversationScript.Step step : script.steps()) {
        switch (step) {
          case ConversationScript.Send s -> {
            transcript.add("C: " + s.text());
            client.send(s.text());
          }
          case ConversationScript.AppendFile a -> {
            byte[] message;
            try (var in = ScriptRunner.class.getResourceAsStream(a.resource())) {
              if (in == null) {
                fail(script.name() + ":" + a.line() + ": no resource " + a.resource());
              }
              message = in.readAllBytes();
            }
            String command = a.tag() + " APPEND " + a.mailbox() + " {" + message.length + "+}";
            transcript.add("C: " + command);
            client.send(command);
            client.sendRaw(message);
            client.send("");
          }
          case ConversationScript.StartTls t -> {
            transcript.add("-- TLS handshake");
            if (tls == null) {
              fail(script.name() + ":" + t.line() + ": TLS step but no TLS context");
            }
            client.startTls(tls);
          }
          case ConversationScript.Reconnect r -> {
            transcript.add("-- reconnect");
            client.close();
            client = connect(port, tls, implicitTls);
          }
          case ConversationScript.Eof e -> {
            String line;
            try {
              line = client.readLine();
            } catch (IOException ex) {
              line = null; // reset by the server: closed as well
            }
            if (line != null) {
              fail(mismatch(script, e.line(), "the connection closed", line, transcript));
            }
            transcript.add("-- closed by server");
          }
          case ConversationScript.Expect e -> {
            String line = read(client, script, step, transcript);
            if (!e.pattern().matcher(line).matches()) {
              fail(mismatch(script, e.line(), e.pattern().pattern(), line, transcript));
            }
          }
          case ConversationScript.Unordered u -> {
            List<ConversationScript.Expect> remaining = new ArrayList<>(u.expects());
            while (!remaining.isEmpty()) {
              String line = read(client, script, step, transcript);
              Iterator<ConversationScript.Expect> it = remaining.iterator();
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
    } finally {
      client.close();
    }
  }

  private static ImapTestClient connect(int port, SSLContext tls, boolean implicitTls)
      throws IOException {
    ImapTestClient client = new ImapTestClient(port);
    if (implicitTls) {
      client.startTls(tls);
    }
    return client;
  }

  private static String read(
      ImapTestClient client,
      ConversationScript script,
      ConversationScript.Step step,
      List<String> transcript)
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
      ConversationScript script,
      int line,
      String expected,
      String actual,
      List<String> transcript) {
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

  /** One script run. */
  @FunctionalInterface
  interface ScriptRun {
    void run(ConversationScript script) throws Exception;
  }

  /** A dynamic test per {@code *.test} file in a resource folder, in name order. */
  static java.util.stream.Stream<org.junit.jupiter.api.DynamicTest> dynamicTests(
      String resourceFolder, ScriptRun run) throws IOException, java.net.URISyntaxException {
    java.nio.file.Path folder =
        java.nio.file.Path.of(
            java.util.Objects.requireNonNull(ScriptRunner.class.getResource(resourceFolder))
                .toURI());
    List<java.nio.file.Path> files;
    try (java.util.stream.Stream<java.nio.file.Path> list = java.nio.file.Files.list(folder)) {
      files = list.filter(p -> p.toString().endsWith(".test")).sorted().toList();
    }
    if (files.isEmpty()) {
      fail("no scripts in " + resourceFolder);
    }
    return files.stream()
        .map(file ->
            org.junit.jupiter.api.DynamicTest.dynamicTest(
                file.getFileName().toString(),
                file.toUri(),
                () ->
                    run.run(
                        ConversationScript.parse(
                            file.getFileName().toString(),
                            java.nio.file.Files.readString(
                                file, java.nio.charset.StandardCharsets.UTF_8)))));
  }
}
