package io.mailtier.frontend.transport.tls;

import io.netty.channel.ChannelPipeline;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.internal.net.NetSocketInternal;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.ServerSSLOptions;
import io.vertx.core.net.TrustOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TLS side of one listener, shared by the listener's verticle instances: its mode, the current
 * server options (certificate, protocols, ciphers, client certificates), the reload of a changed
 * certificate file, STARTTLS upgrades and the handshake-failure metric.
 *
 * <p>A changed certificate file is noticed by polling its modification time and size every {@code
 * reloadInterval}; the new file is read off the event loop, checked like at start, and given to
 * every server of the listener with {@link NetServer#updateSSLOptions}. Sessions already open keep
 * the certificate they were given. A file that does not load (half written, wrong key) is logged
 * and the previous certificate stays in use.
 */
public final class ListenerTls implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ListenerTls.class);

  private final Vertx vertx;
  private final String listener;
  private final TlsMode mode;
  private final TlsSettings settings;
  private final Path certificateFile;
  private final TrustOptions trust;
  private final TlsMetrics metrics;
  private final List<NetServer> servers = new CopyOnWriteArrayList<>();
  private volatile ServerSSLOptions current;
  private volatile String fingerprint;
  private FileStamp seen;
  private long timer = -1;

  private record FileStamp(long modified, long size) {
    static FileStamp of(Path file) throws IOException {
      return new FileStamp(Files.getLastModifiedTime(file).toMillis(), Files.size(file));
    }
  }

  private ListenerTls(
      Vertx vertx,
      String listener,
      TlsMode mode,
      TlsSettings settings,
      Path certificateFile,
      TlsMetrics metrics) {
    this.vertx = vertx;
    this.listener = listener;
    this.mode = mode;
    this.settings = settings;
    this.certificateFile = certificateFile;
    this.metrics = metrics;
    this.trust =
        settings == null || settings.caFile() == null
            ? null
            : TrustOptions.wrap(
                ChainDepthTrustManager.of(
                    PemBundle.readCertificates(Path.of(settings.caFile())),
                    settings.maxChainDepth()));
  }

  /**
   * The TLS side of a listener. For {@code starttls} and {@code implicit}, loads the configured
   * certificate, or the self-signed one in {@code dataDir} (generated at first start), and starts
   * watching the file.
   *
   * @param listener the listener's address, for logs and the metric's label
   * @param dataDir where a generated certificate is kept; null = none
   * @param hostName the name the generated certificate is made out to
   */
  public static ListenerTls create(
      Vertx vertx,
      String listener,
      TlsMode mode,
      TlsSettings settings,
      Path dataDir,
      String hostName,
      TlsMetrics metrics) {
    Objects.requireNonNull(mode, "mode");
    if (!mode.terminatesTls()) {
      return new ListenerTls(vertx, listener, mode, null, null, metrics);
    }
    TlsSettings s = settings == null ? TlsSettings.DEFAULT : settings;
    Path file;
    if (s.certificate() != null) {
      file = Path.of(s.certificate());
    } else if (dataDir != null) {
      file = SelfSignedCertificate.loadOrCreate(dataDir, hostName, Clock.systemUTC());
    } else {
      throw new IllegalArgumentException(
          "listener " + listener + ": tls " + mode.key() + " needs a certificate or a dataDir");
    }
    ListenerTls tls = new ListenerTls(vertx, listener, mode, s, file, metrics);
    tls.load();
    tls.watch();
    return tls;
  }

  public TlsMode mode() {
    return mode;
  }

  /** The listener's address as configured (the metric's label). */
  public String listener() {
    return listener;
  }

  /** Whether connections count as secure from their first byte (implicit or external). */
  public boolean secureFromStart() {
    return mode.secureFromStart();
  }

  /** Whether clients may ask for STARTTLS. */
  public boolean startTlsAvailable() {
    return mode == TlsMode.STARTTLS;
  }

  /** The certificate file in use; null without TLS. */
  public Path certificateFile() {
    return certificateFile;
  }

  /** SHA-256 of the certificate in use; null without TLS. */
  public String fingerprint() {
    return fingerprint;
  }

  /** Sets TLS on a server's options before it is created (implicit TLS only). */
  public NetServerOptions configure(NetServerOptions options) {
    if (mode == TlsMode.IMPLICIT) {
      ServerSSLOptions o = current;
      options
          .setSsl(true)
          .setKeyCertOptions(o.getKeyCertOptions())
          .setTrustOptions(o.getTrustOptions())
          .setEnabledSecureTransportProtocols(o.getEnabledSecureTransportProtocols())
          .setClientAuth(o.getClientAuth());
      o.getEnabledCipherSuites().forEach(options::addEnabledCipherSuite);
    }
    return options;
  }

  /** Registers a listening server of this listener for certificate updates. */
  public void attach(NetServer server) {
    if (mode == TlsMode.IMPLICIT) {
      server.exceptionHandler(this::handshakeFailed);
    }
    servers.add(server);
  }

  /** Stops updating a server (its verticle stops). */
  public void detach(NetServer server) {
    servers.remove(server);
  }

  /** Counts a failed handshake; the connection is closed by the TLS layer. */
  public void handshakeFailed(Throwable cause) {
    metrics.handshakeFailed(listener);
    LOG.info("TLS handshake failed on {}: {}", listener, cause.toString());
  }

  /**
   * Sends {@code response} (the tagged OK of STARTTLS) in plaintext, then runs the handshake.
   * Everything the client sent after its STARTTLS line and before its TLS handshake is discarded:
   * the caller drops what it had already read, and a guard in the channel pipeline drops what
   * arrives before the TLS handler is in place. The future fails if the handshake fails (the caller
   * closes the connection; the failure is counted).
   *
   * @param dropped told the number of plaintext bytes discarded by the guard
   */
  public Future<Void> startTls(
      NetSocket socket, Buffer response, java.util.function.IntConsumer dropped) {
    if (mode != TlsMode.STARTTLS) {
      return Future.failedFuture(new IllegalStateException("STARTTLS is not offered here"));
    }
    if (!(socket instanceof NetSocketInternal internal)) {
      return Future.failedFuture(new IllegalStateException("no access to the channel pipeline"));
    }
    ChannelPipeline pipeline = internal.channelHandlerContext().pipeline();
    pipeline.addFirst(StartTlsGuard.NAME, new StartTlsGuard(dropped));
    return socket
        .upgradeToSsl(current, null, response)
        .andThen(ar -> {
          if (pipeline.get(StartTlsGuard.NAME) != null) {
            pipeline.remove(StartTlsGuard.NAME);
          }
          if (ar.failed()) {
            handshakeFailed(ar.cause());
          }
        });
  }

  private void load() {
    PemBundle bundle;
    try {
      seen = FileStamp.of(certificateFile);
      bundle = PemBundle.read(certificateFile);
    } catch (IOException e) {
      throw new IllegalArgumentException(certificateFile + ": cannot read: " + e, e);
    }
    current = options(bundle);
    fingerprint = PemBundle.sha256(bundle.leaf());
    LOG.info(
        "TLS {} on {}: certificate {} (SHA-256 {}), protocols {}",
        mode.key(),
        listener,
        certificateFile,
        fingerprint,
        settings.protocols());
  }

  private ServerSSLOptions options(PemBundle bundle) {
    ServerSSLOptions o =
        new ServerSSLOptions()
            .setKeyCertOptions(
                new PemKeyCertOptions()
                    .setKeyValue(Buffer.buffer(bundle.keyPem()))
                    .setCertValue(Buffer.buffer(bundle.certificatesPem())))
            .setEnabledSecureTransportProtocols(new LinkedHashSet<>(settings.protocols()))
            .setClientAuth(
                switch (settings.requestClientCertificate()) {
                  case NONE -> ClientAuth.NONE;
                  case REQUEST -> ClientAuth.REQUEST;
                  case REQUIRE -> ClientAuth.REQUIRED;
                });
    for (String suite : settings.cipherSuites()) {
      o.addEnabledCipherSuite(suite);
    }
    if (trust != null) {
      o.setTrustOptions(trust);
    }
    return o;
  }

  private void watch() {
    timer = vertx.setPeriodic(settings.reloadInterval().toMillis(), id -> check());
  }

  private void check() {
    FileStamp now;
    try {
      now = FileStamp.of(certificateFile);
    } catch (IOException e) {
      if (seen != null) {
        LOG.warn("TLS on {}: cannot read {}: {}", listener, certificateFile, e.toString());
        seen = null;
      }
      return;
    }
    if (now.equals(seen)) {
      return;
    }
    seen = now;
    vertx
        .executeBlocking(() -> PemBundle.read(certificateFile))
        .onFailure(t ->
            LOG.warn(
                "TLS on {}: {} changed but cannot be used; keeping the previous certificate: {}",
                listener,
                certificateFile,
                t.getMessage()))
        .onSuccess(this::apply);
  }

  private void apply(PemBundle bundle) {
    ServerSSLOptions options = options(bundle);
    current = options;
    fingerprint = PemBundle.sha256(bundle.leaf());
    LOG.info("TLS on {}: reloaded {} (SHA-256 {})", listener, certificateFile, fingerprint);
    if (mode == TlsMode.IMPLICIT) {
      for (NetServer server : servers) {
        server
            .updateSSLOptions(options.copy())
            .onFailure(t -> LOG.warn("TLS on {}: update failed: {}", listener, t.toString()));
      }
    }
  }

  @Override
  public void close() {
    if (timer != -1) {
      vertx.cancelTimer(timer);
      timer = -1;
    }
  }
}
