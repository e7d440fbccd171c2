package io.mailtier.deploy.local;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where {@code mailtier up} puts its data and which loopback ports it binds. A port of 0 picks a
 * free port (tests); the defaults are the documented, stable ports.
 *
 * @param dataDir the root of every service's data (kept across restarts)
 * @param bindAddress the address every listener binds (loopback)
 * @param ports the ports
 * @param benchUsers how many benchmark accounts {@code user1..userN@example.test} (password {@code
 *     bench}) the directory gets in addition to the demo users, spread over the nodes (0: none)
 */
public record LocalClusterOptions(Path dataDir, String bindAddress, Ports ports, int benchUsers) {
  /** The default data directory, relative to the working directory. */
  public static final Path DEFAULT_DATA_DIR = Path.of(".mailtier-data");

  public LocalClusterOptions {
    Objects.requireNonNull(dataDir, "dataDir");
    Objects.requireNonNull(bindAddress, "bindAddress");
    Objects.requireNonNull(ports, "ports");
    if (benchUsers < 0 || benchUsers > MAX_BENCH_USERS) {
      throw new IllegalArgumentException(
          "bench users must be 0.." + MAX_BENCH_USERS + ": " + benchUsers);
    }
  }

  /** The most benchmark accounts {@code mailtier up --bench-users} creates. */
  public static final int MAX_BENCH_USERS = 10_000;

  /** Options without benchmark accounts. */
  public LocalClusterOptions(Path dataDir, String bindAddress, Ports ports) {
    this(dataDir, bindAddress, ports, 0);
  }

  /**
   * The ports of the local cluster.
   *
   * @param imap IMAP (STARTTLS offered)
   * @param imaps IMAP with implicit TLS
   * @param pop3 POP3 (STLS offered)
   * @param pop3s POP3 with implicit TLS
   * @param ldap the embedded directory
   * @param proxyAdmin the front-end's admin HTTP (health, metrics)
   * @param mailstore1Admin node 1's admin HTTP
   * @param mailstore2Admin node 2's admin HTTP
   * @param mailstore1Grpc node 1's MailStore gRPC
   * @param mailstore2Grpc node 2's MailStore gRPC
   */
  public record Ports(
      int imap,
      int imaps,
      int pop3,
      int pop3s,
      int ldap,
      int proxyAdmin,
      int mailstore1Admin,
      int mailstore2Admin,
      int mailstore1Grpc,
      int mailstore2Grpc) {
    /** The documented defaults (README.md, deploy/README.md). */
    public static final Ports DEFAULTS =
        new Ports(1143, 1993, 1110, 1995, 1389, 9101, 9102, 9103, 7101, 7102);

    /** Every port 0: each service binds a free port (for tests). */
    public static final Ports EPHEMERAL = new Ports(0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
  }
}
