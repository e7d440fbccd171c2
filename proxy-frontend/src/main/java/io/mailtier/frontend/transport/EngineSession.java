package io.mailtier.frontend.transport;

import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A {@link ProtocolSession} over a protocol engine whose replies are values of type {@code R}: the
 * engine's fixed replies (greeting, line too long, idle, shutdown), encoded by one function. The
 * protocol adds its framer.
 *
 * @param <R> the engine's reply type
 */
abstract class EngineSession<R> implements ProtocolSession {

  /** The engine's fixed replies. */
  record Replies<R>(
      Supplier<R> greeting, Supplier<R> lineTooLong, Supplier<R> idle, Supplier<R> shutdown) {}

  private final Replies<R> replies;
  protected final Function<R, Reply> encode;

  EngineSession(Replies<R> replies, Function<R, Reply> encode) {
    this.replies = replies;
    this.encode = encode;
  }

  @Override
  public final Reply greeting() {
    return encode.apply(replies.greeting().get());
  }

  @Override
  public final Reply lineTooLong() {
    return encode.apply(replies.lineTooLong().get());
  }

  @Override
  public final Reply idle() {
    return encode.apply(replies.idle().get());
  }

  @Override
  public final Reply shutdown() {
    return encode.apply(replies.shutdown().get());
  }
}
