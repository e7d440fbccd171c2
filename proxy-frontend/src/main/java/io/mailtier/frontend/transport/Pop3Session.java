package io.mailtier.frontend.transport;

import io.mailtier.frontend.pop3.Pop3Processor;
import io.mailtier.frontend.pop3.response.Pop3Encoder;
import io.vertx.core.buffer.Buffer;

/**
 * POP3 on a {@link LineConnection}: {@link LineFramer} cuts lines, {@link Pop3Processor} serves
 * them, {@link Pop3Encoder} writes the replies.
 */
public final class Pop3Session extends EngineSession<Pop3Processor.Reply> {
  private final Pop3Processor processor;
  private final int maxLineLength;

  public Pop3Session(Pop3Processor processor, int maxLineLength) {
    super(
        new Replies<>(
            processor::greeting, processor::lineTooLong, processor::idle, processor::shutdown),
        reply ->
            new Reply(
                Buffer.buffer(Pop3Encoder.encodeAll(reply.responses())),
                reply.close(),
                reply.startTls()));
    this.processor = processor;
    this.maxLineLength = maxLineLength;
  }

  @Override
  public Framer newFramer(Sink sink) {
    return new LineFramer(
        maxLineLength,
        line -> sink.enqueue(() -> processor.process(line).map(encode)),
        sink::lineTooLong);
  }

  /** The connection is gone: the processor releases the maildrop lock, deleting nothing. */
  @Override
  public void closed() {
    processor.closed();
  }
}
