package io.mailtier.frontend;

import io.mailtier.common.admin.AdminServer;
import io.mailtier.frontend.auth.AccountNames;
import io.mailtier.frontend.auth.Authenticator;
import io.mailtier.frontend.backend.ChannelPool;
import io.mailtier.frontend.backend.MailstoreClient;
import io.mailtier.frontend.backend.NodeDirectory;
import io.mailtier.frontend.config.FrontendConfig;
import io.mailtier.frontend.imap.ImapProcessor;
import io.mailtier.frontend.imap.handle.HandlerContext;
import io.mailtier.frontend.imap.handle.HandlerRegistry;
import io.mailtier.frontend.imap.parse.ParserRegistry;
import io.mailtier.frontend.imap.parse.RequestParser;
import io.mailtier.frontend.listener.HostPort;
import io.mailtier.frontend.listener.ListenerConfig;
import io.mailtier.frontend.metrics.FrontendMetrics;
import io.mailtier.frontend.routing.UserMap;
import io.mailtier.frontend.routing.UserMaps;
import io.mailtier.frontend.transport.ImapServerVerticle;
import io.mailtier.frontend.transport.tls.ListenerTls;
import io.mailtier.frontend.transport.tls.TlsMetrics;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running front-end: the IMAP listeners, the gRPC channels to the back-end nodes, the user map
 * and the admin endpoint. {@link #start} returns once every listener is bound.
 */
public final class FrontendServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(FrontendServer.class);
  private static final long START_TIMEOUT_SECONDS = 30;

  /** Listener instances (each with its own event loop) per IMAP listener. */
  private static final int EVENT_LOOPS = Math.max(1, Runtime.getRuntime().availableProcessors());

  private final Vertx vertx;
  private final UserMap userMap;
  private final ChannelPool channels;
  private final List<ImapServerVerticle> imapListeners = new ArrayList<>();
  private final List<String> deployments = new ArrayList<>();
  private final List<ListenerTls> listenerTls = new ArrayList<>();
  private AdminServer admin;
  private boolean closed;

  private FrontendServer(Vertx vertx, UserMap userMap, ChannelPool channels) {
    this.vertx = vertx;
    this.userMap = userMap;
    this.channels = channels;
  }

  /**
   * Starts a front-end.
   *
   * @throws Exception when a listener cannot be bound or the user map cannot be built
   */
  public static FrontendServer start(FrontendConfig config) throws Exception {
    UserMap userMap = UserMaps.create(config.userMap());
    Vertx vertx = Vertx.vertx();
    ChannelPool channels = new ChannelPool(new NodeDirectory(config.backends().nodes()));
    FrontendServer server = new FrontendServer(vertx, userMap, channels);
    try {
      server.startServices(config);
      return server;
    } catch (Exception | Error e) {
      server.close();
      throw e;
    }
  }

  private void startServices(FrontendConfig config) throws Exception {
    var registry = AdminServer.newRegistry();
    FrontendMetrics metrics = new FrontendMetrics(registry);
    MailstoreClient mailstore = new MailstoreClient(channels, config.backends().deadline());
    var imap = config.imap();
    Authenticator authenticator =
        new Authenticator(
            vertx,
            userMap,
            imap.authentication(),
            imap.failoverBackend(),
            new AccountNames(config.defaultDomain()),
            mailstore);
    RequestParser parser = new RequestParser(ParserRegistry.standard());
    HandlerRegistry handlers = HandlerRegistry.standard();
    ImapServerVerticle.SessionFactory sessions =
        (sessionId, clientIp, security) ->
            new ImapProcessor(
                parser,
                handlers,
                new HandlerContext(sessionId, clientIp, mailstore, authenticator, metrics),
                imap.maxBadCommands(),
                security);
    TlsMetrics tlsMetrics = new TlsMetrics(registry);
    for (ListenerConfig listener : imap.listeners()) {
      if (!listener.enabled()) {
        continue;
      }
      // With a fixed port, one instance per event loop: Vert.x shares the listening socket among
      // them and spreads connections over their event loops. Port 0 (tests) cannot be shared, as
      // each instance would bind a port of its own, so it gets one instance.
      int instances = listener.port() == 0 ? 1 : EVENT_LOOPS;
      ListenerTls tls = listenerTls(config, listener, tlsMetrics);
      for (int i = 0; i < instances; i++) {
        ImapServerVerticle verticle =
            new ImapServerVerticle(listener, imap, sessions, metrics, tls);
        deployments.add(await(vertx.deployVerticle(verticle)));
        if (i == 0) {
          imapListeners.add(verticle);
        }
      }
    }
    if (config.admin().address() != null) {
      HostPort hp = HostPort.parse(config.admin().address());
      admin = AdminServer.start(new InetSocketAddress(hp.host(), hp.port()), registry);
    }
    LOG.info(
        "front-end started: IMAP port {}, admin port {}, {} back-end(s), authentication {}",
        imapPort(),
        adminPort(),
        config.backends().nodes().size(),
        imap.authentication());
  }

  private ListenerTls listenerTls(
      FrontendConfig config, ListenerConfig listener, TlsMetrics tlsMetrics) {
    ListenerTls tls =
        ListenerTls.create(
            vertx,
            listener.address(),
            listener.tls(),
            listener.tlsSettings(),
            config.dataDir() == null ? null : Path.of(config.dataDir()),
            config.hostName(),
            tlsMetrics);
    listenerTls.add(tls);
    return tls;
  }

  private static <T> T await(Future<T> future) throws Exception {
    try {
      return future
          .toCompletionStage()
          .toCompletableFuture()
          .get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof Exception cause) {
        throw cause;
      }
      throw e;
    } catch (TimeoutException e) {
      throw new IllegalStateException("timed out starting the front-end", e);
    }
  }

  /** The bound port of the first IMAP listener; -1 when none is enabled. */
  public int imapPort() {
    return imapListeners.isEmpty() ? -1 : imapListeners.get(0).actualPort();
  }

  /** The bound ports of every IMAP listener, in configuration order. */
  public List<Integer> imapPorts() {
    return imapListeners.stream().map(ImapServerVerticle::actualPort).toList();
  }

  /** The TLS side of every enabled IMAP listener, in configuration order. */
  public List<ListenerTls> imapListenerTls() {
    return List.copyOf(listenerTls);
  }

  /** The admin endpoint's port; -1 when there is none. */
  public int adminPort() {
    return admin == null ? -1 : admin.port();
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    for (String id : deployments) {
      try {
        await(vertx.undeploy(id));
      } catch (Exception e) {
        LOG.warn("undeploying a listener failed", e);
      }
    }
    listenerTls.forEach(ListenerTls::close);
    channels.close();
    try {
      userMap.close();
    } catch (RuntimeException e) {
      LOG.warn("closing the user map failed", e);
    }
    if (admin != null) {
      admin.close();
    }
    try {
      await(vertx.close());
    } catch (Exception e) {
      LOG.warn("closing Vert.x failed", e);
    }
  }
}
