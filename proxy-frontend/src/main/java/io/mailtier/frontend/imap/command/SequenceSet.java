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

  /** The bound of the one range of {@link #SAVED}; never a real number. */
  static final long SAVED_MARK = -2;

  /**
   * {@code $}: the result saved by the last SEARCH RETURN (SAVE) (RFC 5182 SEARCHRES). Resolve it
   * with the {@code MessageMap} methods, which know the saved result; its range has no bounds.
   */
  public static final SequenceSet SAVED =
      new SequenceSet(List.of(new Range(SAVED_MARK, SAVED_MARK)));

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

  /** Whether this is {@code $}, the saved search result. */
  public boolean isSaved() {
    return ranges.size() == 1 && ranges.get(0).from() == SAVED_MARK;
  }

  @Override
  public String toString() {
    if (isSaved()) {
      return "$";
    }
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
