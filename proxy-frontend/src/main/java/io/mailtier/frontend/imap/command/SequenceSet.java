package io.mailtier.frontend.imap.command;

import java.util.List;

/**
 * A sequence set such as {@code 1:*} or {@code 2,4:7}: message sequence numbers or UIDs.
 *
 * @param ranges the ranges as written; each is normalized so that {@code from <= to} once {@code *}
 *     is resolved
 */
public record SequenceSet(List<Range> ranges) {
  /** Stands for {@code *}: the highest number in use. */
  public static final long STAR = -1;

  public SequenceSet {
    ranges = List.copyOf(ranges);
    if (ranges.isEmpty()) {
      throw new IllegalArgumentException("empty sequence set");
    }
  }

  /** One range; {@code from == to} for a single number; either may be {@link #STAR}. */
  public record Range(long from, long to) {
    /** The lower bound once {@code *} stands for {@code max}. */
    public long low(long max) {
      return Math.min(resolve(from, max), resolve(to, max));
    }

    /** The upper bound once {@code *} stands for {@code max}. */
    public long high(long max) {
      return Math.max(resolve(from, max), resolve(to, max));
    }

    private static long resolve(long n, long max) {
      return n == STAR ? max : n;
    }
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    for (Range r : ranges) {
      if (!sb.isEmpty()) {
        sb.append(',');
      }
      sb.append(r.from() == STAR ? "*" : r.from());
      if (r.to() != r.from()) {
        sb.append(':').append(r.to() == STAR ? "*" : r.to());
      }
    }
    return sb.toString();
  }
}
