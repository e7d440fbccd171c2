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

  /**
   * Decoded section bytes (RFC 3516 {@code BINARY[...]}): a literal, or a {@code literal8} ({@code
   * ~{n}}) when they contain NUL.
   */
  public record Binary(String name, byte[] data) implements Item {}

  /** {@code BINARY.SIZE[part] n}. */
  public record BinarySize(String name, long size) implements Item {}

  /** {@code ENVELOPE (...)}. */
  public record Envelope(io.mailtier.proto.mailstore.v1.Envelope envelope) implements Item {}

  /** {@code BODYSTRUCTURE (...)}, or {@code BODY (...)} without the extension data. */
  public record BodyStructure(io.mailtier.proto.mailstore.v1.MimePart structure, boolean extensible)
      implements Item {}
}
