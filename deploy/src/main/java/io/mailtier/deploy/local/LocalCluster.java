package io.mailtier.deploy.local;

import io.mailtier.frontend.FrontendServer;
import io.mailtier.frontend.config.FrontendConfig;
import io.mailtier.mailstore.MailstoreConfig;
import io.mailtier.mailstore.MailstoreNode;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole cluster on one machine, in one JVM: the embedded directory, two mailstore nodes with
 * separate data directories and one proxy front-end, each on loopback and each configured by the
 * same YAML file format it reads in production (written to {@code <data-dir>/config/}).
 */
public final class LocalCluster implements AutoCloseable {
  /** The demo mail domain. */
  public static final String DOMAIN = "example.test";

  /** The back-end names (mailHost values) of the two nodes. */
  public static final List<String> NODE_NAMES =
      List.of("mailstore-1.example.test", "mailstore-2.example.test");

  private static final Logger log = LoggerFactory.getLogger(LocalCluster.class);

  private final Deque<AutoCloseable> started = new ArrayDeque<>();
  private final LocalClusterOptions options;
  private DemoDirectory directory;
  private final Map<String, MailstoreNode> nodes = new LinkedHashMap<>();
  private FrontendServer frontend;

  private LocalCluster(LocalClusterOptions options) {
    this.options = options;
  }

  /** Starts every service; on any failure stops what was started and rethrows. */
  public static LocalCluster start(LocalClusterOptions options) throws Exception {
    LocalCluster cluster = new LocalCluster(options);
    try {
      cluster.startAll();
      return cluster;
    } catch (Exception | Error e) {
      cluster.close();
      throw e;
    }
  }

  private void startAll() throws Exception {
    Path data = options.dataDir().toAbsolutePath();
    Path configDir = Files.createDirectories(data.resolve("config"));
    InetAddress bind = InetAddress.getByName(options.bindAddress());
    LocalClusterOptions.Ports ports = options.ports();

    directory = DemoDirectory.start(bind, ports.ldap(), data.resolve("directory"));
    started.push(directory);
    if (options.benchUsers() > 0) {
      directory.addBenchUsers(options.benchUsers(), NODE_NAMES);
    }

    int[] grpcPorts = {ports.mailstore1Grpc(), ports.mailstore2Grpc()};
    int[] adminPorts = {ports.mailstore1Admin(), ports.mailstore2Admin()};
    Map<String, Integer> nodePorts = new LinkedHashMap<>();
    for (int i = 0; i < NODE_NAMES.size(); i++) {
      String name = NODE_NAMES.get(i);
      Path file = configDir.resolve("mailstore-" + (i + 1) + ".yaml");
      write(
          file,
          """
          # mailstore node %d of `mailtier up` (written at each start)
          nodeName: %s
          grpcAddress: %s:%d
          dataDir: %s
          adminAddress: %s:%d
          """
              .formatted(
                  i + 1,
                  name,
                  options.bindAddress(),
                  grpcPorts[i],
                  data.resolve("mailstore-" + (i + 1)),
                  options.bindAddress(),
                  adminPorts[i]));
      MailstoreNode node = MailstoreNode.start(MailstoreConfig.load(file));
      started.push(node);
      nodes.put(name, node);
      nodePorts.put(name, node.grpcPort());
    }

    List<String> created = DemoProvisioner.provision(directory, nodePorts);
    if (!created.isEmpty()) {
      log.info("provisioned demo accounts: {}", created);
    }

    StringBuilder nodeLines = new StringBuilder();
    nodePorts.forEach((name, port) ->
        nodeLines
            .append("    ")
            .append(name)
            .append(": ")
            .append(options.bindAddress())
            .append(':')
            .append(port)
            .append('\n'));
    Path frontendFile = configDir.resolve("frontend.yaml");
    write(
        frontendFile,
        """
        # proxy-frontend of `mailtier up` (written at each start)
        defaultDomain: %s
        dataDir: "%s"
        imap:
          listeners:
            - address: %s:%d
              tls: starttls
            - address: %s:%d
              tls: implicit
          # loopback demo: plain LOGIN stays allowed on 1143 (curl imap://); never in production
          requireTlsForAuth: false
          authentication: proxy
        pop3:
          listeners:
            - address: %s:%d
              tls: starttls
            - address: %s:%d
              tls: implicit
          # loopback demo: USER/PASS stay allowed on 1110 (curl pop3://); never in production
          requireTlsForAuth: false
          authentication: proxy
        userMap:
          type: ldap-bind
          ldap:
            url: ldap://%s:%d
            bindDn: "%s"
            bindPassword: "%s"
            baseDn: "ou=people,%s"
            filter: "(&(objectClass=inetOrgPerson)(mail=%%e))"
            routingAttribute: mailHost
        backends:
          nodes:
        %s  deadline: 5s
        admin:
          address: %s:%d
        """
            .formatted(
                DOMAIN,
                options.dataDir().resolve("frontend").toAbsolutePath(),
                options.bindAddress(),
                ports.imap(),
                options.bindAddress(),
                ports.imaps(),
                options.bindAddress(),
                ports.pop3(),
                options.bindAddress(),
                ports.pop3s(),
                options.bindAddress(),
                directory.port(),
                DemoDirectory.SERVICE_DN,
                DemoDirectory.SERVICE_PASSWORD,
                DemoDirectory.BASE_DN,
                nodeLines,
                options.bindAddress(),
                ports.proxyAdmin()));
    frontend = FrontendServer.start(FrontendConfig.load(frontendFile));
    started.push(frontend);
  }

  private static void write(Path file, String text) throws IOException {
    Files.writeString(file, text, StandardCharsets.UTF_8);
  }

  public LocalClusterOptions options() {
    return options;
  }

  public int imapPort() {
    return frontend.imapPorts().get(0);
  }

  /** The implicit-TLS IMAP port. */
  public int imapsPort() {
    return frontend.imapPorts().get(1);
  }

  /** The POP3 port (STLS offered). */
  public int pop3Port() {
    return frontend.pop3Ports().get(0);
  }

  /** The implicit-TLS POP3 port. */
  public int pop3sPort() {
    return frontend.pop3Ports().get(1);
  }

  /** The front-end's generated self-signed certificate (PEM), trusted by nobody yet. */
  public Path certificateFile() {
    return frontend.imapListenerTls().get(1).certificateFile();
  }

  public int ldapPort() {
    return directory.port();
  }

  public int frontendAdminPort() {
    return frontend.adminPort();
  }

  /** The running nodes by back-end name (mailHost value). */
  public Map<String, MailstoreNode> nodes() {
    return Collections.unmodifiableMap(nodes);
  }

  /** Stops every service, the front-end first, the directory last. Idempotent. */
  @Override
  public void close() {
    while (!started.isEmpty()) {
      AutoCloseable service = started.pop();
      try {
        service.close();
      } catch (Exception e) {
        log.warn("error while stopping {}: {}", service.getClass().getSimpleName(), e.toString());
      }
    }
  }
}
