package io.mailtier.frontend.transport;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.parsetools.RecordParser;

/**
 * What the framers share: a {@link RecordParser} reading LF-delimited lines no longer than a limit,
 * a stop switch, and the one report of an over-long line.
 */
abstract class RecordFramer implements ProtocolSession.Framer {
  protected final RecordParser parser;
  protected final int maxLineLength;
  private boolean stopped;

  RecordFramer(int maxLineLength) {
    this.maxLineLength = maxLineLength;
    this.parser = RecordParser.newDelimited("\n");
    parser.maxRecordSize(maxLineLength + 2);
    parser.exceptionHandler(t -> tooLong());
    parser.handler(this::record);
  }

  /** Feeds bytes received from the client. */
  @Override
  public final void handle(Buffer data) {
    if (!stopped) {
      parser.handle(data);
    }
  }

  /** Stops framing: later input is ignored. */
  @Override
  public final void stop() {
    stopped = true;
  }

  private void record(Buffer record) {
    if (!stopped) {
      received(record);
    }
  }

  /** A record: a line with its LF, or in fixed-size mode the next slice. */
  protected abstract void received(Buffer record);

  /** A line was longer than the limit; called once, and nothing more is framed. */
  protected abstract void lineTooLong();

  /**
   * The length of a line without its line end (CRLF or LF); -1 when it is over the limit, which is
   * then reported and stops the framer.
   */
  protected final int lineLength(byte[] line) {
    int len = line.length;
    if (len > 0 && line[len - 1] == '\n') {
      len--;
    }
    if (len > 0 && line[len - 1] == '\r') {
      len--;
    }
    if (len > maxLineLength) {
      tooLong();
      return -1;
    }
    return len;
  }

  private void tooLong() {
    if (!stopped) {
      stopped = true;
      lineTooLong();
    }
  }
}
