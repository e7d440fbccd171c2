package io.mailtier.frontend.transport;

import io.mailtier.frontend.imap.parse.RequestParser;
import io.vertx.core.buffer.Buffer;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * Cuts the client's byte stream into complete IMAP commands: a line plus its literals. A {@link
 * RecordParser} reads lines in delimited mode and literal bytes in fixed-size mode (in slices no
 * larger than a line, so nothing is ever buffered beyond the limits).
 *
 * <p>A complete command is handed on as the bytes the client sent, literals inline ({@code {N}CRLF}
 * followed by the N bytes), without the final CRLF.
 */
public final class CommandFramer extends RecordFramer {

  /** What the framer reports. */
  public interface Listener {
    /** A complete command. */
    void command(byte[] raw);

    /** A synchronizing literal {@code {N}} was announced and accepted: send {@code + }. */
    void continuationNeeded();

    /**
     * A literal larger than allowed was announced; its bytes will not be read.
     *
     * @param tag the command's tag ({@code *} if none)
     * @param commandName the command's name (upper case, may be empty)
     * @param nonSynchronizing true for {@code {N+}}: the client sends the bytes anyway
     */
    void literalTooBig(String tag, String commandName, boolean nonSynchronizing);

    /** A line longer than the limit. Nothing more is framed. */
    void lineTooLong();
  }

  private final Listener listener;
  private final long maxLiteralSize;
  private final long maxCommandSize;
  private ByteArrayOutputStream command = new ByteArrayOutputStream();
  private long literalRemaining;

  public CommandFramer(int maxLineLength, long maxLiteralSize, Listener listener) {
    super(maxLineLength);
    this.maxLiteralSize = maxLiteralSize;
    this.maxCommandSize = maxLiteralSize + 16L * maxLineLength;
    this.listener = listener;
  }

  @Override
  protected void received(Buffer record) {
    if (literalRemaining > 0) {
      literal(record);
    } else {
      line(record);
    }
  }

  @Override
  protected void lineTooLong() {
    listener.lineTooLong();
  }

  private void literal(Buffer chunk) {
    command.writeBytes(chunk.getBytes());
    literalRemaining -= chunk.length();
    if (literalRemaining > 0) {
      parser.fixedSizeMode(sliceSize());
    } else {
      parser.delimitedMode("\n");
    }
  }

  private void line(Buffer record) {
    byte[] line = record.getBytes();
    int len = lineLength(line);
    if (len < 0) {
      return;
    }
    command.write(line, 0, len);
    long[] literal = literalAtEnd(line, len);
    if (literal == null) {
      byte[] raw = command.toByteArray();
      command = new ByteArrayOutputStream();
      listener.command(raw);
      return;
    }
    long size = literal[0];
    boolean nonSync = literal[1] == 1;
    if (size > maxLiteralSize || command.size() + size > maxCommandSize) {
      byte[] start = command.toByteArray();
      command = new ByteArrayOutputStream();
      String[] tagAndName = RequestParser.tagAndName(firstLine(start));
      if (nonSync) {
        stop();
      }
      listener.literalTooBig(
          tagAndName == null ? "*" : tagAndName[0],
          tagAndName == null ? "" : tagAndName[1],
          nonSync);
      return;
    }
    command.write('\r');
    command.write('\n');
    if (!nonSync) {
      listener.continuationNeeded();
    }
    if (size > 0) {
      literalRemaining = size;
      parser.fixedSizeMode(sliceSize());
    }
  }

  private int sliceSize() {
    return (int) Math.min(literalRemaining, maxLineLength);
  }

  private static byte[] firstLine(byte[] command) {
    for (int i = 0; i < command.length; i++) {
      if (command[i] == '\r' || command[i] == '\n') {
        return Arrays.copyOf(command, i);
      }
    }
    return command;
  }

  /** {@code [size, nonSync]} when the line ends with {@code {N}} or {@code {N+}}, else null. */
  static long[] literalAtEnd(byte[] line, int len) {
    if (len < 3 || line[len - 1] != '}') {
      return null;
    }
    int i = len - 2;
    boolean nonSync = false;
    if (line[i] == '+') {
      nonSync = true;
      i--;
    }
    int end = i;
    while (i >= 0 && line[i] >= '0' && line[i] <= '9') {
      i--;
    }
    if (i < 0 || line[i] != '{' || i == end || end - i > 11) {
      return null;
    }
    long size = 0;
    for (int k = i + 1; k <= end; k++) {
      size = size * 10 + (line[k] - '0');
    }
    return new long[] {size, nonSync ? 1 : 0};
  }
}
