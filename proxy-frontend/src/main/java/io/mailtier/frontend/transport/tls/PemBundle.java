package io.mailtier.frontend.transport.tls;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.util.io.pem.PemObject;

/**
 * A certificate chain and its private key, read from one PEM file. Keys may be PKCS#8 ({@code
 * PRIVATE KEY}), PKCS#1 RSA ({@code RSA PRIVATE KEY}) or SEC1 EC ({@code EC PRIVATE KEY});
 * BouncyCastle's {@link PEMParser} reads all three, so the JDK's PKCS#8-only reader is never
 * needed. Encrypted keys are refused (no passphrase support, by design).
 *
 * @param chain the certificates, the server's own first
 * @param key the private key of the first certificate
 */
public record PemBundle(List<X509Certificate> chain, PrivateKey key) {
  public PemBundle {
    chain = List.copyOf(chain);
  }

  /** Reads and checks a chain-plus-key file; the message of the exception says what is wrong. */
  public static PemBundle read(Path file) {
    List<X509Certificate> certs = new ArrayList<>();
    PrivateKey key = null;
    for (Object o : objects(file)) {
      switch (o) {
        case X509CertificateHolder h -> certs.add(certificate(file, h));
        case PEMKeyPair kp -> key = onlyKey(file, key, convert(file, kp.getPrivateKeyInfo()));
        case PrivateKeyInfo pki -> key = onlyKey(file, key, convert(file, pki));
        case PEMEncryptedKeyPair e -> throw encrypted(file);
        case PKCS8EncryptedPrivateKeyInfo e -> throw encrypted(file);
        default -> {
          // parameters (EC PARAMETERS) and other blocks are ignored
        }
      }
    }
    if (certs.isEmpty()) {
      throw new IllegalArgumentException(file + " holds no certificate (BEGIN CERTIFICATE)");
    }
    if (key == null) {
      throw new IllegalArgumentException(
          file + " holds no private key (BEGIN PRIVATE KEY, RSA PRIVATE KEY or EC PRIVATE KEY)");
    }
    if (!matches(key, certs.get(0))) {
      throw new IllegalArgumentException(
          file
              + ": the private key does not belong to the first certificate (put the server's own"
              + " certificate first, then the intermediates)");
    }
    return new PemBundle(certs, key);
  }

  /** Reads a file of CA certificates. */
  public static List<X509Certificate> readCertificates(Path file) {
    List<X509Certificate> certs = new ArrayList<>();
    for (Object o : objects(file)) {
      if (o instanceof X509CertificateHolder h) {
        certs.add(certificate(file, h));
      }
    }
    if (certs.isEmpty()) {
      throw new IllegalArgumentException(file + " holds no certificate (BEGIN CERTIFICATE)");
    }
    return List.copyOf(certs);
  }

  /** The server's own certificate. */
  public X509Certificate leaf() {
    return chain.get(0);
  }

  /** The chain as PEM text. */
  public String certificatesPem() {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter w = new JcaPEMWriter(out)) {
      for (X509Certificate c : chain) {
        w.writeObject(c);
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return out.toString();
  }

  /** The key as PKCS#8 PEM ({@code BEGIN PRIVATE KEY}), the form Vert.x reads. */
  public String keyPem() {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter w = new JcaPEMWriter(out)) {
      w.writeObject(new PemObject("PRIVATE KEY", key.getEncoded()));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return out.toString();
  }

  /** The SHA-256 fingerprint of a certificate, upper-case hex without separators. */
  public static String sha256(X509Certificate certificate) {
    try {
      return HexFormat.of()
          .withUpperCase()
          .formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<Object> objects(Path file) {
    List<Object> objects = new ArrayList<>();
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.US_ASCII);
        PEMParser parser = new PEMParser(r)) {
      Object o;
      while ((o = parser.readObject()) != null) {
        objects.add(o);
      }
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException(file + ": no such file", e);
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException(file + ": not a readable PEM file: " + e.getMessage(), e);
    }
    return objects;
  }

  private static X509Certificate certificate(Path file, X509CertificateHolder holder) {
    try {
      return new JcaX509CertificateConverter().getCertificate(holder);
    } catch (CertificateException e) {
      throw new IllegalArgumentException(file + ": a certificate cannot be read: " + e, e);
    }
  }

  private static PrivateKey convert(Path file, PrivateKeyInfo info) {
    try {
      return new JcaPEMKeyConverter().getPrivateKey(info);
    } catch (IOException e) {
      throw new IllegalArgumentException(file + ": the private key cannot be read: " + e, e);
    }
  }

  private static PrivateKey onlyKey(Path file, PrivateKey previous, PrivateKey key) {
    if (previous != null) {
      throw new IllegalArgumentException(file + " holds more than one private key");
    }
    return key;
  }

  private static IllegalArgumentException encrypted(Path file) {
    return new IllegalArgumentException(
        file + ": the private key is encrypted; keys with a passphrase are not supported");
  }

  /** Signs random bytes with the key and verifies them with the certificate's public key. */
  private static boolean matches(PrivateKey key, X509Certificate cert) {
    String algorithm =
        switch (key.getAlgorithm()) {
          case "RSA" -> "SHA256withRSA";
          case "EC" -> "SHA256withECDSA";
          case "Ed25519", "EdDSA" -> "Ed25519";
          case "Ed448" -> "Ed448";
          default -> null;
        };
    if (algorithm == null) {
      throw new IllegalArgumentException("unsupported key algorithm " + key.getAlgorithm());
    }
    try {
      byte[] challenge = new byte[32];
      new SecureRandom().nextBytes(challenge);
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(key);
      signer.update(challenge);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(cert.getPublicKey());
      verifier.update(challenge);
      return verifier.verify(signature);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }
}
