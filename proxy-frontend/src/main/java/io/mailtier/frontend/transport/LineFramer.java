package io.mailtier.frontend.transport;

import io.vertx.core.buffer.Buffer;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Cuts the client's byte stream into lines (CRLF or a bare LF), without the line end, for protocols
 * without literals (POP3). A line longer than the limit stops the framer and is reported once.
 */
public final class LineFramer extends RecordFramer {
  private final Consumer<byte[]> lines;
  private final Runnable tooLong;

  /**
   * @param maxLineLength the longest line accepted, without its line end
   * @param lines receives each line
   * @param tooLong called once when a line is too long
   */
  public LineFramer(int maxLineLength, Consumer<byte[]> lines, Runnable tooLong) {
    super(maxLineLength);
    this.lines = lines;
    this.tooLong = tooLong;
  }

  @Override
  protected void received(Buffer record) {
    byte[] line = record.getBytes();
    int len = lineLength(line);
    if (len >= 0) {
      lines.accept(len == line.length ? line : Arrays.copyOf(line, len));
    }
  }

  @Override
  protected void lineTooLong() {
    tooLong.run();
  }
}
