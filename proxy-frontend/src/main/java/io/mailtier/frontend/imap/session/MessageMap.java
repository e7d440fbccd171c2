package io.mailtier.frontend.imap.session;

import io.mailtier.frontend.imap.command.SequenceSet;
import java.util.Arrays;
import java.util.List;

/**
 * The message sequence number map of a selected mailbox: the UIDs in ascending order, message
 * sequence number {@code n} being the UID at index {@code n - 1}. Immutable.
 */
public final class MessageMap {
  private final long[] uids;

  private MessageMap(long[] uids) {
    this.uids = uids;
  }

  public static MessageMap of(List<Integer> uids) {
    long[] a = new long[uids.size()];
    for (int i = 0; i < a.length; i++) {
      a[i] = Integer.toUnsignedLong(uids.get(i));
    }
    Arrays.sort(a);
    return new MessageMap(a);
  }

  public int size() {
    return uids.length;
  }

  /** The UID of a sequence number (1-based). */
  public long uid(long msn) {
    return uids[(int) (msn - 1)];
  }

  /** The sequence number of a UID, or 0 when the UID is not in the mailbox. */
  public long msn(long uid) {
    int i = Arrays.binarySearch(uids, uid);
    return i < 0 ? 0 : i + 1;
  }

  /** The highest UID, or 0 when the mailbox is empty. */
  public long highestUid() {
    return uids.length == 0 ? 0 : uids[uids.length - 1];
  }

  /** The map with a UID removed (after EXPUNGE). */
  public MessageMap without(long uid) {
    int i = Arrays.binarySearch(uids, uid);
    if (i < 0) {
      return this;
    }
    long[] a = new long[uids.length - 1];
    System.arraycopy(uids, 0, a, 0, i);
    System.arraycopy(uids, i + 1, a, i, uids.length - i - 1);
    return new MessageMap(a);
  }

  /** The map with a new, higher UID added (after APPEND to the selected mailbox). */
  public MessageMap with(long uid) {
    if (uid <= highestUid()) {
      return msn(uid) > 0 ? this : insert(uid);
    }
    long[] a = Arrays.copyOf(uids, uids.length + 1);
    a[uids.length] = uid;
    return new MessageMap(a);
  }

  /** The map with UIDs removed, in one copy (unknown UIDs are ignored). */
  public MessageMap withoutAll(java.util.Collection<Long> gone) {
    if (gone.isEmpty()) {
      return this;
    }
    java.util.Set<Long> set =
        gone instanceof java.util.Set<Long> s ? s : new java.util.HashSet<>(gone);
    long[] a = new long[uids.length];
    int n = 0;
    for (long u : uids) {
      if (!set.contains(u)) {
        a[n++] = u;
      }
    }
    return n == uids.length ? this : new MessageMap(Arrays.copyOf(a, n));
  }

  /** The map with new UIDs added at the end: those not above {@link #highestUid} are ignored. */
  public MessageMap withNewer(java.util.List<Long> ascending) {
    long max = highestUid();
    long[] a = Arrays.copyOf(uids, uids.length + ascending.size());
    int n = uids.length;
    for (long u : ascending) {
      if (u > max) {
        a[n++] = u;
        max = u;
      }
    }
    return n == uids.length ? this : new MessageMap(Arrays.copyOf(a, n));
  }

  private MessageMap insert(long uid) {
    long[] a = Arrays.copyOf(uids, uids.length + 1);
    a[uids.length] = uid;
    Arrays.sort(a);
    return new MessageMap(a);
  }

  /**
   * Whether every sequence number of a set exists ({@code *} is the last message; with an empty
   * mailbox, no set is valid).
   */
  public boolean containsSequenceNumbers(SequenceSet set) {
    if (uids.length == 0) {
      return false;
    }
    for (SequenceSet.Range r : set.ranges()) {
      if (r.high(uids.length) > uids.length) {
        return false;
      }
    }
    return true;
  }

  /**
   * The UID ranges ({@code [first, last]} pairs) a sequence-number set stands for. The set must
   * satisfy {@link #containsSequenceNumbers}.
   */
  public List<long[]> uidRangesOfSequenceNumbers(SequenceSet set) {
    return set.ranges().stream()
        .map(r -> new long[] {uid(r.low(uids.length)), uid(r.high(uids.length))})
        .toList();
  }

  /**
   * The UID ranges a UID set stands for; {@code *} is the highest UID (RFC 9051: {@code n:*}
   * includes the last message even if n is higher).
   */
  public List<long[]> uidRangesOfUids(SequenceSet set) {
    long max = highestUid();
    return set.ranges().stream().map(r -> new long[] {r.low(max), r.high(max)}).toList();
  }
}
