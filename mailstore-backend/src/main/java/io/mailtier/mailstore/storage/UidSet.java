package io.mailtier.mailstore.storage;

import java.util.List;

/**
 * A set of UIDs as inclusive ranges; {@code last == 0} stands for "*" (the highest UID in use).
 * Ranges written backwards (5:3) mean the same as forwards (3:5), as in IMAP.
 */
public record UidSet(List<Range> ranges) {
  /** The largest UID (RFC 9051: a non-zero 32-bit number). */
  public static final long MAX_UID = 0xFFFF_FFFFL;

  /** The most ranges one request may carry. */
  public static final int MAX_RANGES = 10_000;

  public UidSet {
    if (ranges == null || ranges.isEmpty()) {
      throw new StorageException(StorageException.Reason.INVALID_REQUEST, "the UID set is empty");
    }
    if (ranges.size() > MAX_RANGES) {
      throw new StorageException(
          StorageException.Reason.INVALID_REQUEST, "more than " + MAX_RANGES + " UID ranges");
    }
    ranges = List.copyOf(ranges);
  }

  /** An inclusive range. */
  public record Range(long first, long last) {
    public Range {
      if (first < 1 || first > MAX_UID || last < 0 || last > MAX_UID) {
        throw new StorageException(
            StorageException.Reason.INVALID_REQUEST,
            "UID range " + first + ":" + last + " is out of bounds (1.." + MAX_UID + ", 0 = *)");
      }
    }
  }

  public static UidSet of(long first, long last) {
    return new UidSet(List.of(new Range(first, last)));
  }

  /** Every UID. */
  public static UidSet all() {
    return of(1, 0);
  }
}
