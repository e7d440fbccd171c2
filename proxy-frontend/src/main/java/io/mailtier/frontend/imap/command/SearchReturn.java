package io.mailtier.frontend.imap.command;

import java.util.EnumSet;
import java.util.Set;

/**
 * The RETURN options of an extended SEARCH (RFC 4731). An empty RETURN () means ALL. SAVE (RFC 5182
 * SEARCHRES) is not offered.
 */
public record SearchReturn(Set<Option> options) {
  /** One return option. */
  public enum Option {
    MIN,
    MAX,
    ALL,
    COUNT
  }

  public SearchReturn {
    options = options.isEmpty() ? Set.of(Option.ALL) : Set.copyOf(EnumSet.copyOf(options));
  }

  public boolean has(Option o) {
    return options.contains(o);
  }
}
