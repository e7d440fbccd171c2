package io.mailtier.frontend.imap.session;

import io.mailtier.frontend.imap.command.SequenceSet;
import java.util.Arrays;
import java.util.List;

/**
 * The message sequence number map of a selected mailbox: the UIDs in ascending order, message
 * sequence number {@code n} being the UID at index {@code n - 1}; and the search result saved by
 * SEARCH RETURN (SAVE) (RFC 5182), as UIDs, which {@code $} stands for. Immutable.
 */
public final class MessageMap {
  private static final long[] NONE = {};
  private final long[] uids;
  private final long[] saved;

  private MessageMap(long[] uids, long[] saved) {
    this.uids = uids;
    this.saved = saved;
  }

  private MessageMap(long[] uids) {
    this(uids, NONE);
  }

  /** This map with a new saved search result (UIDs; RFC 5182). */
  public MessageMap withSaved(List<Long> savedUids) {
    long[] s = savedUids.stream().mapToLong(Long::longValue).sorted().distinct().toArray();
    return new MessageMap(uids, s);
  }

  /** This map with the saved search result of another (after a resynchronization). */
  public MessageMap withSavedOf(MessageMap other) {
    return other.saved == saved ? this : new MessageMap(uids, other.saved);
  }

  /**
   * The saved search result: its UIDs still in the mailbox, ascending (expunged messages drop out,
   * RFC 5182; UIDs are never reused).
   */
  public List<Long> savedUids() {
    return Arrays.stream(saved).filter(u -> msn(u) > 0).boxed().toList();
  }

  /** The saved UIDs as ranges; runs of consecutive sequence numbers become one range. */
  private List<long[]> savedRanges() {
    List<long[]> out = new java.util.ArrayList<>();
    long startMsn = 0;
    long prevMsn = 0;
    for (long uid : saved) { // ascending UIDs give ascending sequence numbers
      long msn = msn(uid);
      if (msn == 0) {
        continue;
      }
      if (startMsn != 0 && msn == prevMsn + 1) {
        prevMsn = msn;
        continue;
      }
      if (startMsn != 0) {
        out.add(new long[] {uid(startMsn), uid(prevMsn)});
      }
      startMsn = msn;
      prevMsn = msn;
    }
    if (startMsn != 0) {
      out.add(new long[] {uid(startMsn), uid(prevMsn)});
    }
    return out;
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
    return new MessageMap(a, saved);
  }

  /** The map with a new, higher UID added (after APPEND to the selected mailbox). */
  public MessageMap with(long uid) {
    if (uid <= highestUid()) {
      return msn(uid) > 0 ? this : insert(uid);
    }
    long[] a = Arrays.copyOf(uids, uids.length + 1);
    a[uids.length] = uid;
    return new MessageMap(a, saved);
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
    return new MessageMap(a, saved);
  }

  /**
   * Whether every sequence number of a set exists ({@code *} is the last message; with an empty
   * mailbox, no set is valid). {@code $} is always valid (it may stand for no message).
   */
  public boolean containsSequenceNumbers(SequenceSet set) {
    if (set.isSaved()) {
      return true;
    }
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
    if (set.isSaved()) {
      return savedRanges();
    }
    return set.ranges().stream()
        .map(r -> new long[] {uid(r.low(uids.length)), uid(r.high(uids.length))})
        .toList();
  }

  /**
   * The UID ranges a UID set stands for; {@code *} is the highest UID (RFC 9051: {@code n:*}
   * includes the last message even if n is higher).
   */
  public List<long[]> uidRangesOfUids(SequenceSet set) {
    if (set.isSaved()) {
      return savedRanges();
    }
    long max = highestUid();
    return set.ranges().stream().map(r -> new long[] {r.low(max), r.high(max)}).toList();
  }
}
