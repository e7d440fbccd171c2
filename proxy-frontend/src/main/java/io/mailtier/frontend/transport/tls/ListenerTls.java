package io.mailtier.frontend.transport.tls;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.internal.net.NetSocketInternal;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.ServerSSLOptions;
import io.vertx.core.net.TrustOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.Objects;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TLS side of one listener, shared by the listener's verticle instances: its mode, the current
 * server options (certificate, protocols, ciphers, client certificates), the reload of a changed
 * certificate file, STARTTLS upgrades and the handshake-failure metric.
 *
 * <p>A changed certificate file is noticed by polling its modification time and size every {@code
 * reloadInterval}; the new file is read off the event loop, checked like at start, and given to the
 * listener's next handshakes (implicit TLS and STARTTLS alike). Sessions already open keep the
 * certificate they were given. A file that does not load (half written, wrong key) is logged and
 * the previous certificate stays in use.
 */
public final class ListenerTls implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ListenerTls.class);
  private static final String IMPLICIT_HANDLER = "mailtier-implicit-tls";

  private final Vertx vertx;
  private final String listener;
  private final TlsMode mode;
  private final TlsSettings settings;
  private final Path certificateFile;
  private final ChainDepthTrustManager trustManager;
  private final TrustOptions trust;
  private final TlsMetrics metrics;
  private volatile ServerSSLOptions current;
  private volatile SslContext netty;
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
    this.trustManager =
        settings == null || settings.caFile() == null
            ? null
            : ChainDepthTrustManager.of(
                PemBundle.readCertificates(Path.of(settings.caFile())), settings.maxChainDepth());
    this.trust = trustManager == null ? null : TrustOptions.wrap(trustManager);
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

  /**
   * Starts implicit TLS on an admitted connection: a TLS handler goes in front of the socket and
   * first gets {@code early}, the bytes that arrived while the connection waited for its PROXY
   * header and its admission (usually the ClientHello). The handshake runs when the session resumes
   * the socket; what the session writes meanwhile is held by the TLS handler until the handshake is
   * done. The listening socket itself is plain, so that the PROXY header and the admission come
   * before any TLS byte, and a refused connection is closed without a byte sent (ADR 0022).
   *
   * @return the bytes the session should see first (none: they went into the TLS handler)
   */
  public Buffer startImplicit(NetSocket socket, Buffer early) {
    if (mode != TlsMode.IMPLICIT) {
      return early;
    }
    if (!(socket instanceof NetSocketInternal internal)) {
      throw new IllegalStateException("no access to the channel pipeline");
    }
    ChannelHandlerContext ctx = internal.channelHandlerContext();
    SslHandler handler = netty.newHandler(ctx.alloc());
    handler
        .handshakeFuture()
        .addListener(f -> {
          if (!f.isSuccess()) {
            handshakeFailed(f.cause());
          }
        });
    ChannelPipeline pipeline = ctx.pipeline();
    pipeline.addFirst(IMPLICIT_HANDLER, handler);
    if (early.length() > 0) {
      pipeline.fireChannelRead(Unpooled.wrappedBuffer(early.getBytes()));
    }
    return Buffer.buffer();
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
    netty = nettyContext(bundle);
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
    SslContext context = nettyContext(bundle);
    current = options;
    netty = context;
    fingerprint = PemBundle.sha256(bundle.leaf());
    LOG.info("TLS on {}: reloaded {} (SHA-256 {})", listener, certificateFile, fingerprint);
  }

  /** The same settings as {@link #options} for the TLS handler of implicit TLS. */
  private SslContext nettyContext(PemBundle bundle) {
    try {
      SslContextBuilder b =
          SslContextBuilder.forServer(bundle.key(), bundle.chain().toArray(new X509Certificate[0]))
              .sslProvider(SslProvider.JDK)
              .protocols(settings.protocols())
              .clientAuth(
                  switch (settings.requestClientCertificate()) {
                    case NONE -> io.netty.handler.ssl.ClientAuth.NONE;
                    case REQUEST -> io.netty.handler.ssl.ClientAuth.OPTIONAL;
                    case REQUIRE -> io.netty.handler.ssl.ClientAuth.REQUIRE;
                  });
      if (!settings.cipherSuites().isEmpty()) {
        b.ciphers(settings.cipherSuites());
      }
      if (trustManager != null) {
        b.trustManager(trustManager);
      }
      return b.build();
    } catch (SSLException e) {
      throw new IllegalArgumentException(
          certificateFile + ": cannot be used for TLS: " + e.getMessage(), e);
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
