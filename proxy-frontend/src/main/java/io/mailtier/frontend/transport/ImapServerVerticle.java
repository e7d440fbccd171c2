package io.mailtier.frontend.transport;

import io.mailtier.frontend.config.ImapConfig;
import io.mailtier.frontend.imap.ImapProcessor;
import io.mailtier.frontend.imap.session.TransportSecurity;
import io.mailtier.frontend.listener.ListenerConfig;
import io.mailtier.frontend.listener.flow.Permit;
import io.mailtier.frontend.metrics.FrontendMetrics;
import io.mailtier.frontend.transport.tls.ListenerTls;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One IMAP listener: a {@link NetServer} (plain, or TLS from the first byte) whose connections
 * become IMAP sessions.
 */
public final class ImapServerVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(ImapServerVerticle.class);
  private static final String PREFIX = Long.toString(new SecureRandom().nextInt(36 * 36 * 36), 36);
  private static final AtomicLong SESSIONS = new AtomicLong();

  /** Creates the protocol engine of a new connection. */
  @FunctionalInterface
  public interface SessionFactory {
    ImapProcessor create(
        String sessionId, String clientIp, int clientPort, TransportSecurity security);
  }

  private final ListenerConfig listener;
  private final ImapConfig imap;
  private final SessionFactory sessions;
  private final FrontendMetrics metrics;
  private final AcceptPath accept;
  private final ListenerTls tls;
  private final Set<ImapConnection> connections = new HashSet<>();
  private NetServer server;

  public ImapServerVerticle(
      ListenerConfig listener,
      ImapConfig imap,
      SessionFactory sessions,
      FrontendMetrics metrics,
      AcceptPath accept,
      ListenerTls tls) {
    this.tls = tls;
    this.listener = listener;
    this.imap = imap;
    this.sessions = sessions;
    this.metrics = metrics;
    this.accept = accept;
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
                "IMAP listener on {}:{} (tls {})",
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
    for (ImapConnection c : Set.copyOf(connections)) {
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
    LOG.debug("[{}] connection from {}:{}", sessionId, clientIp, client.getPort());
    ImapConnection[] holder = new ImapConnection[1];
    ImapProcessor processor =
        sessions.create(
            sessionId,
            clientIp,
            client.getPort(),
            new TransportSecurity(
                tls.secureFromStart(), tls.startTlsAvailable(), imap.requireTlsForAuth()));
    metrics.sessionOpened();
    holder[0] =
        new ImapConnection(
            vertx,
            socket,
            processor,
            sessionId,
            imap.maxLineLength(),
            imap.maxLiteralSize(),
            listener.idleTimeout(imap.idleTimeout()),
            () -> {
              connections.remove(holder[0]);
              metrics.sessionClosed();
              metrics.listenerClosed(accept.listenerId());
              permit.release();
            },
            tls);
    connections.add(holder[0]);
    holder[0].start(tls.startImplicit(socket, early));
  }
}
