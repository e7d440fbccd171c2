package io.mailtier.frontend.it;

import java.io.IOException;
import java.net.URISyntaxException;
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
    return ScriptRunner.dynamicTests("/scripts/imap", ScriptedConversationTest::run);
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
