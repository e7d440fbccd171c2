package io.mailtier.frontend.transport;

import io.mailtier.frontend.listener.IpLiterals;
import io.mailtier.frontend.listener.ListenerGate;
import io.mailtier.frontend.listener.flow.Admission;
import io.mailtier.frontend.listener.flow.Permit;
import io.mailtier.frontend.listener.proxy.ProxyDecodeResult;
import io.mailtier.frontend.listener.proxy.ProxyHeader;
import io.mailtier.frontend.listener.proxy.ProxyProtocolDecoder;
import io.mailtier.frontend.listener.proxy.ProxyProtocolMode;
import io.mailtier.frontend.metrics.FrontendMetrics;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.SocketAddress;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens to a new socket of one listener before its protocol starts, in this order: the PROXY
 * protocol header if the listener expects one (within {@link #headerTimeout}), the client IP (from
 * the header, else the socket), the listener's rules and limits ({@link ListenerGate}), and then
 * either a refusal — the socket is closed with nothing sent — or the protocol session, which owns
 * the permit and gives it back when the socket closes. Shared by all instances of a listener; runs
 * on the socket's event loop and never blocks.
 */
public final class AcceptPath {
  private static final Logger LOG = LoggerFactory.getLogger(AcceptPath.class);

  /** How long a PROXY protocol header may take to arrive. */
  public static final Duration DEFAULT_HEADER_TIMEOUT = Duration.ofSeconds(5);

  /** Client bytes held while the admission is decided (a client should wait for the greeting). */
  private static final int MAX_EARLY_BYTES = 64 * 1024;

  /** Starts the protocol session of an admitted connection. */
  @FunctionalInterface
  public interface Session {
    /**
     * @param socket the connection, paused: the session sets its handlers, processes {@code early}
     *     first, then resumes it
     * @param client the original client address
     * @param early bytes the client sent after the PROXY header and before admission
     * @param permit to release when the connection closes, however it closes
     */
    void start(NetSocket socket, InetSocketAddress client, Buffer early, Permit permit);
  }

  private final ListenerGate gate;
  private final ProxyProtocolMode proxyProtocol;
  private final Duration headerTimeout;
  private final FrontendMetrics metrics;

  public AcceptPath(
      ListenerGate gate,
      ProxyProtocolMode proxyProtocol,
      Duration headerTimeout,
      FrontendMetrics metrics) {
    this.gate = Objects.requireNonNull(gate, "gate");
    this.proxyProtocol = Objects.requireNonNull(proxyProtocol, "proxyProtocol");
    this.headerTimeout = Objects.requireNonNull(headerTimeout, "headerTimeout");
    this.metrics = Objects.requireNonNull(metrics, "metrics");
  }

  /** The listener's name in logs and metrics (its configured address). */
  public String listenerId() {
    return gate.listenerId();
  }

  /** Takes a new socket through the accept path; call from the listener's connect handler. */
  public void accept(Vertx vertx, NetSocket socket, Session session) {
    new Pending(vertx, socket, session).begin();
  }

  /** One socket on its way in. */
  private final class Pending {
    private final Vertx vertx;
    private final NetSocket socket;
    private final Session session;
    private final Context context;
    private final Buffer early = Buffer.buffer();
    private ProxyProtocolDecoder decoder;
    private boolean headerDone;
    private boolean closed;
    private long headerTimer = -1;

    Pending(Vertx vertx, NetSocket socket, Session session) {
      this.vertx = vertx;
      this.socket = socket;
      this.session = session;
      this.context = vertx.getOrCreateContext();
    }

    void begin() {
      socket.closeHandler(v -> closed = true);
      socket.exceptionHandler(t -> {
        LOG.debug("listener {}: socket error before the session: {}", listenerId(), t.toString());
        socket.close();
      });
      InetSocketAddress peer = address(socket.remoteAddress());
      if (proxyProtocol == ProxyProtocolMode.OFF) {
        headerDone = true;
        socket.handler(this::hold);
        socket.pause();
        admit(peer, null);
        return;
      }
      decoder = new ProxyProtocolDecoder(proxyProtocol);
      headerTimer =
          vertx.setTimer(
              headerTimeout.toMillis(),
              id -> {
                headerTimer = -1;
                if (!headerDone && !closed) {
                  headerDone = true;
                  refuse(peer, "proxy", "no PROXY protocol header within " + headerTimeout);
                }
              });
      socket.handler(this::received);
    }

    private void received(Buffer data) {
      if (headerDone) {
        hold(data);
        return;
      }
      switch (decoder.feed(data.getBytes())) {
        case ProxyDecodeResult.NeedMore n -> {}
        case ProxyDecodeResult.Malformed m -> {
          headerDone();
          refuse(
              address(socket.remoteAddress()), "proxy", "bad PROXY protocol header: " + m.reason());
        }
        case ProxyDecodeResult.Parsed p -> {
          headerDone();
          socket.pause();
          early.appendBytes(p.remainder());
          InetSocketAddress peer = address(socket.remoteAddress());
          InetSocketAddress client =
              p.header() instanceof ProxyHeader.Proxied proxied ? proxied.source() : peer;
          admit(client, peer);
        }
      }
    }

    private void headerDone() {
      headerDone = true;
      if (headerTimer != -1) {
        vertx.cancelTimer(headerTimer);
        headerTimer = -1;
      }
    }

    /** Bytes that arrive while the admission is decided go to the session first. */
    private void hold(Buffer data) {
      early.appendBuffer(data);
      if (early.length() > MAX_EARLY_BYTES) {
        LOG.info(
            "listener {}: closing {}: {} bytes sent before the greeting",
            listenerId(),
            socket.remoteAddress(),
            early.length());
        socket.close();
      }
    }

    /**
     * @param via the proxy's address when a PROXY header named the client, else null
     */
    private void admit(InetSocketAddress client, InetSocketAddress via) {
      if (client == null) {
        socket.close();
        return;
      }
      InetAddress ip = client.getAddress();
      Future.fromCompletionStage(gate.admit(ip), context)
          .onComplete(ar -> {
            if (ar.failed()) {
              LOG.warn(
                  "listener {}: refused {}: the admission failed: {}",
                  listenerId(),
                  ip.getHostAddress(),
                  ar.cause().toString());
              metrics.listenerRefused(listenerId(), "error");
              socket.close();
              return;
            }
            switch (ar.result()) {
              case Admission.Refused r ->
                  refuse(
                      client,
                      r.reason().name().toLowerCase(Locale.ROOT),
                      r.reason() == Admission.Reason.RULE
                          ? r.detail()
                          : r.reason() + " " + r.scope() + ": " + r.detail());
              case Admission.Granted g -> granted(client, via, g.permit());
            }
          });
    }

    private void granted(InetSocketAddress client, InetSocketAddress via, Permit permit) {
      if (closed) {
        permit.release(); // the client left while we decided
        return;
      }
      metrics.listenerAccepted(listenerId());
      LOG.info(
          "listener {}: accepted {}{}",
          listenerId(),
          render(client),
          via == null ? "" : " via " + render(via) + " (PROXY " + proxyProtocol + ")");
      session.start(socket, client, early, permit);
    }

    private void refuse(InetSocketAddress client, String reason, String detail) {
      metrics.listenerRefused(listenerId(), reason);
      LOG.info(
          "listener {}: refused {}: {}",
          listenerId(),
          client == null ? "?" : render(client),
          detail);
      socket.close();
    }
  }

  private static String render(InetSocketAddress a) {
    return a.getAddress().getHostAddress() + ":" + a.getPort();
  }

  private static InetSocketAddress address(SocketAddress a) {
    if (a == null || a.hostAddress() == null) {
      return null;
    }
    String host = a.hostAddress();
    int scope = host.indexOf('%');
    try {
      return new InetSocketAddress(
          IpLiterals.parse(scope < 0 ? host : host.substring(0, scope)), a.port());
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
