package io.mailtier.frontend.auth.password;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;
import java.util.regex.Pattern;
import org.apache.commons.codec.digest.Md5Crypt;
import org.apache.commons.codec.digest.Sha2Crypt;
import org.apache.commons.codec.digest.UnixCrypt;
import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.digests.SHA1Digest;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.digests.SHA512Digest;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;
import org.bouncycastle.crypto.generators.PKCS5S2ParametersGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * Checks a password offered by a client against a directory's stored {@code userPassword} value
 * (ARCHITECTURE.md, "Routing: user maps", last paragraph).
 *
 * <p>Understood, with the scheme name in any case:
 *
 * <ul>
 *   <li>{@code {SHA}}, {@code {SHA256}}, {@code {SHA384}}, {@code {SHA512}}, {@code {MD5}}: base64
 *       of the digest of the password; {@code {SSHA}}, {@code {SSHA256}}, {@code {SSHA384}}, {@code
 *       {SSHA512}}, {@code {SMD5}}: base64 of {@code digest(password + salt) + salt} (OpenLDAP and
 *       its pw-sha2 module);
 *   <li>{@code {CRYPT}} with {@code $6$} (SHA-512), {@code $5$} (SHA-256), {@code $1$} (MD5),
 *       bcrypt {@code $2a$}/{@code $2b$}/{@code $2y$}, and traditional DES crypt;
 *   <li>{@code {PBKDF2}} (= SHA-1), {@code {PBKDF2-SHA1}}, {@code {PBKDF2-SHA256}}, {@code
 *       {PBKDF2-SHA512}} as OpenLDAP's pw-pbkdf2 module writes them: {@code
 *       <iterations>$<salt>$<hash>} in adapted base64 ({@code .} for {@code +}, no padding);
 *   <li>{@code {ARGON2}} as OpenLDAP's argon2 module writes it: the PHC string {@code
 *       $argon2id$v=19$m=..,t=..,p=..$<salt>$<hash>} (also {@code argon2i}, {@code argon2d});
 *   <li>{@code {CLEARTEXT}} and a value with no {@code {scheme}} prefix: the password itself.
 * </ul>
 *
 * <p>Passwords are encoded as UTF-8. Hashes are compared with {@link MessageDigest#isEqual} (time
 * independent of where they differ). A stored value that is malformed, uses an unknown scheme, or
 * asks for absurd work factors (see the {@code MAX_} constants) gives {@code false}, never an
 * exception. An unknown scheme is not compared as cleartext: that would let a client log in by
 * offering the stored hash itself.
 */
public final class PasswordSchemes {
  /** The most PBKDF2 iterations honoured (a stored value asking for more is refused). */
  public static final int MAX_PBKDF2_ITERATIONS = 10_000_000;

  /** The most Argon2 memory honoured, in KiB (256 MiB). */
  public static final int MAX_ARGON2_MEMORY_KIB = 256 * 1024;

  /** The most Argon2 passes honoured. */
  public static final int MAX_ARGON2_ITERATIONS = 100;

  /** The most Argon2 lanes honoured. */
  public static final int MAX_ARGON2_PARALLELISM = 64;

  /** The most SHA-crypt ({@code $5$}, {@code $6$}) rounds honoured. */
  public static final int MAX_SHA_CRYPT_ROUNDS = 10_000_000;

  /** The highest bcrypt cost honoured (2^20 rounds: about a minute; 31 would be days). */
  public static final int MAX_BCRYPT_COST = 20;

  private static final Pattern BCRYPT = Pattern.compile("\\$2[aby]\\$(\\d\\d)\\$[./A-Za-z0-9]{53}");
  private static final Pattern SHA_CRYPT_ROUNDS =
      Pattern.compile("\\$[56]\\$rounds=(\\d{1,10})\\$.*");
  private static final Pattern DES_CRYPT = Pattern.compile("[./A-Za-z0-9]{13}");
  private static final Pattern ARGON2_PARAMS =
      Pattern.compile("m=(\\d{1,10}),t=(\\d{1,10}),p=(\\d{1,10})");

  private PasswordSchemes() {}

  /**
   * Whether {@code offered} is the password {@code stored} was made from.
   *
   * @param stored the directory's value, e.g. {@code {SSHA}VORmRHT+…}
   * @param offered the password the client sent
   * @return true only when they match; false for a wrong password and for any malformed or unknown
   *     stored value
   */
  public static boolean verify(String stored, String offered) {
    if (stored == null || offered == null || stored.isEmpty()) {
      return false;
    }
    try {
      byte[] password = offered.getBytes(StandardCharsets.UTF_8);
      int close = stored.indexOf('}');
      if (!stored.startsWith("{") || close < 0) {
        return cleartext(stored, password);
      }
      String scheme = stored.substring(1, close).toUpperCase(Locale.ROOT);
      String value = stored.substring(close + 1);
      return switch (scheme) {
        case "CLEARTEXT" -> cleartext(value, password);
        case "MD5" -> digest("MD5", value, password, false);
        case "SMD5" -> digest("MD5", value, password, true);
        case "SHA" -> digest("SHA-1", value, password, false);
        case "SSHA" -> digest("SHA-1", value, password, true);
        case "SHA256" -> digest("SHA-256", value, password, false);
        case "SSHA256" -> digest("SHA-256", value, password, true);
        case "SHA384" -> digest("SHA-384", value, password, false);
        case "SSHA384" -> digest("SHA-384", value, password, true);
        case "SHA512" -> digest("SHA-512", value, password, false);
        case "SSHA512" -> digest("SHA-512", value, password, true);
        case "CRYPT" -> crypt(value, password);
        case "PBKDF2", "PBKDF2-SHA1" -> pbkdf2(new SHA1Digest(), value, password);
        case "PBKDF2-SHA256" -> pbkdf2(new SHA256Digest(), value, password);
        case "PBKDF2-SHA512" -> pbkdf2(new SHA512Digest(), value, password);
        case "ARGON2" -> argon2(value, password);
        default -> false;
      };
    } catch (RuntimeException e) {
      // Malformed stored values (bad base64, salts, numbers) are "no match", by contract.
      return false;
    }
  }

  private static boolean cleartext(String stored, byte[] password) {
    // Hash both sides first so the comparison does not reveal the stored length either.
    return MessageDigest.isEqual(sha256(stored.getBytes(StandardCharsets.UTF_8)), sha256(password));
  }

  private static boolean digest(String algorithm, String value, byte[] password, boolean salted) {
    MessageDigest md = messageDigest(algorithm);
    byte[] decoded = Base64.getDecoder().decode(value.strip());
    int length = md.getDigestLength();
    if (salted ? decoded.length <= length : decoded.length != length) {
      return false;
    }
    md.update(password);
    md.update(decoded, length, decoded.length - length);
    return MessageDigest.isEqual(md.digest(), Arrays.copyOf(decoded, length));
  }

  private static boolean crypt(String value, byte[] password) {
    String computed;
    var rounds = SHA_CRYPT_ROUNDS.matcher(value);
    if (rounds.matches() && Long.parseLong(rounds.group(1)) > MAX_SHA_CRYPT_ROUNDS) {
      return false;
    }
    if (value.startsWith("$6$")) {
      computed = Sha2Crypt.sha512Crypt(password, value);
    } else if (value.startsWith("$5$")) {
      computed = Sha2Crypt.sha256Crypt(password, value);
    } else if (value.startsWith("$1$")) {
      computed = Md5Crypt.md5Crypt(password, value);
    } else if (value.startsWith("$2")) {
      var m = BCRYPT.matcher(value);
      if (!m.matches() || Integer.parseInt(m.group(1)) > MAX_BCRYPT_COST) {
        return false;
      }
      // bcrypt uses at most 72 bytes of the password (OpenBSD, libxcrypt); so do we.
      byte[] key = password.length > 72 ? Arrays.copyOf(password, 72) : password;
      return OpenBSDBCrypt.checkPassword(value, key);
    } else if (DES_CRYPT.matcher(value).matches()) {
      computed = UnixCrypt.crypt(password, value);
    } else {
      return false;
    }
    return MessageDigest.isEqual(
        computed.getBytes(StandardCharsets.US_ASCII), value.getBytes(StandardCharsets.US_ASCII));
  }

  private static boolean pbkdf2(Digest prf, String value, byte[] password) {
    String[] parts = value.split("\\$", -1);
    if (parts.length != 3 || parts[0].isEmpty() || parts[0].length() > 9) {
      return false;
    }
    int iterations = Integer.parseInt(parts[0]);
    byte[] salt = adaptedBase64(parts[1]);
    byte[] expected = adaptedBase64(parts[2]);
    if (iterations < 1
        || iterations > MAX_PBKDF2_ITERATIONS
        || expected.length != prf.getDigestSize()) {
      return false;
    }
    PKCS5S2ParametersGenerator generator = new PKCS5S2ParametersGenerator(prf);
    generator.init(password, salt, iterations);
    byte[] computed =
        ((KeyParameter) generator.generateDerivedParameters(expected.length * 8)).getKey();
    return MessageDigest.isEqual(computed, expected);
  }

  /** OpenLDAP pw-pbkdf2's "adapted base64": '.' instead of '+', no padding. */
  private static byte[] adaptedBase64(String text) {
    return Base64.getDecoder().decode(unpadded(text.replace('.', '+')));
  }

  private static boolean argon2(String value, byte[] password) {
    // $argon2id$v=19$m=65536,t=2,p=1$<salt>$<hash>; "v=" is absent in version 1.0 (0x10) strings.
    String[] parts = value.split("\\$", -1);
    if (parts.length != 5 && parts.length != 6 || !parts[0].isEmpty()) {
      return false;
    }
    int type =
        switch (parts[1]) {
          case "argon2id" -> Argon2Parameters.ARGON2_id;
          case "argon2i" -> Argon2Parameters.ARGON2_i;
          case "argon2d" -> Argon2Parameters.ARGON2_d;
          default -> -1;
        };
    if (type < 0) {
      return false;
    }
    int index = 2;
    int version = Argon2Parameters.ARGON2_VERSION_10;
    if (parts.length == 6) {
      if (!parts[2].startsWith("v=")) {
        return false;
      }
      version = Integer.parseInt(parts[2].substring(2));
      if (version != Argon2Parameters.ARGON2_VERSION_10
          && version != Argon2Parameters.ARGON2_VERSION_13) {
        return false;
      }
      index = 3;
    }
    var params = ARGON2_PARAMS.matcher(parts[index]);
    if (!params.matches()) {
      return false;
    }
    long memory = Long.parseLong(params.group(1));
    long iterations = Long.parseLong(params.group(2));
    long parallelism = Long.parseLong(params.group(3));
    byte[] salt = Base64.getDecoder().decode(unpadded(parts[index + 1]));
    byte[] expected = Base64.getDecoder().decode(unpadded(parts[index + 2]));
    if (memory < 8 * parallelism
        || memory > MAX_ARGON2_MEMORY_KIB
        || iterations < 1
        || iterations > MAX_ARGON2_ITERATIONS
        || parallelism < 1
        || parallelism > MAX_ARGON2_PARALLELISM
        || salt.length < 8
        || expected.length < 4) {
      return false;
    }
    Argon2Parameters parameters =
        new Argon2Parameters.Builder(type)
            .withVersion(version)
            .withMemoryAsKB((int) memory)
            .withIterations((int) iterations)
            .withParallelism((int) parallelism)
            .withSalt(salt)
            .build();
    Argon2BytesGenerator generator = new Argon2BytesGenerator();
    generator.init(parameters);
    byte[] computed = new byte[expected.length];
    generator.generateBytes(password, computed);
    return MessageDigest.isEqual(computed, expected);
  }

  private static String unpadded(String base64) {
    int end = base64.length();
    while (end > 0 && base64.charAt(end - 1) == '=') {
      end--;
    }
    // Re-pad so the strict decoder accepts it; a length of 1 mod 4 is malformed and throws.
    String body = base64.substring(0, end);
    return switch (body.length() % 4) {
      case 2 -> body + "==";
      case 3 -> body + "=";
      default -> body;
    };
  }

  private static byte[] sha256(byte[] data) {
    return messageDigest("SHA-256").digest(data);
  }

  private static MessageDigest messageDigest(String algorithm) {
    try {
      return MessageDigest.getInstance(algorithm);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK lacks " + algorithm, e);
    }
  }
}
