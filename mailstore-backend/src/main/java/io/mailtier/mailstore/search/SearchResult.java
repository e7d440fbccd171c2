package io.mailtier.mailstore.search;

import java.util.List;

/**
 * What a search found.
 *
 * @param uids the matching UIDs, ascending
 * @param highestModseq the highest modseq among the matches, 0 when there are none
 * @param bytesScanned how many content bytes the text criteria read
 */
public record SearchResult(List<Long> uids, long highestModseq, long bytesScanned) {
  public SearchResult {
    uids = List.copyOf(uids);
  }
}
