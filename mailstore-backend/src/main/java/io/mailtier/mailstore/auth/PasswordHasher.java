package io.mailtier.mailstore.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Argon2id password hashing in the PHC string format: {@code
 * $argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>} (salt and hash in unpadded standard base64).
 *
 * <p>{@link #verify} compares in constant time and rejects malformed or absurd stored strings
 * cleanly (returns false) rather than throwing or spending unbounded memory on them.
 */
public final class PasswordHasher {
  /** OWASP's recommended Argon2id memory cost, in KiB. */
  public static final int DEFAULT_MEMORY_KIB = 19_456;

  /** OWASP's recommended number of passes with that memory. */
  public static final int DEFAULT_ITERATIONS = 2;

  /** One lane. */
  public static final int DEFAULT_PARALLELISM = 1;

  private static final int SALT_BYTES = 16;
  private static final int HASH_BYTES = 32;
  private static final int MAX_MEMORY_KIB = 1 << 20;
  private static final int MAX_ITERATIONS = 16;
  private static final int MAX_PARALLELISM = 16;
  private static final int MAX_PASSWORD_BYTES = 4096;
  private static final Pattern PHC =
      Pattern.compile(
          "\\$argon2id\\$v=19\\$m=(\\d{1,8}),t=(\\d{1,3}),p=(\\d{1,3})"
              + "\\$([A-Za-z0-9+/]{11,88})\\$([A-Za-z0-9+/]{22,172})");
  private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
  private static final Base64.Decoder B64D = Base64.getDecoder();

  private final int memoryKib;
  private final int iterations;
  private final int parallelism;
  private final SecureRandom random = new SecureRandom();
  private final String dummy;

  /** A hasher with OWASP's parameters (m=19456 KiB, t=2, p=1). */
  public PasswordHasher() {
    this(DEFAULT_MEMORY_KIB, DEFAULT_ITERATIONS, DEFAULT_PARALLELISM);
  }

  public PasswordHasher(int memoryKib, int iterations, int parallelism) {
    if (parallelism < 1 || parallelism > MAX_PARALLELISM) {
      throw new IllegalArgumentException("parallelism must be 1.." + MAX_PARALLELISM);
    }
    if (memoryKib < 8 * parallelism || memoryKib > MAX_MEMORY_KIB) {
      throw new IllegalArgumentException("memory must be 8*p.." + MAX_MEMORY_KIB + " KiB");
    }
    if (iterations < 1 || iterations > MAX_ITERATIONS) {
      throw new IllegalArgumentException("iterations must be 1.." + MAX_ITERATIONS);
    }
    this.memoryKib = memoryKib;
    this.iterations = iterations;
    this.parallelism = parallelism;
    this.dummy = hash("not a password: equalizes the cost of unknown accounts");
  }

  /** A new PHC string for a password, with a fresh random salt. */
  public String hash(String password) {
    byte[] salt = new byte[SALT_BYTES];
    random.nextBytes(salt);
    byte[] out = derive(password, salt, memoryKib, iterations, parallelism, HASH_BYTES);
    return "$argon2id$v=19$m="
        + memoryKib
        + ",t="
        + iterations
        + ",p="
        + parallelism
        + "$"
        + B64.encodeToString(salt)
        + "$"
        + B64.encodeToString(out);
  }

  /**
   * Whether {@code password} matches {@code stored}. False for a malformed stored string. Costs
   * about as much as a real check even then, so the caller's timing does not tell them apart.
   */
  public boolean verify(String password, String stored) {
    Optional<Phc> phc = parse(stored);
    if (phc.isEmpty()) {
      verifyDummy(password);
      return false;
    }
    Phc p = phc.get();
    byte[] actual =
        derive(password, p.salt, p.memoryKib, p.iterations, p.parallelism, p.hash.length);
    return MessageDigest.isEqual(actual, p.hash);
  }

  /** Spends the cost of one verification and returns false: for unknown or disabled accounts. */
  public boolean verifyDummy(String password) {
    Phc p = parse(dummy).orElseThrow();
    byte[] actual =
        derive(password, p.salt, p.memoryKib, p.iterations, p.parallelism, p.hash.length);
    MessageDigest.isEqual(actual, p.hash);
    return false;
  }

  /** The parameters and bytes of a PHC string, if it is a well-formed, sane Argon2id hash. */
  public static Optional<Phc> parse(String stored) {
    if (stored == null || stored.length() > 400) {
      return Optional.empty();
    }
    Matcher m = PHC.matcher(stored);
    if (!m.matches()) {
      return Optional.empty();
    }
    try {
      int mem = Integer.parseInt(m.group(1));
      int t = Integer.parseInt(m.group(2));
      int p = Integer.parseInt(m.group(3));
      if (p < 1 || p > MAX_PARALLELISM || mem < 8 * p || mem > MAX_MEMORY_KIB) {
        return Optional.empty();
      }
      if (t < 1 || t > MAX_ITERATIONS) {
        return Optional.empty();
      }
      byte[] salt = B64D.decode(m.group(4));
      byte[] hash = B64D.decode(m.group(5));
      if (salt.length < 8 || hash.length < 16) {
        return Optional.empty();
      }
      return Optional.of(new Phc(mem, t, p, salt, hash));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** A parsed PHC string. */
  public record Phc(int memoryKib, int iterations, int parallelism, byte[] salt, byte[] hash) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Phc other
          && memoryKib == other.memoryKib
          && iterations == other.iterations
          && parallelism == other.parallelism
          && Arrays.equals(salt, other.salt)
          && Arrays.equals(hash, other.hash);
    }

    @Override
    public int hashCode() {
      return 31 * Arrays.hashCode(salt) + Arrays.hashCode(hash);
    }

    @Override
    public String toString() {
      return "Phc[m=" + memoryKib + ",t=" + iterations + ",p=" + parallelism + "]";
    }
  }

  private static byte[] derive(
      String password, byte[] salt, int memoryKib, int iterations, int parallelism, int length) {
    byte[] pw = (password == null ? "" : password).getBytes(StandardCharsets.UTF_8);
    if (pw.length > MAX_PASSWORD_BYTES) {
      pw = Arrays.copyOf(pw, MAX_PASSWORD_BYTES);
    }
    Argon2Parameters params =
        new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
            .withVersion(Argon2Parameters.ARGON2_VERSION_13)
            .withMemoryAsKB(memoryKib)
            .withIterations(iterations)
            .withParallelism(parallelism)
            .withSalt(salt)
            .build();
    Argon2BytesGenerator gen = new Argon2BytesGenerator();
    gen.init(params);
    byte[] out = new byte[length];
    gen.generateBytes(pw, out);
    Arrays.fill(pw, (byte) 0);
    return out;
  }
}
