package io.mailtier.frontend;

import com.hazelcast.core.HazelcastInstance;
import io.mailtier.common.admin.AdminServer;
import io.mailtier.frontend.auth.AccountNames;
import io.mailtier.frontend.auth.Authenticator;
import io.mailtier.frontend.auth.lockout.AuthLockout;
import io.mailtier.frontend.auth.lockout.FailureStore;
import io.mailtier.frontend.auth.lockout.HazelcastFailureStore;
import io.mailtier.frontend.auth.lockout.LocalFailureStore;
import io.mailtier.frontend.backend.ChannelPool;
import io.mailtier.frontend.backend.MailboxWatcher;
import io.mailtier.frontend.backend.MailstoreClient;
import io.mailtier.frontend.backend.NodeDirectory;
import io.mailtier.frontend.backend.SessionOrigin;
import io.mailtier.frontend.config.FrontendConfig;
import io.mailtier.frontend.config.Pop3Config;
import io.mailtier.frontend.imap.ImapProcessor;
import io.mailtier.frontend.imap.handle.HandlerContext;
import io.mailtier.frontend.imap.handle.HandlerRegistry;
import io.mailtier.frontend.imap.parse.ParserRegistry;
import io.mailtier.frontend.imap.parse.RequestParser;
import io.mailtier.frontend.imap.session.SessionOptions;
import io.mailtier.frontend.imap.session.SessionUpdates;
import io.mailtier.frontend.imap.session.TransportSecurity;
import io.mailtier.frontend.listener.ErrorControl;
import io.mailtier.frontend.listener.HostPort;
import io.mailtier.frontend.listener.ListenerConfig;
import io.mailtier.frontend.listener.ListenerGate;
import io.mailtier.frontend.listener.flow.ConnectionLimiter;
import io.mailtier.frontend.listener.flow.FallbackConnectionLimiter;
import io.mailtier.frontend.listener.flow.HazelcastConnectionLimiter;
import io.mailtier.frontend.listener.flow.HazelcastMembers;
import io.mailtier.frontend.listener.flow.LocalConnectionLimiter;
import io.mailtier.frontend.listener.rules.AccessPolicy;
import io.mailtier.frontend.listener.rules.AccessRule;
import io.mailtier.frontend.metrics.FrontendMetrics;
import io.mailtier.frontend.metrics.Pop3Metrics;
import io.mailtier.frontend.metrics.SessionMetrics;
import io.mailtier.frontend.pop3.Pop3Context;
import io.mailtier.frontend.pop3.Pop3Processor;
import io.mailtier.frontend.pop3.lock.HazelcastMaildropLocks;
import io.mailtier.frontend.pop3.lock.LocalMaildropLocks;
import io.mailtier.frontend.pop3.lock.MaildropLocks;
import io.mailtier.frontend.routing.UserMap;
import io.mailtier.frontend.routing.UserMaps;
import io.mailtier.frontend.transport.AcceptPath;
import io.mailtier.frontend.transport.ImapSession;
import io.mailtier.frontend.transport.LineServerVerticle;
import io.mailtier.frontend.transport.Pop3Session;
import io.mailtier.frontend.transport.tls.ListenerTls;
import io.mailtier.frontend.transport.tls.TlsMetrics;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running front-end: the IMAP and POP3 listeners, the gRPC channels to the back-end nodes, the
 * user map and the admin endpoint. {@link #start} returns once every listener is bound.
 */
public final class FrontendServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(FrontendServer.class);
  private static final long START_TIMEOUT_SECONDS = 30;

  /** How long an admission waits for the cluster-wide counters before counting locally. */
  private static final Duration ADMISSION_TIMEOUT = Duration.ofSeconds(2);

  /** Listener instances (each with its own event loop) per IMAP listener. */
  private static final int EVENT_LOOPS = Math.max(1, Runtime.getRuntime().availableProcessors());

  private final Vertx vertx;
  private final UserMap userMap;
  private final ChannelPool channels;
  private MailboxWatcher watcher;
  private final List<LineServerVerticle> imapListeners = new ArrayList<>();
  private final List<LineServerVerticle> pop3Listeners = new ArrayList<>();
  private final List<String> deployments = new ArrayList<>();
  private final List<ListenerTls> listenerTls = new ArrayList<>();
  private AdminServer admin;
  private HazelcastInstance hazelcast;
  private ConnectionLimiter limiter;
  private MaildropLocks maildropLocks;
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
    watcher = new MailboxWatcher(channels, vertx);
    watcher.bindTo(registry);
    var imap = config.imap();
    Clock clock = Clock.systemUTC();
    FailureStore failures;
    if (config.hazelcast().enabled()) {
      hazelcast = HazelcastMembers.start(config.hazelcast()); // blocks until joined
      HazelcastInstance member = hazelcast;
      io.micrometer.core.instrument.Gauge.builder(
              "mailtier_hazelcast_members",
              () -> member.getLifecycleService().isRunning() ? clusterMembers() : 0)
          .description("members of the front-ends' Hazelcast cluster this member sees")
          .register(registry);
      limiter =
          new FallbackConnectionLimiter(
              new HazelcastConnectionLimiter(hazelcast, clock),
              new LocalConnectionLimiter(clock),
              ADMISSION_TIMEOUT,
              metrics::admissionFailed);
      failures = new HazelcastFailureStore(hazelcast);
    } else {
      limiter = new LocalConnectionLimiter(clock);
      failures = new LocalFailureStore();
    }
    AuthLockout lockout = new AuthLockout(config.authLockout(), failures, clock);
    Authenticator authenticator =
        new Authenticator(
            vertx,
            userMap,
            imap.authentication(),
            imap.failoverBackend(),
            new AccountNames(config.defaultDomain()),
            mailstore,
            lockout);
    RequestParser parser = new RequestParser(ParserRegistry.standard());
    HandlerRegistry handlers = HandlerRegistry.standard();
    TlsMetrics tlsMetrics = new TlsMetrics(registry);
    startListeners(
        "IMAP",
        imap.listeners(),
        imap.rules(),
        imap.maxBadCommands(),
        imap.idleTimeout(),
        config,
        metrics,
        tlsMetrics,
        imapListeners,
        metrics,
        (listenerId, errors) ->
            (sessionId, clientIp, clientPort, tls) ->
                new ImapSession(
                    new ImapProcessor(
                        parser,
                        handlers,
                        sessionContext(
                            sessionId,
                            clientIp,
                            clientPort,
                            mailstore,
                            authenticator,
                            metrics,
                            listenerId,
                            config.backends().deadline()),
                        errors,
                        new TransportSecurity(
                            tls.secureFromStart(),
                            tls.startTlsAvailable(),
                            imap.requireTlsForAuth())),
                    imap.maxLineLength(),
                    imap.maxLiteralSize()));
    Pop3Config pop3 = config.pop3();
    if (pop3 != null) {
      maildropLocks =
          hazelcast != null
              ? new HazelcastMaildropLocks(hazelcast, pop3.maildropLockTtl())
              : new LocalMaildropLocks();
      MaildropLocks locks = maildropLocks;
      Pop3Metrics pop3Metrics = new Pop3Metrics(registry);
      Authenticator pop3Authenticator =
          new Authenticator(
              vertx,
              userMap,
              pop3.authentication(),
              pop3.failoverBackend(),
              new AccountNames(config.defaultDomain()),
              mailstore,
              lockout);
      startListeners(
          "POP3",
          pop3.listeners(),
          pop3.rules(),
          pop3.maxBadCommands(),
          pop3.idleTimeout(),
          config,
          metrics,
          tlsMetrics,
          pop3Listeners,
          pop3Metrics,
          (listenerId, errors) ->
              (sessionId, clientIp, clientPort, tls) ->
                  new Pop3Session(
                      new Pop3Processor(
                          new Pop3Context(
                              sessionId,
                              clientIp,
                              mailstore,
                              pop3Authenticator,
                              locks,
                              pop3Metrics),
                          errors,
                          new TransportSecurity(
                              tls.secureFromStart(),
                              tls.startTlsAvailable(),
                              pop3.requireTlsForAuth())),
                      pop3.maxLineLength()));
    }
    if (config.admin().address() != null) {
      HostPort hp = HostPort.parse(config.admin().address());
      admin = AdminServer.start(new InetSocketAddress(hp.host(), hp.port()), registry);
    }
    LOG.info(
        "front-end started: IMAP port {}, POP3 port {}, admin port {}, {} back-end(s),"
            + " authentication {}",
        imapPort(),
        pop3Port(),
        adminPort(),
        config.backends().nodes().size(),
        imap.authentication());
  }

  /** Makes the session factory of one listener of a service. */
  @FunctionalInterface
  private interface ServiceSessions {
    LineServerVerticle.SessionFactory forListener(String listenerId, ErrorControl errors);
  }

  /**
   * Starts the enabled listeners of one line-protocol service: each gets its accept path (rules,
   * limits, PROXY header), its TLS side, and one verticle per event loop.
   */
  private void startListeners(
      String protocol,
      List<ListenerConfig> listeners,
      List<AccessRule> serviceRules,
      int maxBadCommands,
      Duration idleTimeout,
      FrontendConfig config,
      FrontendMetrics metrics,
      TlsMetrics tlsMetrics,
      List<LineServerVerticle> bound,
      SessionMetrics sessionMetrics,
      ServiceSessions sessions)
      throws Exception {
    for (ListenerConfig listener : listeners) {
      if (!listener.enabled()) {
        continue;
      }
      String listenerId = listener.address();
      LineServerVerticle.SessionFactory factory =
          sessions.forListener(listenerId, listener.errorControl(maxBadCommands));
      AccessPolicy policy =
          new AccessPolicy(config.rules(), serviceRules, listener.rules(), listener.flowControl());
      AcceptPath accept =
          new AcceptPath(
              new ListenerGate(listenerId, policy, limiter),
              listener.proxyProtocol(),
              AcceptPath.DEFAULT_HEADER_TIMEOUT,
              metrics);
      // With a fixed port, one instance per event loop: Vert.x shares the listening socket among
      // them and spreads connections over their event loops. Port 0 (tests) cannot be shared, as
      // each instance would bind a port of its own, so it gets one instance.
      int instances = listener.port() == 0 ? 1 : EVENT_LOOPS;
      ListenerTls tls = listenerTls(config, listener, tlsMetrics);
      for (int i = 0; i < instances; i++) {
        LineServerVerticle verticle =
            new LineServerVerticle(
                protocol, listener, idleTimeout, factory, metrics, sessionMetrics, accept, tls);
        deployments.add(await(vertx.deployVerticle(verticle)));
        if (i == 0) {
          bound.add(verticle);
        }
      }
    }
  }

  /**
   * The handlers' view of one session: its MailStore calls (and the back-end authentication's)
   * carry the client's address and the session id as gRPC metadata.
   */
  private HandlerContext sessionContext(
      String sessionId,
      String clientIp,
      int clientPort,
      MailstoreClient mailstore,
      Authenticator authenticator,
      FrontendMetrics metrics,
      String listenerId,
      java.time.Duration deadline) {
    MailstoreClient client =
        mailstore.forSession(new SessionOrigin(clientIp, clientPort, sessionId.split(" ", 2)[0]));
    return new HandlerContext(
        sessionId,
        clientIp,
        client,
        authenticator.using(client),
        metrics,
        listenerId,
        new SessionUpdates(watcher, client, deadline, sessionId),
        new SessionOptions());
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
    return imapListeners.stream().map(LineServerVerticle::actualPort).toList();
  }

  /** The bound port of the first POP3 listener; -1 when there is none. */
  public int pop3Port() {
    return pop3Listeners.isEmpty() ? -1 : pop3Listeners.get(0).actualPort();
  }

  /** The bound ports of every enabled POP3 listener, in configuration order. */
  public List<Integer> pop3Ports() {
    return pop3Listeners.stream().map(LineServerVerticle::actualPort).toList();
  }

  /**
   * The TLS side of every enabled listener, in configuration order: the IMAP listeners first, then
   * the POP3 ones.
   */
  public List<ListenerTls> imapListenerTls() {
    return List.copyOf(listenerTls);
  }

  /** The members of the Hazelcast cluster this front-end sees; 0 without Hazelcast. */
  public int clusterMembers() {
    HazelcastInstance h = hazelcast;
    return h == null ? 0 : h.getCluster().getMembers().size();
  }

  /** The front-end's watch streams to the nodes (one per node). */
  public MailboxWatcher watcher() {
    return watcher;
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
    if (maildropLocks != null) {
      maildropLocks.close();
    }
    if (limiter != null) {
      limiter.close();
    }
    if (hazelcast != null) {
      try {
        hazelcast.shutdown(); // the others release this member's open-connection counts
      } catch (RuntimeException e) {
        LOG.warn("stopping the Hazelcast member failed", e);
      }
    }
    if (watcher != null) {
      watcher.close();
    }
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
