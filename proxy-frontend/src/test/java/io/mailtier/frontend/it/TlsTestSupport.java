package io.mailtier.frontend.it;

import static org.assertj.core.api.Assumptions.assumeThat;

import io.mailtier.frontend.transport.tls.PemBundle;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** Helpers for the TLS tests: trust stores, and the {@code openssl} command line with timeouts. */
final class TlsTestSupport {
  private static final Pattern PEM =
      Pattern.compile("-----BEGIN CERTIFICATE-----[^-]+-----END CERTIFICATE-----");

  private TlsTestSupport() {}

  /** The output and exit status of a finished process. */
  record Result(int exit, String output) {}

  /** A client TLS context that trusts exactly the first certificate of a PEM file. */
  static SSLContext trusting(Path pem) throws Exception {
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    store.setCertificateEntry("server", PemBundle.readCertificates(pem).get(0));
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(store);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, tmf.getTrustManagers(), null);
    return context;
  }

  /** Skips the test, saying why, when the openssl command is missing. */
  static void assumeOpenssl() {
    boolean present;
    try {
      present = run(List.of("openssl", "version"), "", Duration.ofSeconds(10)).exit() == 0;
    } catch (IOException e) {
      present = false;
    }
    assumeThat(present)
        .as("the openssl command line (Debian package openssl) is needed for this test")
        .isTrue();
  }

  /** {@code openssl s_client} against 127.0.0.1:port with extra arguments and stdin text. */
  static Result sClient(int port, String stdin, String... args) throws IOException {
    List<String> command =
        new ArrayList<>(
            List.of(
                "openssl",
                "s_client",
                "-connect",
                "127.0.0.1:" + port,
                "-servername",
                "localhost",
                "-crlf",
                "-ign_eof"));
    command.addAll(List.of(args));
    return run(command, stdin, Duration.ofSeconds(20));
  }

  static Result run(List<String> command, String stdin, Duration timeout) throws IOException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    try (var in = p.getOutputStream()) {
      in.write(stdin.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      // the process may have exited already
    }
    byte[][] out = new byte[1][];
    Thread reader =
        Thread.ofVirtual()
            .start(() -> {
              try {
                out[0] = p.getInputStream().readAllBytes();
              } catch (IOException e) {
                out[0] = new byte[0];
              }
            });
    try {
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly();
        throw new IOException(command + " did not finish within " + timeout);
      }
      reader.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      p.destroyForcibly();
      throw new IOException("interrupted", e);
    }
    return new Result(
        p.exitValue(), out[0] == null ? "" : new String(out[0], StandardCharsets.UTF_8));
  }

  /** The first certificate in s_client's output (it prints the server's own). */
  static X509Certificate servedCertificate(String output) throws Exception {
    Matcher m = PEM.matcher(output);
    if (!m.find()) {
      throw new AssertionError("no certificate in the openssl output:\n" + output);
    }
    return (X509Certificate)
        CertificateFactory.getInstance("X.509")
            .generateCertificate(
                new ByteArrayInputStream(m.group().getBytes(StandardCharsets.US_ASCII)));
  }

  /** Writes a self-signed certificate and key made by {@code openssl req}; returns the PEM file. */
  static Path opensslCertificate(Path dir, String name, String keyArgs) throws IOException {
    Path key = dir.resolve(name + ".key");
    Path cert = dir.resolve(name + ".crt");
    List<String> command = new ArrayList<>(List.of("openssl", "req", "-x509", "-nodes"));
    command.addAll(List.of(keyArgs.split(" ")));
    command.addAll(
        List.of(
            "-keyout",
            key.toString(),
            "-out",
            cert.toString(),
            "-days",
            "2",
            "-subj",
            "/CN=" + name,
            "-addext",
            "subjectAltName=DNS:localhost,IP:127.0.0.1"));
    Result r = run(command, "", Duration.ofSeconds(60));
    if (r.exit() != 0) {
      throw new IOException("openssl req failed: " + r.output());
    }
    Path pem = dir.resolve(name + ".pem");
    Files.writeString(pem, Files.readString(cert) + Files.readString(key));
    return pem;
  }
}
