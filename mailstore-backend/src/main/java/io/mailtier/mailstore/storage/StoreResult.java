package io.mailtier.mailstore.storage;

import java.util.List;
import java.util.Set;

/** The outcome of a flag change. */
public record StoreResult(List<Updated> updated, List<Long> modified, long highestModseq) {
  /** A message's flags after the change. */
  public record Updated(long uid, Set<String> flags, long modseq) {}
}
