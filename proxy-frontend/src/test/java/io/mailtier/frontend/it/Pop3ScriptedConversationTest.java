package io.mailtier.frontend.it;

import java.io.IOException;
import java.net.URISyntaxException;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Runs every {@code scripts/pop3/*.test} conversation against a real front-end's POP3 listener and
 * a real mailstore node. Before each script the accounts are provisioned afresh and alice gets the
 * fixture {@link #fill}.
 */
class Pop3ScriptedConversationTest {
  @RegisterExtension static final ClusterExtension clusters = new ClusterExtension();

  /**
   * alice's INBOX: 1 "first" (a body line starting with a dot), 2 "second" (five body lines), 3
   * "third"; her folder Archive: 1 "archived". bob's INBOX is empty.
   */
  static void fill(TestCluster cluster) {
    cluster.resetAccounts();
    String alice = TestCluster.ACCOUNTS[0][0];
    cluster.deliver(alice, "INBOX", Deliveries.message("first", "Hello Alice.", ".hidden", "Bye."));
    cluster.deliver(
        alice,
        "INBOX",
        Deliveries.message("second", "line 1", "line 2", "line 3", "line 4", "line 5"));
    cluster.deliver(alice, "INBOX", Deliveries.message("third", "x"));
    cluster.createFolder(alice, "Archive");
    cluster.deliver(alice, "Archive", Deliveries.message("archived", "old"));
  }

  @TestFactory
  Stream<DynamicTest> pop3Scripts() throws IOException, URISyntaxException {
    return ScriptRunner.dynamicTests(
        "/scripts/pop3",
        script -> {
          fill(clusters.get());
          ScriptRunner.run(clusters.get().pop3Port(), null, false, script);
        });
  }
}
