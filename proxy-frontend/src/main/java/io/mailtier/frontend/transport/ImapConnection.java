package io.mailtier.frontend.transport;

import io.mailtier.frontend.imap.ImapProcessor;
import io.mailtier.frontend.imap.response.ContinuationRequest;
import io.mailtier.frontend.imap.response.ResponseEncoder;
import io.mailtier.frontend.transport.tls.ListenerTls;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection: bytes in → {@link CommandFramer} → a queue of complete commands served one
 * at a time, in order, by the session's {@link ImapProcessor} → encoded responses out. Also
 * enforces the idle timeout and stops reading while too much work is queued or the client reads too
 * slowly.
 */
final class ImapConnection {
  private static final Logger LOG = LoggerFactory.getLogger(ImapConnection.class);
  private static final int PAUSE_QUEUE = 32;
  private static final int RESUME_QUEUE = 4;

  /** One unit of work, in arrival order. */
  private sealed interface Work {}

  private record Command(byte[] raw) implements Work {}

  private record RejectLiteral(String tag, String name, boolean close) implements Work {}

  private final Vertx vertx;
  private final NetSocket socket;
  private final ImapProcessor processor;
  private final String sessionId;
  private final long idleMillis;
  private final Runnable onClose;
  private final int maxLineLength;
  private final long maxLiteralSize;
  private final ListenerTls tls;
  private CommandFramer framer;
  private final Deque<Work> queue = new ArrayDeque<>();
  private boolean busy;
  private boolean paused;
  private boolean closed;
  private long lastActivity = System.nanoTime();
  private long idleTimer = -1;
  private boolean released;
  private boolean draining;

  ImapConnection(
      Vertx vertx,
      NetSocket socket,
      ImapProcessor processor,
      String sessionId,
      int maxLineLength,
      long maxLiteralSize,
      Duration idleTimeout,
      Runnable onClose,
      ListenerTls tls) {
    this.vertx = vertx;
    this.maxLineLength = maxLineLength;
    this.maxLiteralSize = maxLiteralSize;
    this.tls = tls;
    this.socket = socket;
    this.processor = processor;
    this.sessionId = sessionId;
    this.idleMillis = idleTimeout.toMillis();
    this.onClose = onClose;
    this.framer = newFramer();
  }

  private CommandFramer newFramer() {
    return new CommandFramer(
        maxLineLength,
        maxLiteralSize,
        new CommandFramer.Listener() {
          @Override
          public void command(byte[] raw) {
            enqueue(new Command(raw));
          }

          @Override
          public void continuationNeeded() {
            write(ResponseEncoder.encode(ContinuationRequest.READY));
          }

          @Override
          public void literalTooBig(String tag, String name, boolean nonSynchronizing) {
            enqueue(new RejectLiteral(tag, name, nonSynchronizing));
          }

          @Override
          public void lineTooLong() {
            LOG.info("[{}] line too long; closing", sessionId);
            send(processor.lineTooLong());
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
    processor.onUnsolicited(this::send); // IDLE updates
    socket.closeHandler(v -> closed());
    socket.exceptionHandler(t -> {
      LOG.debug("[{}] socket error: {}", sessionId, t.toString());
      socket.close(); // the close handler then releases everything, once
    });
    armIdleTimer(idleMillis);
    send(processor.greeting());
    if (early.length() > 0) {
      received(early);
    }
    socket.resume();
  }

  /** Ends the session because the server stops. */
  void shutdown() {
    if (!closed) {
      send(processor.shutdown());
    }
  }

  private void received(Buffer data) {
    lastActivity = System.nanoTime();
    framer.handle(data);
  }

  private void enqueue(Work work) {
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
      Work work = queue.pollFirst();
      if (paused && queue.size() <= RESUME_QUEUE) {
        paused = false;
        socket.resume();
      }
      busy = true;
      Future<ImapProcessor.Reply> reply =
          switch (work) {
            case Command c -> processor.process(c.raw());
            case RejectLiteral r ->
                Future.succeededFuture(processor.rejectLiteral(r.tag(), r.name(), r.close()));
          };
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

  private void send(ImapProcessor.Reply reply) {
    if (closed) {
      return;
    }
    Buffer out = Buffer.buffer(ResponseEncoder.encodeAll(reply.responses()));
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

  private void write(byte[] bytes) {
    if (!closed) {
      socket.write(Buffer.buffer(bytes));
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
                send(processor.idle());
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
      processor.closed();
      onClose.run();
    }
  }
}
