package io.mailtier.mailstore.mime;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** One header field: its name and its unfolded raw value (leading white space removed). */
record HeaderField(String name, String value) {

  /**
   * Parses one field from its raw bytes (folded lines included, terminators removed or not); null
   * when the bytes are not a field (no colon, or an empty name).
   */
  static HeaderField parse(byte[] raw, int length) {
    int colon = -1;
    for (int i = 0; i < length; i++) {
      if (raw[i] == ':') {
        colon = i;
        break;
      }
    }
    if (colon <= 0) {
      return null;
    }
    String name = new String(raw, 0, colon, StandardCharsets.ISO_8859_1).strip();
    if (name.isEmpty() || name.indexOf(' ') >= 0 || name.indexOf('\t') >= 0) {
      return null;
    }
    StringBuilder value = new StringBuilder();
    String text = text(raw, colon + 1, length - colon - 1);
    for (int i = 0; i < text.length(); i++) {
      char ch = text.charAt(i);
      if (ch != '\r' && ch != '\n') {
        value.append(ch);
      }
    }
    return new HeaderField(name, value.toString().strip());
  }

  /** Bytes as text: UTF-8 when they are valid UTF-8, else ISO-8859-1 (8-bit headers). */
  static String text(byte[] raw, int offset, int length) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(raw, offset, length))
          .toString();
    } catch (CharacterCodingException e) {
      return new String(raw, offset, length, StandardCharsets.ISO_8859_1);
    }
  }
}
