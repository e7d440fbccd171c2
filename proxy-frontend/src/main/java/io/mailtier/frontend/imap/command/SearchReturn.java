package io.mailtier.frontend.imap.command;

import java.util.EnumSet;
import java.util.Set;

/**
 * The RETURN options of an extended SEARCH (RFC 4731) and SAVE (RFC 5182 SEARCHRES). An empty
 * RETURN () means ALL.
 */
public record SearchReturn(Set<Option> options) {
  /** One return option. */
  public enum Option {
    MIN,
    MAX,
    ALL,
    COUNT,
    SAVE
  }

  public SearchReturn {
    options = options.isEmpty() ? Set.of(Option.ALL) : Set.copyOf(EnumSet.copyOf(options));
  }

  public boolean has(Option o) {
    return options.contains(o);
  }

  /** Whether SAVE is the only option: no ESEARCH response is sent then (RFC 5182 2.1). */
  public boolean saveOnly() {
    return options.equals(Set.of(Option.SAVE));
  }
}
