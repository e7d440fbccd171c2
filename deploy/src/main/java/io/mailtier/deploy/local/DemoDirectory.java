package io.mailtier.deploy.local;

import com.unboundid.ldap.listener.Base64PasswordEncoderOutputFormatter;
import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import com.unboundid.ldap.listener.SaltedMessageDigestInMemoryPasswordEncoder;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.schema.Schema;
import com.unboundid.ldif.LDIFException;
import com.unboundid.ldif.LDIFReader;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded LDAP directory of {@code mailtier up}: an UnboundID in-memory server with the
 * routing schema ({@code mailHost}, {@code inetLocalMailRecipient}), {@code {SSHA}} password
 * checking, and the demo data. The directory's content lives in {@code <dir>/directory.ldif}: read
 * at start (created from the demo LDIF the first time) and written back at a clean stop, so changes
 * an administrator makes over LDAP survive a restart.
 */
public final class DemoDirectory implements AutoCloseable {
  /** The suffix of the demo directory. */
  public static final String BASE_DN = "dc=example,dc=test";

  /** The service account the front-end searches with. */
  public static final String SERVICE_DN = "cn=mailtier,ou=services,dc=example,dc=test";

  /** The service account's password (demo only). */
  public static final String SERVICE_PASSWORD = "mailtier-demo";

  private static final Logger log = LoggerFactory.getLogger(DemoDirectory.class);
  private static final String RESOURCES = "/io/mailtier/deploy/demo/";

  private final InMemoryDirectoryServer server;
  private final Path ldifFile;

  private DemoDirectory(InMemoryDirectoryServer server, Path ldifFile) {
    this.server = server;
    this.ldifFile = ldifFile;
  }

  /**
   * Starts the directory on {@code bind:port} (0 picks a free port) with data kept in {@code dir}.
   */
  public static DemoDirectory start(InetAddress bind, int port, Path dir) throws IOException {
    Files.createDirectories(dir);
    Path ldif = dir.resolve("directory.ldif");
    if (!Files.exists(ldif)) {
      try (InputStream demo = resource("directory.ldif")) {
        Files.copy(demo, ldif);
      }
    }
    try {
      InMemoryDirectoryServerConfig config = new InMemoryDirectoryServerConfig(BASE_DN);
      config.setListenerConfigs(InMemoryListenerConfig.createLDAPConfig("ldap", bind, port, null));
      config.setSchema(schema());
      config.setPasswordEncoders(
          ssha("{SSHA512}", "SHA-512"), ssha("{SSHA}", "SHA-1"), ssha("{SSHA256}", "SHA-256"));
      InMemoryDirectoryServer server = new InMemoryDirectoryServer(config);
      server.importFromLDIF(true, new LDIFReader(ldif.toFile()));
      server.startListening();
      log.info(
          "directory on ldap://{}:{} ({} entries)",
          bind.getHostAddress(),
          server.getListenPort(),
          server.countEntries());
      return new DemoDirectory(server, ldif);
    } catch (LDAPException e) {
      throw new IOException(
          "cannot start the demo directory from " + ldif + ": " + e.getMessage(), e);
    }
  }

  /** The bound LDAP port. */
  public int port() {
    return server.getListenPort();
  }

  /** The server, for reading entries in-process. */
  public InMemoryDirectoryServer server() {
    return server;
  }

  private static Schema schema() throws IOException, LDAPException {
    try (InputStream in = resource("mail-schema.ldif")) {
      Schema mail = new Schema(new LDIFReader(in).readEntry());
      return Schema.mergeSchemas(Schema.getDefaultStandardSchema(), mail);
    } catch (LDIFException e) {
      throw new IOException("bad built-in schema: " + e.getMessage(), e);
    }
  }

  private static SaltedMessageDigestInMemoryPasswordEncoder ssha(String prefix, String algorithm) {
    try {
      return new SaltedMessageDigestInMemoryPasswordEncoder(
          prefix,
          Base64PasswordEncoderOutputFormatter.getInstance(),
          MessageDigest.getInstance(algorithm),
          8,
          true,
          true);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(algorithm + " is part of every JDK", e);
    }
  }

  private static InputStream resource(String name) throws IOException {
    InputStream in = DemoDirectory.class.getResourceAsStream(RESOURCES + name);
    if (in == null) {
      throw new IOException("missing built-in resource " + RESOURCES + name);
    }
    return in;
  }

  /** Writes the directory back to its LDIF file (atomically) and stops the server. */
  @Override
  public void close() {
    try {
      Path tmp = ldifFile.resolveSibling(ldifFile.getFileName() + ".tmp");
      server.exportToLDIF(tmp.toString(), false, true);
      Files.move(
          tmp, ldifFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (LDAPException | IOException e) {
      log.warn("could not save the directory to {}: {}", ldifFile, e.getMessage());
    } finally {
      server.shutDown(true);
    }
  }
}
