package io.mailtier.frontend.imap.command;

import java.util.List;
import java.util.Locale;

/** One item a FETCH asks for (RFC 9051 6.4.5 fetch-att, RFC 3501, RFC 3516). */
public sealed interface FetchAttribute {
  /** {@code FLAGS}. */
  record Flags() implements FetchAttribute {}

  /** {@code UID}. */
  record Uid() implements FetchAttribute {}

  /** {@code RFC822.SIZE}. */
  record Size() implements FetchAttribute {}

  /** {@code INTERNALDATE}. */
  record InternalDate() implements FetchAttribute {}

  /** {@code ENVELOPE}. */
  record Envelope() implements FetchAttribute {}

  /**
   * {@code BODYSTRUCTURE} (extensible: with the extension data) or {@code BODY} (the non-extensible
   * form).
   */
  record BodyStructure(boolean extensible) implements FetchAttribute {
    public String responseName() {
      return extensible ? "BODYSTRUCTURE" : "BODY";
    }
  }

  /** How a section item was asked for; it decides the name of the answer and \Seen. */
  enum Form {
    /** {@code BODY[...]} or {@code BODY.PEEK[...]}. */
    BODY,
    /** {@code BINARY[...]} or {@code BINARY.PEEK[...]} (RFC 3516): the decoded content. */
    BINARY,
    /** {@code BINARY.SIZE[...]} (RFC 3516): the size of the decoded content. */
    BINARY_SIZE,
    /** {@code RFC822}: {@code BODY[]} answered under its own name. */
    RFC822,
    /** {@code RFC822.HEADER}: {@code BODY.PEEK[HEADER]} answered under its own name. */
    RFC822_HEADER,
    /** {@code RFC822.TEXT}: {@code BODY[TEXT]} answered under its own name. */
    RFC822_TEXT
  }

  /** The section-text (or section-msgtext) after the part numbers. */
  enum Text {
    /** Nothing: the whole message or the whole part. */
    NONE(""),
    HEADER("HEADER"),
    HEADER_FIELDS("HEADER.FIELDS"),
    HEADER_FIELDS_NOT("HEADER.FIELDS.NOT"),
    TEXT("TEXT"),
    MIME("MIME");

    private final String wire;

    Text(String wire) {
      this.wire = wire;
    }

    public String wire() {
      return wire;
    }
  }

  /**
   * A body section: {@code BODY[section]<partial>}, {@code BODY.PEEK[...]}, {@code BINARY[...]},
   * {@code BINARY.PEEK[...]}, {@code BINARY.SIZE[...]}, {@code RFC822}, {@code RFC822.HEADER},
   * {@code RFC822.TEXT}.
   *
   * @param form how it was asked for
   * @param peek true when it does not set \Seen (BODY.PEEK, BINARY.PEEK, RFC822.HEADER, and
   *     BINARY.SIZE)
   * @param part the part numbers, "1.2.3"; empty for the whole message
   * @param text what of the part
   * @param fields the header field names of HEADER.FIELDS (.NOT), as the client spelled them
   * @param offset the partial's origin octet, or -1 for no partial
   * @param length the partial's length (positive, with offset >= 0)
   */
  record Section(
      Form form,
      boolean peek,
      String part,
      Text text,
      List<String> fields,
      long offset,
      long length)
      implements FetchAttribute {
    public Section {
      fields = List.copyOf(fields);
    }

    /** {@code BODY[]} or {@code BODY.PEEK[]}. */
    public static Section whole(boolean peek) {
      return new Section(Form.BODY, peek, "", Text.NONE, List.of(), -1, 0);
    }

    public boolean partial() {
      return offset >= 0;
    }

    /** Whether this item sets \Seen (in a read-write session). */
    public boolean setsSeen() {
      return !peek;
    }

    /**
     * The name the response carries: {@code BODY[1.2.HEADER.FIELDS (From To)]<10>}, {@code
     * BINARY[1]}, {@code RFC822.TEXT}; RFC 9051 7.5.2: the origin octet is given, the length not.
     */
    public String responseName() {
      return switch (form) {
        case RFC822 -> "RFC822";
        case RFC822_HEADER -> "RFC822.HEADER";
        case RFC822_TEXT -> "RFC822.TEXT";
        case BINARY_SIZE -> "BINARY.SIZE[" + part + "]";
        case BINARY -> "BINARY[" + part + "]" + origin();
        case BODY -> "BODY[" + spec() + "]" + origin();
      };
    }

    private String origin() {
      return partial() ? "<" + offset + ">" : "";
    }

    /** The section-spec, as the response repeats it. */
    private String spec() {
      StringBuilder s = new StringBuilder(part);
      if (text != Text.NONE) {
        if (!part.isEmpty()) {
          s.append('.');
        }
        s.append(text.wire());
      }
      if (text == Text.HEADER_FIELDS || text == Text.HEADER_FIELDS_NOT) {
        s.append(" (");
        for (int i = 0; i < fields.size(); i++) {
          if (i > 0) {
            s.append(' ');
          }
          s.append(astring(fields.get(i)));
        }
        s.append(')');
      }
      return s.toString();
    }

    /** A field name as an atom when it is one, else as a quoted string. */
    private static String astring(String name) {
      boolean atom = !name.isEmpty();
      for (int i = 0; i < name.length() && atom; i++) {
        char c = name.charAt(i);
        atom = c > 0x20 && c < 0x7f && "(){%*\"\\]".indexOf(c) < 0;
      }
      if (atom) {
        return name.toUpperCase(Locale.ROOT);
      }
      return "\"" + name.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
  }
}
