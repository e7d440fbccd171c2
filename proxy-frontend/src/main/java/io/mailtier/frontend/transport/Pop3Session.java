package io.mailtier.frontend.transport;

import io.mailtier.frontend.pop3.Pop3Processor;
import io.mailtier.frontend.pop3.response.Pop3Encoder;
import io.vertx.core.buffer.Buffer;

/**
 * POP3 on a {@link LineConnection}: {@link LineFramer} cuts lines, {@link Pop3Processor} serves
 * them, {@link Pop3Encoder} writes the replies.
 */
public final class Pop3Session implements ProtocolSession {
  private final Pop3Processor processor;
  private final int maxLineLength;

  public Pop3Session(Pop3Processor processor, int maxLineLength) {
    this.processor = processor;
    this.maxLineLength = maxLineLength;
  }

  @Override
  public Framer newFramer(Sink sink) {
    return new LineFramer(
        maxLineLength,
        line -> sink.enqueue(() -> processor.process(line).map(Pop3Session::encode)),
        sink::lineTooLong);
  }

  @Override
  public Reply greeting() {
    return encode(processor.greeting());
  }

  @Override
  public Reply lineTooLong() {
    return encode(processor.lineTooLong());
  }

  @Override
  public Reply idle() {
    return encode(processor.idle());
  }

  @Override
  public Reply shutdown() {
    return encode(processor.shutdown());
  }

  @Override
  public void closed() {
    processor.closed();
  }

  private static Reply encode(Pop3Processor.Reply reply) {
    return new Reply(
        Buffer.buffer(Pop3Encoder.encodeAll(reply.responses())), reply.close(), reply.startTls());
  }
}
