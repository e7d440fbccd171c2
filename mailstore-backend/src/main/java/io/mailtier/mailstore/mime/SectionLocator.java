package io.mailtier.mailstore.mime;

import io.mailtier.proto.mailstore.v1.MimePart;
import java.io.ByteArrayOutputStream;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Finds the bytes of an IMAP body section (RFC 9051 6.4.5) in a message, from its stored structure:
 * part paths, HEADER, TEXT, MIME, and the filtering of HEADER.FIELDS (.NOT).
 */
public final class SectionLocator {
  private SectionLocator() {}

  /** What a section names within its part. */
  public enum Kind {
    WHOLE,
    HEADER,
    HEADER_FIELDS,
    HEADER_FIELDS_NOT,
    TEXT,
    MIME
  }

  /**
   * A byte range of the message.
   *
   * @param encoding the Content-Transfer-Encoding of the bytes (upper-case), for decoding
   */
  public record Range(long offset, long length, String encoding) {}

  /** The range a section names, empty when the part does not exist or the kind does not apply. */
  public static Optional<Range> locate(MimePart root, long messageSize, String part, Kind kind) {
    int[] path = path(part);
    if (path == null) {
      return Optional.empty();
    }
    if (path.length == 0) {
      return switch (kind) {
        case WHOLE -> Optional.of(new Range(0, messageSize, "BINARY"));
        case HEADER, HEADER_FIELDS, HEADER_FIELDS_NOT -> Optional.of(header(root));
        case TEXT -> Optional.of(body(root, messageSize));
        case MIME -> Optional.empty();
      };
    }
    MimePart cur = root;
    for (int i = 0; i < path.length; i++) {
      int n = path[i];
      boolean descended = false;
      if (i > 0 && isMessage(cur)) {
        if (!cur.hasMessageBody()) {
          return Optional.empty();
        }
        cur = cur.getMessageBody();
        descended = true;
      }
      if (cur.getType().equals("multipart")) {
        if (n < 1 || n > cur.getPartsCount()) {
          return Optional.empty();
        }
        cur = cur.getParts(n - 1);
      } else if (n != 1 || (i > 0 && !descended)) {
        return Optional.empty();
      }
    }
    return switch (kind) {
      case WHOLE -> Optional.of(body(cur, messageSize));
      case MIME -> Optional.of(header(cur));
      case HEADER, HEADER_FIELDS, HEADER_FIELDS_NOT ->
          isMessage(cur) && cur.hasMessageBody()
              ? Optional.of(header(cur.getMessageBody()))
              : Optional.empty();
      case TEXT ->
          isMessage(cur) && cur.hasMessageBody()
              ? Optional.of(body(cur.getMessageBody(), messageSize))
              : Optional.empty();
    };
  }

  private static Range header(MimePart p) {
    return new Range(p.getHeaderOffset(), p.getHeaderLength(), "BINARY");
  }

  private static Range body(MimePart p, long messageSize) {
    long offset = Math.min(p.getBodyOffset(), messageSize);
    long length = Math.min(p.getBodyLength(), messageSize - offset);
    return new Range(offset, length, p.getTransferEncoding());
  }

  private static boolean isMessage(MimePart p) {
    return p.getType().equals("message")
        && (p.getSubtype().equals("rfc822") || p.getSubtype().equals("global"));
  }

  /** "1.2.3" as numbers; "" as none; null when malformed. */
  static int[] path(String part) {
    if (part == null || part.isEmpty()) {
      return new int[0];
    }
    String[] pieces = part.split("\\.", -1);
    if (pieces.length > MimeStructureParser.MAX_DEPTH * 2) {
      return null;
    }
    int[] out = new int[pieces.length];
    for (int i = 0; i < pieces.length; i++) {
      String s = pieces[i];
      if (s.isEmpty() || s.length() > 9 || !s.chars().allMatch(Character::isDigit)) {
        return null;
      }
      out[i] = Integer.parseInt(s);
      if (out[i] == 0) {
        return null;
      }
    }
    return out;
  }

  /**
   * The header fields of {@code header} (a header block, empty line included or not) whose names
   * are (or, with {@code exclude}, are not) in {@code names}, in order, followed by an empty line.
   */
  public static byte[] filterHeader(byte[] header, Set<String> names, boolean exclude) {
    Set<String> wanted =
        names.stream().map(n -> n.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int i = 0;
    boolean keep = false;
    while (i < header.length) {
      int eol = i;
      while (eol < header.length && header[eol] != '\n') {
        eol++;
      }
      int next = Math.min(eol + 1, header.length);
      int contentEnd = eol;
      if (contentEnd > i && contentEnd <= header.length && header[contentEnd - 1] == '\r') {
        contentEnd--;
      }
      if (contentEnd == i) {
        break; // the empty line ending the header
      }
      boolean continuation = header[i] == ' ' || header[i] == '\t';
      if (!continuation) {
        int colon = i;
        while (colon < contentEnd && header[colon] != ':') {
          colon++;
        }
        String name =
            new String(header, i, colon - i, java.nio.charset.StandardCharsets.ISO_8859_1)
                .strip()
                .toLowerCase(Locale.ROOT);
        keep = colon < contentEnd && (wanted.contains(name) != exclude);
      }
      if (keep) {
        out.write(header, i, contentEnd - i);
        out.write('\r');
        out.write('\n');
      }
      i = next;
    }
    out.write('\r');
    out.write('\n');
    return out.toByteArray();
  }
}
