package io.mailtier.frontend.imap.command;

/** One item a FETCH asks for. */
public sealed interface FetchAttribute {
  /** {@code FLAGS}. */
  record Flags() implements FetchAttribute {}

  /** {@code UID}. */
  record Uid() implements FetchAttribute {}

  /** {@code RFC822.SIZE}. */
  record Size() implements FetchAttribute {}

  /** {@code INTERNALDATE}. */
  record InternalDate() implements FetchAttribute {}

  /**
   * The whole message or a byte range of it: {@code BODY[]}, {@code BODY.PEEK[]}, {@code
   * BODY[]<o.l>}, {@code RFC822}.
   *
   * @param peek true for BODY.PEEK (does not set \Seen)
   * @param offset the partial's origin octet, or -1 for the whole message
   * @param length the partial's length (with offset >= 0)
   * @param rfc822 true when asked as {@code RFC822} (answered under that name)
   */
  record Body(boolean peek, long offset, long length, boolean rfc822) implements FetchAttribute {
    public static Body whole(boolean peek) {
      return new Body(peek, -1, 0, false);
    }

    public boolean partial() {
      return offset >= 0;
    }

    /** The name the response carries: {@code BODY[]}, {@code BODY[]<10>} or {@code RFC822}. */
    public String responseName() {
      if (rfc822) {
        return "RFC822";
      }
      return partial() ? "BODY[]<" + offset + ">" : "BODY[]";
    }
  }
}
