package io.mailtier.frontend.it;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.mailtier.frontend.FrontendServer;
import io.mailtier.frontend.config.FrontendConfig;
import io.mailtier.mailstore.MailstoreConfig;
import io.mailtier.mailstore.MailstoreNode;
import io.mailtier.proto.mailstore.v1.DeleteAccountRequest;
import io.mailtier.proto.mailstore.v1.MailStoreGrpc;
import io.mailtier.proto.mailstore.v1.ProvisionAccountRequest;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A real mailstore node (temporary data directory) and a real front-end in front of it, on
 * loopback, with a file user map. Accounts are provisioned through the node's gRPC API.
 *
 * <p>Accounts: {@code alice@example.test} / {@code alice-secret} and {@code bob@example.test} /
 * {@code bob-secret} on {@code mailstore-1.example.test}; {@code nobody@example.test} is routed to
 * that node but not provisioned; {@code down@example.test} is routed to a node whose port is
 * closed; {@code slow@example.test} to a port that accepts connections and never answers.
 */
public final class TestCluster implements AutoCloseable {
  public static final String NODE = "mailstore-1.example.test";
  public static final String[][] ACCOUNTS = {
    {"alice@example.test", "alice-secret"}, {"bob@example.test", "bob-secret"}
  };

  private MailstoreNode node;
  private final Path nodeData;
  private final String frontendYaml;
  private final ManagedChannel adminChannel;
  private final ServerSocket blackHole;
  private final FrontendServer frontend;
  private final Path dir;

  /** The front-end settings a test may change. */
  public record Settings(
      String idleTimeout,
      int maxBadCommands,
      long maxLiteralSize,
      String deadline,
      String authentication,
      String failoverBackend,
      String userMapYaml) {
    public static final Settings DEFAULT =
        new Settings("30m", 10, 1024 * 1024, "1s", "backend", "null", null);

    public Settings withIdleTimeout(String value) {
      return new Settings(
          value,
          maxBadCommands,
          maxLiteralSize,
          deadline,
          authentication,
          failoverBackend,
          userMapYaml);
    }

    public Settings withFailoverBackend(String value) {
      return new Settings(
          idleTimeout,
          maxBadCommands,
          maxLiteralSize,
          deadline,
          authentication,
          value,
          userMapYaml);
    }

    public Settings withDeadline(String value) {
      return new Settings(
          idleTimeout,
          maxBadCommands,
          maxLiteralSize,
          value,
          authentication,
          failoverBackend,
          userMapYaml);
    }

    /** Proxy authentication with the given {@code userMap:} body (indented by two spaces). */
    public Settings withProxyAuthentication(String userMap) {
      return new Settings(
          idleTimeout, maxBadCommands, maxLiteralSize, deadline, "proxy", failoverBackend, userMap);
    }
  }

  private TestCluster(Path dir, Settings settings) throws Exception {
    this(dir, settings, defaultListener(settings), "", defaultListener(settings));
  }

  private static String defaultListener(Settings settings) {
    return "    - address: 127.0.0.1:0\n      errorControl: { maxBadCommands: %d, maxAuthFailures: 20 }\n"
        .formatted(settings.maxBadCommands());
  }

  /**
   * @param listeners the {@code imap.listeners} entries, indented by four spaces
   * @param extra more keys: {@code imap.} keys indented by two spaces first (e.g. {@code
   *     requireTlsForAuth}), then top-level ones ({@code dataDir}) after a line {@code ---top}
   * @param pop3Listeners the {@code pop3.listeners} entries, indented by four spaces
   */
  private TestCluster(
      Path dir, Settings settings, String listeners, String extra, String pop3Listeners)
      throws Exception {
    this.dir = dir;
    Path data = Files.createDirectories(dir.resolve("node-1"));
    nodeData = data;
    node = MailstoreNode.start(new MailstoreConfig(NODE, "127.0.0.1:0", data, null, 0, 0));
    adminChannel =
        NettyChannelBuilder.forTarget("127.0.0.1:" + node.grpcPort()).usePlaintext().build();
    int closedPort;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort();
    }
    blackHole = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
    Path map = dir.resolve("users.map");
    Files.writeString(
        map,
        """
        # test routing
        ^alice@example\\.test$ %1$s
        ^bob@example\\.test$ %1$s
        ^nobody@example\\.test$ %1$s
        ^down@example\\.test$ mailstore-down.example.test
        ^slow@example\\.test$ mailstore-slow.example.test
        """
            .formatted(NODE));
    String yaml =
        """
        defaultDomain: example.test
        imap:
          listeners:
        %s
          authentication: %s
          failoverBackend: %s
          maxLineLength: 8192
          maxLiteralSize: %d
          maxBadCommands: %d
          idleTimeout: %s
        pop3:
          listeners:
        %s
          authentication: %s
          failoverBackend: %s
          maxBadCommands: %d
          idleTimeout: %s
        userMap:
        %s
        backends:
          nodes:
            %s: 127.0.0.1:%d
            mailstore-down.example.test: 127.0.0.1:%d
            mailstore-slow.example.test: 127.0.0.1:%d
          deadline: %s
        admin:
          address: 127.0.0.1:0
        %s
        """
            .formatted(
                listeners.stripTrailing() + "\n" + imapExtra(extra),
                settings.authentication(),
                settings.failoverBackend(),
                settings.maxLiteralSize(),
                settings.maxBadCommands(),
                settings.idleTimeout(),
                pop3Listeners.stripTrailing(),
                settings.authentication(),
                settings.failoverBackend(),
                settings.maxBadCommands(),
                settings.idleTimeout(),
                settings.userMapYaml() != null
                    ? settings.userMapYaml()
                    : "  type: file\n  file: " + map,
                NODE,
                node.grpcPort(),
                closedPort,
                blackHole.getLocalPort(),
                settings.deadline(),
                topExtra(extra));
    frontendYaml = yaml;
    frontend = FrontendServer.start(FrontendConfig.parse(yaml, "test.yaml"));
  }

  /**
   * Another front-end with the same settings in front of the same node (its own listener port, its
   * own gRPC channel and watch stream); the caller closes it.
   */
  public FrontendServer startAnotherFrontend() throws Exception {
    return FrontendServer.start(FrontendConfig.parse(frontendYaml, "test-2.yaml"));
  }

  /** Stops the node and starts it again on the same port and data directory. */
  public void restartNode() throws Exception {
    int port = node.grpcPort();
    node.close();
    node =
        MailstoreNode.start(new MailstoreConfig(NODE, "127.0.0.1:" + port, nodeData, null, 0, 0));
  }

  private static String imapExtra(String extra) {
    int i = extra.indexOf("---top");
    return (i < 0 ? extra : extra.substring(0, i)).stripTrailing();
  }

  private static String topExtra(String extra) {
    int i = extra.indexOf("---top");
    return i < 0 ? "" : extra.substring(i + "---top".length()).strip();
  }

  /**
   * A cluster with the given IMAP listeners (YAML list entries indented by four spaces) and extra
   * keys (see the constructor).
   */
  public static TestCluster start(Path dir, String listeners, String extra) throws Exception {
    return new TestCluster(
        dir, Settings.DEFAULT, listeners, extra, defaultListener(Settings.DEFAULT));
  }

  /** A cluster with the given IMAP and POP3 listeners and extra keys (see the constructor). */
  public static TestCluster start(
      Path dir, String imapListeners, String extra, String pop3Listeners) throws Exception {
    return new TestCluster(dir, Settings.DEFAULT, imapListeners, extra, pop3Listeners);
  }

  /** The bound port of the first POP3 listener. */
  public int pop3Port() {
    return frontend.pop3Port();
  }

  /** The bound ports of the POP3 listeners, in configuration order. */
  public java.util.List<Integer> pop3Ports() {
    return frontend.pop3Ports();
  }

  /** Creates a folder of an account on the node. */
  public void createFolder(String account, String folder) {
    nodeStub()
        .createFolder(
            io.mailtier.proto.mailstore.v1.CreateFolderRequest.newBuilder()
                .setAccount(account)
                .setFolder(folder)
                .build());
  }

  /** Delivers one message to a folder of an account through the node's gRPC Deliver. */
  public void deliver(String account, String folder, byte[] message) {
    Deliveries.deliver(adminChannel, account, folder, message);
  }

  /** The bound ports of the IMAP listeners, in configuration order. */
  public java.util.List<Integer> imapPorts() {
    return frontend.imapPorts();
  }

  /** A cluster with the default test settings (deadline 1 s, literals up to 1 MiB). */
  public static TestCluster start(Path dir) throws Exception {
    return new TestCluster(dir, Settings.DEFAULT);
  }

  public static TestCluster start(Path dir, Settings settings) throws Exception {
    return new TestCluster(dir, settings);
  }

  public int imapPort() {
    return frontend.imapPort();
  }

  public FrontendServer frontend() {
    return frontend;
  }

  public int nodePort() {
    return node.grpcPort();
  }

  public Path dir() {
    return dir;
  }

  public MailStoreGrpc.MailStoreBlockingStub nodeStub() {
    return MailStoreGrpc.newBlockingStub(adminChannel).withDeadlineAfter(10, TimeUnit.SECONDS);
  }

  /** Provisions one more account on the node. */
  public void provision(String account, String password) {
    nodeStub()
        .provisionAccount(
            ProvisionAccountRequest.newBuilder().setAccount(account).setPassword(password).build());
  }

  /** Deletes and provisions the test accounts again: every script starts from empty mailboxes. */
  public void resetAccounts() {
    for (String[] account : ACCOUNTS) {
      try {
        nodeStub().deleteAccount(DeleteAccountRequest.newBuilder().setAccount(account[0]).build());
      } catch (io.grpc.StatusRuntimeException e) {
        // not there yet
      }
      nodeStub()
          .provisionAccount(
              ProvisionAccountRequest.newBuilder()
                  .setAccount(account[0])
                  .setPassword(account[1])
                  .build());
    }
  }

  @Override
  public void close() throws IOException {
    frontend.close();
    adminChannel.shutdownNow();
    try {
      adminChannel.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    node.close();
    blackHole.close();
  }
}
