package io.mailtier.frontend.transport;

import io.mailtier.frontend.listener.ListenerConfig;
import io.mailtier.frontend.listener.flow.Permit;
import io.mailtier.frontend.metrics.FrontendMetrics;
import io.mailtier.frontend.metrics.SessionMetrics;
import io.mailtier.frontend.transport.tls.ListenerTls;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One listener of a line protocol (IMAP, POP3): a plain {@link NetServer} whose connections go
 * through the listener's {@link AcceptPath} (PROXY header, rules, limits), then implicit TLS if the
 * listener has it ({@link ListenerTls#startImplicit}), and then become a {@link LineConnection}
 * served by the protocol's {@link ProtocolSession}.
 */
public final class LineServerVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(LineServerVerticle.class);
  private static final String PREFIX = Long.toString(new SecureRandom().nextInt(36 * 36 * 36), 36);
  private static final AtomicLong SESSIONS = new AtomicLong();

  /** Creates the protocol side of a new connection. */
  @FunctionalInterface
  public interface SessionFactory {
    /**
     * @param clientPort the client's port (after the PROXY header), for the back-end's logs
     * @param tls the listener's TLS side: whether the connection is secure from the start and
     *     whether STARTTLS is offered
     */
    ProtocolSession create(String sessionId, String clientIp, int clientPort, ListenerTls tls);
  }

  private final String protocol;
  private final ListenerConfig listener;
  private final Duration idleTimeout;
  private final SessionFactory sessions;
  private final FrontendMetrics metrics;
  private final SessionMetrics sessionMetrics;
  private final AcceptPath accept;
  private final ListenerTls tls;
  private final Set<LineConnection> connections = new HashSet<>();
  private NetServer server;

  /**
   * @param protocol the protocol's name in logs (IMAP, POP3)
   * @param idleTimeout the service's idle timeout; the listener may override it
   * @param metrics the listener metrics
   * @param sessionMetrics the protocol's session gauge
   */
  public LineServerVerticle(
      String protocol,
      ListenerConfig listener,
      Duration idleTimeout,
      SessionFactory sessions,
      FrontendMetrics metrics,
      SessionMetrics sessionMetrics,
      AcceptPath accept,
      ListenerTls tls) {
    this.sessionMetrics = sessionMetrics;
    this.protocol = protocol;
    this.listener = listener;
    this.idleTimeout = idleTimeout;
    this.sessions = sessions;
    this.metrics = metrics;
    this.accept = accept;
    this.tls = tls;
  }

  @Override
  public Future<?> start() {
    NetServerOptions options =
        new NetServerOptions()
            .setHost(listener.host())
            .setPort(listener.port())
            .setTcpNoDelay(true)
            .setTcpKeepAlive(true);
    server = vertx.createNetServer(options).connectHandler(this::connected);
    return server
        .listen()
        .onSuccess(s ->
            LOG.info(
                "{} listener on {}:{} (tls {})",
                protocol,
                listener.host(),
                s.actualPort(),
                tls.mode().key()));
  }

  /** The bound port (after start). */
  public int actualPort() {
    return server.actualPort();
  }

  @Override
  public Future<?> stop() {
    for (LineConnection c : Set.copyOf(connections)) {
      c.shutdown();
    }
    return server.close();
  }

  private void connected(NetSocket socket) {
    accept.accept(vertx, socket, this::admitted);
  }

  /** A connection the listener admitted: the session, holding the permit until it closes. */
  private void admitted(NetSocket socket, InetSocketAddress client, Buffer early, Permit permit) {
    String clientIp = client.getAddress().getHostAddress();
    String sessionId =
        PREFIX + "-" + Long.toString(SESSIONS.incrementAndGet(), 36) + " " + clientIp;
    LOG.debug("[{}] {} connection from {}:{}", sessionId, protocol, clientIp, client.getPort());
    LineConnection[] holder = new LineConnection[1];
    ProtocolSession session = sessions.create(sessionId, clientIp, client.getPort(), tls);
    sessionMetrics.sessionOpened();
    holder[0] =
        new LineConnection(
            vertx,
            socket,
            session,
            sessionId,
            listener.idleTimeout(idleTimeout),
            () -> {
              connections.remove(holder[0]);
              sessionMetrics.sessionClosed();
              metrics.listenerClosed(accept.listenerId());
              permit.release();
            },
            tls);
    connections.add(holder[0]);
    holder[0].start(tls.startImplicit(socket, early));
  }
}
