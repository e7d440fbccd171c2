package io.mailtier.frontend.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Runs every {@code scripts/imap/*.test} conversation against a real front-end and a real mailstore
 * node; each script starts with freshly provisioned accounts.
 */
class ScriptedConversationTest {
  @RegisterExtension static final ClusterExtension clusters = new ClusterExtension();

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
                () -> run(ConversationScript.parse(file.getFileName().toString(), read(file)))));
  }

  private static String read(Path file) throws IOException {
    return Files.readString(file, StandardCharsets.UTF_8);
  }

  static void run(ConversationScript script) throws IOException {
    run(clusters.get(), clusters.get().imapPort(), null, false, script);
  }

  /**
   * Runs a script on one listener of a cluster.
   *
   * @param tls the client's TLS context for the script's {@code TLS} steps; null = none
   * @param implicitTls whether the handshake runs before the greeting (implicit TLS)
   */
  static void run(
      TestCluster cluster, int port, SSLContext tls, boolean implicitTls, ConversationScript script)
      throws IOException {
    cluster.resetAccounts();
    ScriptRunner.run(port, tls, implicitTls, script);
  }
}
