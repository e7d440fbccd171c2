package io.mailtier.frontend.transport.tls;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.io.pem.PemObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The self-signed certificate a TLS listener without a configured one uses: EC P-256, one year,
 * subject alternative names for the front-end's host name, {@code localhost}, 127.0.0.1 and ::1.
 * Generated once into {@code <dataDir>/tls/self-signed.pem} (mode 600) and reused on restart;
 * generated again only when the stored one has expired.
 */
public final class SelfSignedCertificate {
  private static final Logger LOG = LoggerFactory.getLogger(SelfSignedCertificate.class);
  public static final String FILE = "tls/self-signed.pem";
  static final Duration VALIDITY = Duration.ofDays(365);

  private SelfSignedCertificate() {}

  /** The PEM file in {@code dataDir}, created when absent or expired. */
  public static Path loadOrCreate(Path dataDir, String hostName, Clock clock) {
    Path file = dataDir.resolve(FILE);
    try {
      if (Files.exists(file)) {
        PemBundle existing = PemBundle.read(file);
        if (existing.leaf().getNotAfter().toInstant().isAfter(clock.instant())) {
          LOG.info(
              "TLS: using the self-signed certificate {} (SHA-256 {})",
              file,
              PemBundle.sha256(existing.leaf()));
          return file;
        }
        LOG.warn("TLS: the self-signed certificate {} has expired; generating a new one", file);
      }
      Files.createDirectories(file.getParent());
      String pem = generate(hostName, clock.instant());
      Path tmp = Files.createTempFile(file.getParent(), "self-signed", ".tmp");
      restrict(tmp);
      Files.writeString(tmp, pem, StandardCharsets.US_ASCII);
      try {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
      LOG.info(
          "TLS: generated a self-signed certificate for {} in {} (SHA-256 {})",
          hostName,
          file,
          PemBundle.sha256(PemBundle.read(file).leaf()));
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("dataDir: cannot keep a certificate in " + file, e);
    }
  }

  /** A new key and certificate as PEM text: the certificate, then the PKCS#8 key. */
  static String generate(String hostName, Instant now) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
      KeyPair pair = generator.generateKeyPair();
      X500Name name =
          new X500NameBuilder(BCStyle.INSTANCE)
              .addRDN(BCStyle.CN, hostName)
              .addRDN(BCStyle.O, "mailtier self-signed")
              .build();
      BigInteger serial = new BigInteger(127, new SecureRandom()).add(BigInteger.ONE);
      JcaX509v3CertificateBuilder builder =
          new JcaX509v3CertificateBuilder(
              name,
              serial,
              Date.from(now.minus(Duration.ofMinutes(5))),
              Date.from(now.plus(VALIDITY)),
              name,
              pair.getPublic());
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
      builder.addExtension(
          Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
      builder.addExtension(Extension.subjectAlternativeName, false, alternativeNames(hostName));
      X509Certificate cert =
          new JcaX509CertificateConverter()
              .getCertificate(
                  builder.build(
                      new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())));
      StringWriter out = new StringWriter();
      try (JcaPEMWriter w = new JcaPEMWriter(out)) {
        w.writeObject(cert);
        w.writeObject(new PemObject("PRIVATE KEY", pair.getPrivate().getEncoded()));
      }
      return out.toString();
    } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
      throw new IllegalStateException("cannot generate a self-signed certificate", e);
    }
  }

  private static GeneralNames alternativeNames(String hostName) {
    Set<String> dns = new LinkedHashSet<>();
    Set<String> ips = new LinkedHashSet<>();
    (isIpLiteral(hostName) ? ips : dns).add(hostName);
    dns.add("localhost");
    ips.add("127.0.0.1");
    ips.add("::1");
    List<GeneralName> names = new ArrayList<>();
    dns.forEach(d -> names.add(new GeneralName(GeneralName.dNSName, d)));
    ips.forEach(i -> names.add(new GeneralName(GeneralName.iPAddress, i)));
    return new GeneralNames(names.toArray(GeneralName[]::new));
  }

  static boolean isIpLiteral(String host) {
    return host.contains(":") || host.matches("[0-9.]+");
  }

  private static void restrict(Path file) {
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException | IOException e) {
      LOG.debug("cannot restrict the permissions of {}: {}", file, e.toString());
    }
  }
}
