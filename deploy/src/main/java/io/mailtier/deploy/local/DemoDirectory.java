package io.mailtier.deploy.local;

import com.unboundid.ldap.listener.Base64PasswordEncoderOutputFormatter;
import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import com.unboundid.ldap.listener.SaltedMessageDigestInMemoryPasswordEncoder;
import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.Entry;
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
import java.util.List;
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

  /** The password of every benchmark account. */
  public static final String BENCH_PASSWORD = "bench";

  /**
   * Adds the benchmark accounts {@code user1..userN@example.test} that are missing, alternating
   * between the given nodes (their {@code mailHost}), each with the password {@link
   * #BENCH_PASSWORD}. They are ordinary directory entries: saved with the rest at a clean stop.
   *
   * @return how many were added now
   */
  public int addBenchUsers(int count, List<String> mailHosts) throws LDAPException {
    int added = 0;
    for (int i = 1; i <= count; i++) {
      String dn = "uid=user" + i + ",ou=people," + BASE_DN;
      if (server.getEntry(dn) != null) {
        continue;
      }
      server.add(
          new Entry(
              dn,
              new Attribute(
                  "objectClass",
                  "top",
                  "person",
                  "organizationalPerson",
                  "inetOrgPerson",
                  "inetLocalMailRecipient"),
              new Attribute("uid", "user" + i),
              new Attribute("cn", "Bench User " + i),
              new Attribute("sn", "User " + i),
              new Attribute("mail", "user" + i + "@example.test"),
              new Attribute("mailHost", mailHosts.get((i - 1) % mailHosts.size())),
              new Attribute("userPassword", BENCH_PASSWORD)));
      added++;
    }
    if (added > 0) {
      log.info("added {} benchmark accounts user1..user{}@example.test", added, count);
    }
    return added;
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
          new PerCallDigest(algorithm),
          8,
          true,
          true);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(algorithm + " is part of every JDK", e);
    }
  }

  /**
   * A digest that is safe to share between threads. UnboundID's salted encoders keep the one {@link
   * MessageDigest} they are given and call {@link #digest(byte[])} on it from every connection
   * thread without locking; concurrent binds then mix their inputs and fail with invalid
   * credentials now and then (seen with 16 concurrent IMAP logins in {@code mailtier bench imap}).
   * This one computes each call on a digest of the calling thread.
   */
  private static final class PerCallDigest extends MessageDigest {
    private final ThreadLocal<MessageDigest> delegate;

    PerCallDigest(String algorithm) throws NoSuchAlgorithmException {
      super(algorithm);
      MessageDigest.getInstance(algorithm); // fail now, not at the first bind
      this.delegate =
          ThreadLocal.withInitial(() -> {
            try {
              return MessageDigest.getInstance(algorithm);
            } catch (NoSuchAlgorithmException e) {
              throw new IllegalStateException(e);
            }
          });
    }

    @Override
    public byte[] digest(byte[] input) {
      MessageDigest d = delegate.get();
      d.reset();
      return d.digest(input);
    }

    @Override
    protected int engineGetDigestLength() {
      return delegate.get().getDigestLength();
    }

    @Override
    protected void engineUpdate(byte input) {
      throw new UnsupportedOperationException("only digest(byte[]) is thread-safe here");
    }

    @Override
    protected void engineUpdate(byte[] input, int offset, int len) {
      throw new UnsupportedOperationException("only digest(byte[]) is thread-safe here");
    }

    @Override
    protected byte[] engineDigest() {
      throw new UnsupportedOperationException("only digest(byte[]) is thread-safe here");
    }

    @Override
    protected void engineReset() {
      // stateless: every digest(byte[]) starts afresh
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
