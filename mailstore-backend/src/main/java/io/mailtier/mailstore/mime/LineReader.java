package io.mailtier.mailstore.mime;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Reads a message line by line (LF or CRLF), tracking the byte offset of every line. Only the first
 * {@link #KEEP} bytes of a line are kept; longer lines are counted, not held, so a message with a
 * gigantic line costs no more memory than a normal one.
 */
final class LineReader {
  /** How many bytes of one line are kept for inspection. */
  static final int KEEP = 64 * 1024;

  /** One line: where it starts, its kept content (without terminator) and its full length. */
  record Line(long start, byte[] content, long length, int terminator, int previousTerminator) {
    /** The offset just after the line, terminator included. */
    long end() {
      return start + length;
    }

    boolean isEmpty() {
      return length == terminator;
    }
  }

  private final InputStream in;
  private final byte[] buf = new byte[64 * 1024];
  private int pos;
  private int limit;
  private long offset;
  private int lastTerminator;
  private Line pushedBack;
  private long lines;

  LineReader(InputStream in) {
    this.in = in;
  }

  /** The offset of the next byte (or of the pushed-back line). */
  long position() {
    return pushedBack != null ? pushedBack.start() : offset;
  }

  /** The number of lines read so far (a pushed-back line not counted). */
  long lines() {
    return pushedBack != null ? lines - 1 : lines;
  }

  void pushBack(Line line) {
    pushedBack = line;
  }

  /** The next line, or null at the end of the input. */
  Line next() throws IOException {
    if (pushedBack != null) {
      Line l = pushedBack;
      pushedBack = null;
      return l;
    }
    long start = offset;
    byte[] kept = new byte[128];
    int keptLength = 0;
    long length = 0;
    boolean sawCr = false;
    boolean crKept = false;
    while (true) {
      if (pos == limit) {
        limit = in.read(buf, 0, buf.length);
        pos = 0;
        if (limit <= 0) {
          limit = 0;
          if (length == 0) {
            return null;
          }
          int term = 0;
          return finish(start, kept, keptLength, length, term);
        }
      }
      byte b = buf[pos++];
      offset++;
      length++;
      if (b == '\n') {
        int term = sawCr ? 2 : 1;
        if (sawCr && crKept) {
          keptLength--;
        }
        return finish(start, kept, keptLength, length, term);
      }
      sawCr = b == '\r';
      crKept = false;
      if (keptLength < KEEP) {
        if (keptLength == kept.length) {
          kept = Arrays.copyOf(kept, Math.min(KEEP, kept.length * 2));
        }
        kept[keptLength++] = b;
        crKept = sawCr;
      }
    }
  }

  private Line finish(long start, byte[] kept, int keptLength, long length, int term) {
    Line l = new Line(start, Arrays.copyOf(kept, keptLength), length, term, lastTerminator);
    lastTerminator = term;
    lines++;
    return l;
  }
}
