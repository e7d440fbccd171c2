package io.mailtier.frontend.imap.handle;

import java.util.List;

/** Writes UID lists as RFC 4315 uid-sets ({@code 1:3,7}), keeping their order. */
final class UidSets {
  private UidSets() {}

  /**
   * The list as a uid-set: runs of consecutive ascending UIDs become ranges; the order of the UIDs
   * is kept, since COPYUID pairs the n-th source UID with the n-th destination UID.
   */
  static String compress(List<Integer> uids) {
    StringBuilder sb = new StringBuilder();
    int i = 0;
    while (i < uids.size()) {
      long start = Integer.toUnsignedLong(uids.get(i));
      int j = i;
      while (j + 1 < uids.size()
          && Integer.toUnsignedLong(uids.get(j + 1)) == start + (j + 1 - i)) {
        j++;
      }
      if (!sb.isEmpty()) {
        sb.append(',');
      }
      sb.append(start);
      if (j > i) {
        sb.append(':').append(start + (j - i));
      }
      i = j + 1;
    }
    return sb.toString();
  }
}
