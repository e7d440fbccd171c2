package io.mailtier.frontend.transport;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.parsetools.RecordParser;
import java.util.function.Consumer;

/**
 * Cuts the client's byte stream into lines (CRLF or a bare LF), without the line end, for protocols
 * without literals (POP3). A line longer than the limit stops the framer and is reported once.
 */
public final class LineFramer implements ProtocolSession.Framer {
  private final RecordParser parser;
  private final int maxLineLength;
  private final Consumer<byte[]> lines;
  private final Runnable tooLong;
  private boolean stopped;

  /**
   * @param maxLineLength the longest line accepted, without its line end
   * @param lines receives each line
   * @param tooLong called once when a line is too long
   */
  public LineFramer(int maxLineLength, Consumer<byte[]> lines, Runnable tooLong) {
    this.maxLineLength = maxLineLength;
    this.lines = lines;
    this.tooLong = tooLong;
    this.parser = RecordParser.newDelimited("\n");
    parser.maxRecordSize(maxLineLength + 2);
    parser.exceptionHandler(t -> tooLong());
    parser.handler(this::record);
  }

  @Override
  public void handle(Buffer data) {
    if (!stopped) {
      parser.handle(data);
    }
  }

  @Override
  public void stop() {
    stopped = true;
  }

  private void record(Buffer record) {
    if (stopped) {
      return;
    }
    byte[] line = record.getBytes();
    int len = line.length;
    if (len > 0 && line[len - 1] == '\r') {
      len--;
    }
    if (len > maxLineLength) {
      tooLong();
      return;
    }
    lines.accept(len == line.length ? line : java.util.Arrays.copyOf(line, len));
  }

  private void tooLong() {
    if (!stopped) {
      stopped = true;
      tooLong.run();
    }
  }
}
