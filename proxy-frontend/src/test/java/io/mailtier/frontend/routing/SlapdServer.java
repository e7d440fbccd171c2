package io.mailtier.frontend.routing;

import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPConnectionOptions;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldif.LDIFReader;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A private OpenLDAP {@code slapd} for tests: a generated {@code cn=config} in a temporary
 * directory ({@code slapadd -n 0 -F DIR}), one MDB database, schemas core, cosine, nis,
 * inetorgperson and misc (misc gives {@code mailHost}), listening on a free port of 127.0.0.1 only.
 * Never the system service. Needs the Debian package {@code slapd}; {@link #available()} tells
 * whether it is installed.
 *
 * <p>{@code extraConfig} is appended to the MDB database's entry in the generated {@code
 * cn=config}: ACLs ({@code olcAccess: ...}) or other {@code olcDb*} settings.
 */
public final class SlapdServer implements AutoCloseable {
  public static final Path SLAPD = Path.of("/usr/sbin/slapd");
  public static final Path SLAPADD = Path.of("/usr/sbin/slapadd");
  private static final Path MODULES = Path.of("/usr/lib/ldap");
  private static final Path SCHEMAS = Path.of("/etc/ldap/schema");
  private static final Duration START_TIMEOUT = Duration.ofSeconds(15);

  private final Path dir;
  private final String suffix;
  private final String rootDn;
  private final String rootPassword;
  private final int port;
  private final Process process;

  private SlapdServer(
      Path dir, String suffix, String rootDn, String rootPassword, int port, Process process) {
    this.dir = dir;
    this.suffix = suffix;
    this.rootDn = rootDn;
    this.rootPassword = rootPassword;
    this.port = port;
    this.process = process;
  }

  /** Whether slapd and slapadd are installed here. */
  public static boolean available() {
    return Files.isExecutable(SLAPD) && Files.isExecutable(SLAPADD);
  }

  /**
   * Generates the configuration and starts slapd; returns once it answers LDAP on its port.
   *
   * @param suffix the database's suffix, e.g. {@code dc=example,dc=test}
   * @param extraConfig lines added to the database's config entry (may be empty)
   */
  public static SlapdServer start(String suffix, String extraConfig)
      throws IOException, InterruptedException {
    return start(suffix, "", extraConfig);
  }

  /**
   * As {@link #start(String, String)}, with {@code globalConfig} lines added to the {@code
   * cn=config} entry (e.g. {@code olcAllows: bind_anon_dn}).
   */
  public static SlapdServer start(String suffix, String globalConfig, String extraConfig)
      throws IOException, InterruptedException {
    Path dir = Files.createTempDirectory("slapd-test");
    Path configDir = Files.createDirectories(dir.resolve("slapd.d"));
    Path dataDir = Files.createDirectories(dir.resolve("data"));
    String rootDn = "cn=admin," + suffix;
    String rootPassword = "root-secret-" + ProcessHandle.current().pid();
    Path configLdif = dir.resolve("config.ldif");
    Files.writeString(
        configLdif,
        configLdif(suffix, rootDn, rootPassword, dir, dataDir, globalConfig, extraConfig));
    run(
        dir,
        List.of(
            SLAPADD.toString(),
            "-n",
            "0",
            "-F",
            configDir.toString(),
            "-l",
            configLdif.toString()));

    int port = freePort();
    Path log = dir.resolve("slapd.log");
    Process process =
        new ProcessBuilder(
                SLAPD.toString(),
                "-d",
                "0",
                "-F",
                configDir.toString(),
                "-h",
                "ldap://127.0.0.1:" + port + "/")
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    SlapdServer server = new SlapdServer(dir, suffix, rootDn, rootPassword, port, process);
    try {
      server.awaitReady(log);
    } catch (IOException | RuntimeException e) {
      server.close();
      throw e;
    }
    return server;
  }

  private void awaitReady(Path log) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    LDAPConnectionOptions options = new LDAPConnectionOptions();
    options.setConnectTimeoutMillis(1000);
    options.setResponseTimeoutMillis(1000);
    while (true) {
      if (!process.isAlive()) {
        throw new IOException(
            "slapd exited with " + process.exitValue() + ": " + Files.readString(log));
      }
      try (LDAPConnection c = new LDAPConnection(options, "127.0.0.1", port)) {
        c.getRootDSE();
        return;
      } catch (LDAPException e) {
        if (System.nanoTime() > deadline) {
          throw new IOException(
              "slapd did not answer within " + START_TIMEOUT + ": " + Files.readString(log), e);
        }
        Thread.sleep(50);
      }
    }
  }

  /** Adds the entries of an LDIF resource of the test class path, as the root DN. */
  public void load(String resource) throws IOException, LDAPException {
    try (InputStream in = SlapdServer.class.getResourceAsStream(resource);
        LDIFReader reader = new LDIFReader(in);
        LDAPConnection c = rootConnection()) {
      for (var entry = reader.readEntry(); entry != null; entry = reader.readEntry()) {
        c.add(entry);
      }
    } catch (com.unboundid.ldif.LDIFException e) {
      throw new IOException("bad LDIF in " + resource, e);
    }
  }

  /** A connection bound as the database's root DN. */
  public LDAPConnection rootConnection() throws LDAPException {
    return new LDAPConnection("127.0.0.1", port, rootDn, rootPassword);
  }

  public String url() {
    return "ldap://127.0.0.1:" + port;
  }

  public int port() {
    return port;
  }

  public String suffix() {
    return suffix;
  }

  /** Stops slapd (SIGTERM, then SIGKILL after 5 s) and deletes its directory. */
  @Override
  public void close() throws IOException, InterruptedException {
    process.destroy();
    if (!process.waitFor(5, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor(5, TimeUnit.SECONDS);
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  private static String configLdif(
      String suffix,
      String rootDn,
      String rootPassword,
      Path dir,
      Path dataDir,
      String global,
      String extra) {
    StringBuilder ldif = new StringBuilder();
    ldif.append(
        """
        dn: cn=config
        objectClass: olcGlobal
        cn: config
        olcPidFile: %s
        olcArgsFile: %s
        """
            .formatted(dir.resolve("slapd.pid"), dir.resolve("slapd.args")));
    if (!global.isBlank()) {
      ldif.append(global.strip()).append('\n');
    }
    ldif.append(
        """

        dn: cn=module{0},cn=config
        objectClass: olcModuleList
        cn: module{0}
        olcModulePath: %s
        olcModuleLoad: back_mdb

        dn: cn=schema,cn=config
        objectClass: olcSchemaConfig
        cn: schema

        """
            .formatted(MODULES));
    for (String schema : List.of("core", "cosine", "nis", "inetorgperson", "misc")) {
      ldif.append("include: file://").append(SCHEMAS.resolve(schema + ".ldif")).append("\n\n");
    }
    ldif.append(
        """
        dn: olcDatabase={-1}frontend,cn=config
        objectClass: olcDatabaseConfig
        objectClass: olcFrontendConfig
        olcDatabase: {-1}frontend

        dn: olcDatabase={0}config,cn=config
        objectClass: olcDatabaseConfig
        olcDatabase: {0}config
        olcAccess: {0}to * by * none

        dn: olcDatabase={1}mdb,cn=config
        objectClass: olcDatabaseConfig
        objectClass: olcMdbConfig
        olcDatabase: {1}mdb
        olcSuffix: %s
        olcRootDN: %s
        olcRootPW: %s
        olcDbDirectory: %s
        olcDbMaxSize: 67108864
        """
            .formatted(suffix, rootDn, rootPassword, dataDir));
    if (!extra.isBlank()) {
      ldif.append(extra.strip()).append('\n');
    }
    return ldif.toString();
  }

  private static void run(Path dir, List<String> command) throws IOException, InterruptedException {
    Path out = dir.resolve("command.log");
    Process p =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException(command + " did not finish in 30 s");
    }
    if (p.exitValue() != 0) {
      throw new IOException(
          command
              + " failed ("
              + p.exitValue()
              + "): "
              + Files.readString(out, StandardCharsets.UTF_8));
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
