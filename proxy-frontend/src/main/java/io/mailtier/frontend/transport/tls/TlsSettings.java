package io.mailtier.frontend.transport.tls;

import java.nio.file.Path;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import javax.net.ssl.SSLContext;

/**
 * A listener's TLS settings ({@code tlsSettings:}), used when its {@code tls} is {@code starttls}
 * or {@code implicit}. Files are read and checked here, at start, so a bad file stops the service
 * with the key that names it.
 *
 * @param protocols the TLS versions offered (default TLSv1.2 and TLSv1.3)
 * @param certificate a PEM file with the certificate chain (own certificate first) and its
 *     unencrypted private key (PKCS#8, PKCS#1 RSA or SEC1 EC); null = a self-signed certificate
 *     generated in the front-end's {@code dataDir}
 * @param caFile a PEM file of the CAs client certificates must chain to; null = none
 * @param maxChainDepth how many certificates may stand above a client's own (default 4)
 * @param cipherSuites JSSE names of the cipher suites offered; empty (default) = the JDK's
 * @param requestClientCertificate none (default), request or require
 * @param reloadInterval how often the certificate file's modification time is checked (default 5s)
 */
public record TlsSettings(
    List<String> protocols,
    String certificate,
    String caFile,
    Integer maxChainDepth,
    List<String> cipherSuites,
    ClientCertificate requestClientCertificate,
    Duration reloadInterval) {
  public static final List<String> DEFAULT_PROTOCOLS = List.of("TLSv1.2", "TLSv1.3");
  public static final int DEFAULT_MAX_CHAIN_DEPTH = 4;
  public static final int MAX_CHAIN_DEPTH_LIMIT = 16;
  public static final Duration DEFAULT_RELOAD_INTERVAL = Duration.ofSeconds(5);
  private static final Set<String> KNOWN_PROTOCOLS =
      Set.of("TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3");

  /** Every setting at its default (a generated certificate). */
  public static final TlsSettings DEFAULT =
      new TlsSettings(null, null, null, null, null, null, null);

  public TlsSettings {
    protocols =
        protocols == null || protocols.isEmpty() ? DEFAULT_PROTOCOLS : List.copyOf(protocols);
    for (String p : protocols) {
      if (!KNOWN_PROTOCOLS.contains(p)) {
        throw new IllegalArgumentException(
            "protocols: unknown TLS protocol '"
                + p
                + "' (one of TLSv1.2, TLSv1.3; TLSv1 and TLSv1.1 only if the JDK allows them)");
      }
    }
    if (certificate != null && certificate.isBlank()) {
      certificate = null;
    }
    if (certificate != null) {
      try {
        PemBundle.read(Path.of(certificate));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("certificate: " + e.getMessage(), e);
      }
    }
    if (caFile != null && caFile.isBlank()) {
      caFile = null;
    }
    if (caFile != null) {
      try {
        PemBundle.readCertificates(Path.of(caFile));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("caFile: " + e.getMessage(), e);
      }
    }
    maxChainDepth = maxChainDepth == null ? DEFAULT_MAX_CHAIN_DEPTH : maxChainDepth;
    if (maxChainDepth < 1 || maxChainDepth > MAX_CHAIN_DEPTH_LIMIT) {
      throw new IllegalArgumentException(
          "maxChainDepth: must be between 1 and "
              + MAX_CHAIN_DEPTH_LIMIT
              + " (certificates above the client's own), got "
              + maxChainDepth);
    }
    cipherSuites = cipherSuites == null ? List.of() : List.copyOf(cipherSuites);
    if (!cipherSuites.isEmpty()) {
      Set<String> supported = supportedCipherSuites();
      for (String suite : cipherSuites) {
        if (!supported.contains(suite)) {
          throw new IllegalArgumentException(
              "cipherSuites: '" + suite + "' is not a cipher suite this JDK supports");
        }
      }
    }
    requestClientCertificate =
        requestClientCertificate == null ? ClientCertificate.NONE : requestClientCertificate;
    if (requestClientCertificate != ClientCertificate.NONE && caFile == null) {
      throw new IllegalArgumentException(
          "caFile: requestClientCertificate '"
              + requestClientCertificate.name().toLowerCase(java.util.Locale.ROOT)
              + "' needs a caFile to verify client certificates against");
    }
    reloadInterval = reloadInterval == null ? DEFAULT_RELOAD_INTERVAL : reloadInterval;
    if (reloadInterval.compareTo(Duration.ofMillis(100)) < 0) {
      throw new IllegalArgumentException("reloadInterval: must be at least 100ms");
    }
  }

  private static Set<String> supportedCipherSuites() {
    try {
      return Set.of(SSLContext.getDefault().getSupportedSSLParameters().getCipherSuites());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("no default TLS implementation", e);
    }
  }
}
