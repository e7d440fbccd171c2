package io.mailtier.frontend.imap.response;

import java.time.Instant;
import java.util.List;

/** {@code * msn FETCH (item value ...)}. */
public record FetchData(long msn, List<Item> items) implements ImapResponse {
  public FetchData {
    items = List.copyOf(items);
  }

  /** One data item of a FETCH response. */
  public sealed interface Item {}

  /** {@code UID n}. */
  public record Uid(long uid) implements Item {}

  /** {@code FLAGS (...)}. */
  public record Flags(List<String> flags) implements Item {
    public Flags {
      flags = List.copyOf(flags);
    }
  }

  /** {@code RFC822.SIZE n}. */
  public record Size(long size) implements Item {}

  /** {@code INTERNALDATE "dd-Mon-yyyy hh:mm:ss +zzzz"}. */
  public record InternalDate(Instant date) implements Item {}

  /**
   * Body bytes sent as a literal under a name such as {@code BODY[]}, {@code BODY[]<10>} or {@code
   * RFC822}.
   */
  public record Body(String name, byte[] data) implements Item {}
}
