package io.mailtier.frontend.imap.response;

/** Writes the section items of a FETCH response whose form depends on their bytes. */
final class FetchItemWriter {
  private FetchItemWriter() {}

  /**
   * {@code BINARY[...] {n}} or, when the decoded bytes contain NUL (which a literal may not carry),
   * {@code BINARY[...] ~{n}} (RFC 3516 literal8).
   */
  static void binary(ResponseEncoder.Out out, FetchData.Binary b) {
    boolean nul = false;
    for (byte x : b.data()) {
      if (x == 0) {
        nul = true;
        break;
      }
    }
    out.ascii(b.name()).ascii(nul ? " ~{" : " {").ascii(b.data().length + "}");
    out.write('\r');
    out.write('\n');
    out.bytes(b.data());
  }
}
