package io.mailtier.frontend.imap.handle;

import io.mailtier.frontend.imap.command.SequenceSet;
import io.mailtier.frontend.imap.session.MessageMap;
import io.mailtier.proto.mailstore.v1.UidRange;
import java.util.ArrayList;
import java.util.List;

/** Turns the sequence sets of FETCH/STORE/EXPUNGE into the node's UID ranges. */
final class UidRanges {
  private UidRanges() {}

  /**
   * The UID ranges of a set, or null when a sequence number does not exist (a client error). A UID
   * set may give an empty list (nothing to do).
   */
  static List<UidRange> of(SequenceSet set, boolean uid, MessageMap map) {
    List<long[]> ranges;
    if (uid) {
      ranges = map.uidRangesOfUids(set);
    } else {
      if (!map.containsSequenceNumbers(set)) {
        return null;
      }
      ranges = map.uidRangesOfSequenceNumbers(set);
    }
    List<UidRange> out = new ArrayList<>();
    for (long[] r : ranges) {
      long low = Math.max(1, r[0]);
      long high = r[1];
      if (high < low || high == 0) {
        continue;
      }
      out.add(UidRange.newBuilder().setFirst((int) low).setLast((int) high).build());
    }
    return out;
  }
}
