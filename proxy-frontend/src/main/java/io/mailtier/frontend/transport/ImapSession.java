package io.mailtier.frontend.transport;

import io.mailtier.frontend.imap.ImapProcessor;
import io.mailtier.frontend.imap.response.ContinuationRequest;
import io.mailtier.frontend.imap.response.ResponseEncoder;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;

/**
 * IMAP on a {@link LineConnection}: {@link CommandFramer} frames lines with their literals, {@link
 * ImapProcessor} serves them, {@link ResponseEncoder} writes the responses.
 */
public final class ImapSession extends EngineSession<ImapProcessor.Reply> {
  private final ImapProcessor processor;
  private final int maxLineLength;
  private final long maxLiteralSize;

  public ImapSession(ImapProcessor processor, int maxLineLength, long maxLiteralSize) {
    super(
        new Replies<>(
            processor::greeting, processor::lineTooLong, processor::idle, processor::shutdown),
        reply ->
            new Reply(
                Buffer.buffer(ResponseEncoder.encodeAll(reply.responses())),
                reply.close(),
                reply.startTls()));
    this.processor = processor;
    this.maxLineLength = maxLineLength;
    this.maxLiteralSize = maxLiteralSize;
  }

  @Override
  public void onUnsolicited(java.util.function.Consumer<Reply> sink) {
    processor.onUnsolicited(reply -> sink.accept(encode.apply(reply)));
  }

  @Override
  public void closed() {
    processor.closed();
  }

  @Override
  public Framer newFramer(Sink sink) {
    return new CommandFramer(
        maxLineLength,
        maxLiteralSize,
        new CommandFramer.Listener() {
          @Override
          public void command(byte[] raw) {
            sink.enqueue(() -> processor.process(raw).map(encode));
          }

          @Override
          public void continuationNeeded() {
            sink.writeNow(Buffer.buffer(ResponseEncoder.encode(ContinuationRequest.READY)));
          }

          @Override
          public void literalTooBig(String tag, String name, boolean nonSynchronizing) {
            sink.enqueue(() ->
                Future.succeededFuture(
                    encode.apply(processor.rejectLiteral(tag, name, nonSynchronizing))));
          }

          @Override
          public void lineTooLong() {
            sink.lineTooLong();
          }
        });
  }
}
