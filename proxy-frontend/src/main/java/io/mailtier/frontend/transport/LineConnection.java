package io.mailtier.frontend.transport;

import io.mailtier.frontend.transport.tls.ListenerTls;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection of a line protocol (IMAP, POP3): bytes in → the session's framer → a queue
 * of work served one at a time, in order, by the {@link ProtocolSession} → encoded replies out.
 * Also enforces the idle timeout, runs STARTTLS with the injection guard, and stops reading while
 * too much work is queued or the client reads too slowly.
 */
final class LineConnection {
  private static final Logger LOG = LoggerFactory.getLogger(LineConnection.class);
  private static final int PAUSE_QUEUE = 32;
  private static final int RESUME_QUEUE = 4;

  private final Vertx vertx;
  private final NetSocket socket;
  private final ProtocolSession session;
  private final String sessionId;
  private final long idleMillis;
  private final Runnable onClose;
  private final ListenerTls tls;
  private ProtocolSession.Framer framer;
  private final Deque<Supplier<Future<ProtocolSession.Reply>>> queue = new ArrayDeque<>();
  private boolean busy;
  private boolean paused;
  private boolean closed;
  private long lastActivity = System.nanoTime();
  private long idleTimer = -1;
  private boolean released;
  private boolean draining;

  LineConnection(
      Vertx vertx,
      NetSocket socket,
      ProtocolSession session,
      String sessionId,
      Duration idleTimeout,
      Runnable onClose,
      ListenerTls tls) {
    this.vertx = vertx;
    this.tls = tls;
    this.socket = socket;
    this.session = session;
    this.sessionId = sessionId;
    this.idleMillis = idleTimeout.toMillis();
    this.onClose = onClose;
    this.framer = newFramer();
  }

  private ProtocolSession.Framer newFramer() {
    return session.newFramer(
        new ProtocolSession.Sink() {
          @Override
          public void enqueue(Supplier<Future<ProtocolSession.Reply>> work) {
            LineConnection.this.enqueue(work);
          }

          @Override
          public void writeNow(Buffer bytes) {
            if (!closed) {
              socket.write(bytes);
            }
          }

          @Override
          public void lineTooLong() {
            LOG.info("[{}] line too long; closing", sessionId);
            send(session.lineTooLong());
          }
        });
  }

  void start() {
    start(Buffer.buffer());
  }

  /**
   * Greets, then processes {@code early} (bytes the client sent before the greeting, e.g. after a
   * PROXY protocol header) before anything read later, and resumes the (paused) socket.
   */
  void start(Buffer early) {
    socket.handler(this::received);
    session.onUnsolicited(this::send); // IDLE updates
    socket.closeHandler(v -> closed());
    socket.exceptionHandler(t -> {
      LOG.debug("[{}] socket error: {}", sessionId, t.toString());
      socket.close(); // the close handler then releases everything, once
    });
    armIdleTimer(idleMillis);
    send(session.greeting());
    if (early.length() > 0) {
      received(early);
    }
    socket.resume();
  }

  /** Ends the session because the server stops. */
  void shutdown() {
    if (!closed) {
      send(session.shutdown());
    }
  }

  private void received(Buffer data) {
    lastActivity = System.nanoTime();
    framer.handle(data);
  }

  private void enqueue(Supplier<Future<ProtocolSession.Reply>> work) {
    if (closed) {
      return;
    }
    queue.addLast(work);
    if (queue.size() >= PAUSE_QUEUE && !paused) {
      paused = true;
      socket.pause();
    }
    drain();
  }

  /**
   * Serves queued work one item at a time. Replies that complete at once (NOOP, BAD) continue the
   * loop instead of recursing, so a long burst of pipelined commands cannot overflow the stack.
   */
  private void drain() {
    if (draining) {
      return;
    }
    draining = true;
    try {
      drainLoop();
    } finally {
      draining = false;
    }
  }

  private void drainLoop() {
    while (!busy && !closed && !queue.isEmpty()) {
      if (socket.writeQueueFull()) {
        busy = true;
        socket.drainHandler(v -> {
          socket.drainHandler(null);
          busy = false;
          drain();
        });
        return;
      }
      Supplier<Future<ProtocolSession.Reply>> work = queue.pollFirst();
      if (paused && queue.size() <= RESUME_QUEUE) {
        paused = false;
        socket.resume();
      }
      busy = true;
      Future<ProtocolSession.Reply> reply;
      try {
        reply = work.get();
      } catch (RuntimeException e) {
        reply = Future.failedFuture(e);
      }
      reply.onComplete(ar -> {
        busy = false;
        if (ar.succeeded()) {
          send(ar.result());
        } else {
          LOG.error("[{}] session failed", sessionId, ar.cause());
          socket.close();
        }
        drain();
      });
    }
  }

  private void send(ProtocolSession.Reply reply) {
    if (closed) {
      return;
    }
    Buffer out = reply.bytes();
    if (reply.startTls()) {
      startTls(out);
    } else if (reply.close()) {
      framer.stop();
      closed = true;
      queue.clear();
      socket.end(out).onComplete(v -> socket.close());
    } else {
      socket.write(out);
    }
  }

  /**
   * STARTTLS was accepted: nothing the client sent after the command line is served (RFC 9051
   * 6.2.1; the command injection of CVE-2011-0411). Commands already framed or queued are dropped
   * and the framer is replaced, so the rest of the bytes read with the command go nowhere; bytes
   * read later but before the TLS handler is in place are dropped by {@link ListenerTls}'s guard.
   * What reaches the new framer has come through TLS; it is served once the handshake is done.
   */
  private void startTls(Buffer response) {
    framer.stop();
    framer = newFramer();
    int pipelined = queue.size();
    queue.clear();
    if (pipelined > 0) {
      LOG.info("[{}] discarded {} command(s) pipelined after STARTTLS", sessionId, pipelined);
    }
    if (paused) {
      // Vert.x may hold unread plaintext for a paused socket and would deliver it after the
      // handshake, indistinguishable from TLS data: such a client is not served.
      LOG.info(
          "[{}] STARTTLS with more than {} commands pipelined; closing", sessionId, RESUME_QUEUE);
      closed = true;
      socket.close();
      return;
    }
    busy = true;
    ListenerTls listenerTls = Objects.requireNonNull(tls, "STARTTLS accepted without TLS");
    listenerTls
        .startTls(socket, response, this::discarded)
        .onComplete(ar -> {
          busy = false;
          if (ar.failed()) {
            LOG.info(
                "[{}] TLS handshake after STARTTLS failed: {}", sessionId, ar.cause().toString());
            closed = true;
            socket.close();
            return;
          }
          LOG.debug("[{}] TLS active ({})", sessionId, socket.sslSession().getProtocol());
          drain();
        });
  }

  private void discarded(int bytes) {
    if (bytes > 0) {
      LOG.info("[{}] discarded {} plaintext byte(s) sent after STARTTLS", sessionId, bytes);
    }
  }

  private void armIdleTimer(long delayMillis) {
    idleTimer =
        vertx.setTimer(
            Math.max(1, delayMillis),
            id -> {
              if (closed) {
                return;
              }
              long idleFor = (System.nanoTime() - lastActivity) / 1_000_000;
              if (idleFor >= idleMillis && !busy) {
                LOG.info("[{}] idle for {} ms; closing", sessionId, idleFor);
                send(session.idle());
              } else {
                armIdleTimer(busy ? idleMillis : idleMillis - idleFor);
              }
            });
  }

  private void closed() {
    boolean wasOpen = !released;
    released = true;
    closed = true;
    framer.stop();
    queue.clear();
    if (idleTimer != -1) {
      vertx.cancelTimer(idleTimer);
      idleTimer = -1;
    }
    if (wasOpen) {
      LOG.debug("[{}] connection closed", sessionId);
      try {
        session.closed();
      } finally {
        onClose.run();
      }
    }
  }
}
