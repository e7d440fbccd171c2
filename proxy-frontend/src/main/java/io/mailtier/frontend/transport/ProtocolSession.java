package io.mailtier.frontend.transport;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.util.function.Supplier;

/**
 * The protocol side of one connection as {@link LineConnection} drives it: a framer that cuts the
 * client's bytes into units of work, and the replies of the protocol engine, already encoded. IMAP
 * and POP3 each adapt their engine to it; the connection handling (queueing, back-pressure, idle
 * timeout, STARTTLS, close) is shared.
 */
public interface ProtocolSession {

  /**
   * What the transport must send, and whether it must then close the connection, or start TLS
   * (nothing the client sent after the command may then be served).
   */
  record Reply(Buffer bytes, boolean close, boolean startTls) {
    public static Reply send(Buffer bytes) {
      return new Reply(bytes, false, false);
    }

    public static Reply sendAndClose(Buffer bytes) {
      return new Reply(bytes, true, false);
    }
  }

  /** Cuts received bytes into work; a new one is made after STARTTLS. */
  interface Framer {
    void handle(Buffer data);

    /** Later input is ignored. */
    void stop();
  }

  /** Where a framer hands on what it found. */
  interface Sink {
    /** One unit of work, served after everything queued before it. */
    void enqueue(Supplier<Future<Reply>> work);

    /** Bytes to send at once, ahead of the queue (an IMAP continuation request). */
    void writeNow(Buffer bytes);

    /** A line longer than allowed: the session ends with {@link #lineTooLong()}. */
    void lineTooLong();
  }

  Framer newFramer(Sink sink);

  /** The greeting sent when the connection opens. */
  Reply greeting();

  /** The final reply for a line over the limit. */
  Reply lineTooLong();

  /** The final reply when the idle timeout passed. */
  Reply idle();

  /** The final reply when the server stops. */
  Reply shutdown();

  /** The connection is gone, however it ended: release what the session holds. */
  default void closed() {}

  /**
   * Where the session sends replies nobody asked for (IMAP IDLE updates); called once, before the
   * greeting, on the connection's event loop.
   */
  default void onUnsolicited(java.util.function.Consumer<Reply> sink) {}
}
