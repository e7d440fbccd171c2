package io.mailtier.deploy;

import io.mailtier.deploy.local.LocalCluster;
import io.mailtier.deploy.local.LocalClusterOptions;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code mailtier up}: runs the whole cluster on loopback until Ctrl-C or SIGTERM, then stops every
 * service cleanly. Data stays in {@code --data-dir} across restarts.
 */
@Command(
    name = "up",
    mixinStandardHelpOptions = true,
    description = "Run the whole cluster on this machine (loopback only) on embedded defaults.")
final class UpCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      description = "Where every service keeps its data (default: ${DEFAULT-VALUE}).")
  Path dataDir = LocalClusterOptions.DEFAULT_DATA_DIR;

  @Option(
      names = "--bench-users",
      paramLabel = "N",
      description =
          "Also create the benchmark accounts user1..userN@example.test (password 'bench'),"
              + " spread over both nodes, for 'mailtier bench' (default: none).")
  int benchUsers;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    LocalClusterOptions options =
        new LocalClusterOptions(
            dataDir, "127.0.0.1", LocalClusterOptions.Ports.DEFAULTS, benchUsers);
    LocalCluster cluster;
    try {
      cluster = LocalCluster.start(options);
    } catch (java.net.BindException e) {
      spec.commandLine()
          .getErr()
          .println(
              "mailtier up: a port is in use (" + e.getMessage() + "); is it already running?");
      return 1;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Thread hook =
        new Thread(
            () -> {
              out.println("mailtier: stopping");
              out.flush();
              cluster.close();
              stopped.countDown();
            },
            "mailtier-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    out.print(banner(cluster));
    out.flush();
    stopped.await();
    return 0;
  }

  static String banner(LocalCluster cluster) {
    LocalClusterOptions o = cluster.options();
    String h = o.bindAddress();
    StringBuilder b = new StringBuilder();
    b.append("\nmailtier is up (data in ").append(o.dataDir().toAbsolutePath()).append(")\n\n");
    b.append("  IMAP          imap://")
        .append(h)
        .append(':')
        .append(cluster.imapPort())
        .append("   (STARTTLS offered; plain login allowed on this demo)\n");
    b.append("  IMAPS         imaps://")
        .append(h)
        .append(':')
        .append(cluster.imapsPort())
        .append("  (self-signed: ")
        .append(cluster.certificateFile())
        .append(")\n");
    b.append("  POP3          pop3://")
        .append(h)
        .append(':')
        .append(cluster.pop3Port())
        .append("   (STLS offered; plain login allowed on this demo)\n");
    b.append("  POP3S         pop3s://")
        .append(h)
        .append(':')
        .append(cluster.pop3sPort())
        .append("  (the same certificate)\n");
    b.append("  LDAP          ldap://").append(h).append(':').append(cluster.ldapPort());
    b.append("   (base dc=example,dc=test)\n");
    b.append("  admin HTTP    http://").append(h).append(':').append(cluster.frontendAdminPort());
    b.append("/health/ready  (proxy-frontend)\n");
    cluster
        .nodes()
        .forEach((name, node) ->
            b.append("                http://")
                .append(h)
                .append(':')
                .append(node.adminPort())
                .append("/metrics  (")
                .append(name)
                .append(")\n"));
    b.append("\n  Users (password: demo): alice@example.test, carol@example.test (mailstore-1),\n");
    b.append("                         bob@example.test, dave@example.test (mailstore-2)\n");
    b.append("\n  Try: curl -s --url 'imap://").append(h).append(':').append(cluster.imapPort());
    b.append("/INBOX' -u alice@example.test:demo\n");
    b.append("       curl -s --url 'pop3://").append(h).append(':').append(cluster.pop3Port());
    b.append("/1' -u alice@example.test:demo\n");
    b.append("  Stop with Ctrl-C.\n\n");
    return b.toString();
  }
}
