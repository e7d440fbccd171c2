package io.mailtier.mailstore.mime;

import io.mailtier.proto.mailstore.v1.Envelope;
import io.mailtier.proto.mailstore.v1.EnvelopeAddress;
import io.mailtier.proto.mailstore.v1.MimeParameter;
import io.mailtier.proto.mailstore.v1.MimePart;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.codec.DecoderUtil;
import org.apache.james.mime4j.dom.address.Address;
import org.apache.james.mime4j.dom.address.AddressList;
import org.apache.james.mime4j.dom.address.Group;
import org.apache.james.mime4j.dom.address.Mailbox;
import org.apache.james.mime4j.dom.field.ContentDispositionField;
import org.apache.james.mime4j.dom.field.ContentTypeField;
import org.apache.james.mime4j.dom.field.ParsedField;
import org.apache.james.mime4j.field.LenientFieldParser;
import org.apache.james.mime4j.field.address.LenientAddressParser;
import org.apache.james.mime4j.stream.RawField;

/**
 * Computes a message's ENVELOPE and MIME structure in one streaming pass (see
 * docs/adr/0030-mime-structure-at-delivery.md).
 *
 * <p>The pass frames the entities itself — headers, bodies, boundary delimiters — so it knows every
 * part's byte offsets, which Mime4j's parsers do not report; each header field is then parsed with
 * Apache Mime4j (Content-Type and Content-Disposition parameters, address lists, RFC 2047
 * encoded-words). It never fails: malformed input yields the structure that could be recognized (a
 * missing close delimiter ends the parts at the end of the message; an unusable Content-Type is
 * text/plain).
 */
public final class MimeStructureParser {
  /** Bumped when the parser's output changes, so stored structures are recomputed lazily. */
  public static final int VERSION = 1;

  /** Nesting deeper than this is treated as an opaque leaf. */
  static final int MAX_DEPTH = 32;

  /** The most header bytes of one entity that are kept for field parsing. */
  static final int MAX_HEADER_BYTES = 256 * 1024;

  /** The most parts of one message; the rest of a body is then an opaque leaf. */
  static final int MAX_PARTS = 10_000;

  private final LineReader in;
  private int parts;

  private MimeStructureParser(InputStream in) {
    this.in = new LineReader(in);
  }

  /** The result: the top-level envelope and entity. */
  public record Result(Envelope envelope, MimePart structure) {}

  /** Parses a whole message from a stream (read to its end, not closed). */
  public static Result parse(InputStream message) throws IOException {
    MimeStructureParser p =
        new MimeStructureParser(
            message instanceof BufferedInputStream ? message : new BufferedInputStream(message));
    Parsed top = p.entity("", List.of(), false, 0, true);
    return new Result(top.envelope, top.part.build());
  }

  /** The structure used when even the framing fails: the whole body is one text/plain part. */
  public static Result fallback(long size) {
    MimePart part =
        MimePart.newBuilder()
            .setSection("1")
            .setType("text")
            .setSubtype("plain")
            .addParameters(MimeParameter.newBuilder().setName("charset").setValue("us-ascii"))
            .setTransferEncoding("7BIT")
            .setBodyOffset(0)
            .setBodyLength(size)
            .build();
    return new Result(Envelope.getDefaultInstance(), part);
  }

  private record Parsed(MimePart.Builder part, Envelope envelope, long end) {}

  /**
   * Parses one entity starting at the reader's position.
   *
   * @param parentPath the path of the message this entity is the top of (isMessage), or this
   *     entity's own path (a body part)
   * @param isMessage whether the entity is the top of a message (its header carries an envelope)
   */
  private Parsed entity(
      String parentPath, List<byte[]> enclosing, boolean inDigest, int depth, boolean isMessage)
      throws IOException {
    parts++;
    long headerStart = in.position();
    List<HeaderField> fields = readHeader(enclosing);
    long bodyStart = in.position();
    MimePart.Builder p =
        MimePart.newBuilder()
            .setHeaderOffset(headerStart)
            .setHeaderLength(bodyStart - headerStart)
            .setBodyOffset(bodyStart);
    describe(p, fields, inDigest);
    Envelope envelope = isMessage ? envelope(fields) : null;
    boolean multipart = p.getType().equals("multipart");
    String section;
    if (isMessage) {
      section = multipart ? parentPath : (parentPath.isEmpty() ? "1" : parentPath + ".1");
    } else {
      section = parentPath;
    }
    p.setSection(section);
    byte[] boundary = multipart ? boundary(p) : null;
    boolean embedded =
        p.getType().equals("message")
            && (p.getSubtype().equals("rfc822") || p.getSubtype().equals("global"))
            && !p.getTransferEncoding().equals("BASE64")
            && !p.getTransferEncoding().equals("QUOTED-PRINTABLE");
    long linesBefore = in.lines();
    long end;
    boolean canNest = depth < MAX_DEPTH && parts < MAX_PARTS;
    if (boundary != null && canNest) {
      end = multipartBody(p, section, boundary, enclosing, depth);
    } else if (embedded && canNest) {
      Parsed inner = entity(section, enclosing, false, depth + 1, true);
      p.setMessageEnvelope(inner.envelope).setMessageBody(inner.part);
      end = inner.end;
      p.setLines(in.lines() - linesBefore);
    } else {
      end = leafBody(enclosing);
      if (p.getType().equals("text") || embedded) {
        p.setLines(in.lines() - linesBefore);
      }
    }
    p.setBodyLength(Math.max(0, end - bodyStart));
    return new Parsed(p, envelope, end);
  }

  private List<HeaderField> readHeader(List<byte[]> enclosing) throws IOException {
    List<HeaderField> fields = new ArrayList<>();
    ByteArrayOutputStream current = new ByteArrayOutputStream();
    long kept = 0;
    while (true) {
      LineReader.Line line = in.next();
      if (line == null) {
        break;
      }
      if (line.isEmpty()) {
        break;
      }
      byte[] c = line.content();
      boolean continuation = c.length > 0 && (c[0] == ' ' || c[0] == '\t');
      if (!continuation && (delimiterKind(c, enclosing) != 0 || !looksLikeField(c))) {
        in.pushBack(line); // no empty line: the body (or the next part) starts here
        break;
      }
      if (!continuation) {
        flush(current, fields);
      }
      if (kept + c.length <= MAX_HEADER_BYTES) {
        current.write(c, 0, c.length);
        kept += c.length;
      }
    }
    flush(current, fields);
    return fields;
  }

  private static boolean looksLikeField(byte[] c) {
    for (byte b : c) {
      if (b == ':') {
        return true;
      }
      if (b == ' ' || b == '\t' || b < 0x21) {
        return false;
      }
    }
    return false;
  }

  private static void flush(ByteArrayOutputStream current, List<HeaderField> fields) {
    if (current.size() > 0) {
      byte[] raw = current.toByteArray();
      HeaderField f = HeaderField.parse(raw, raw.length);
      if (f != null) {
        fields.add(f);
      }
      current.reset();
    }
  }

  /** Reads a multipart body; returns the offset where it ends. */
  private long multipartBody(
      MimePart.Builder p, String path, byte[] boundary, List<byte[]> enclosing, int depth)
      throws IOException {
    List<byte[]> inner = new ArrayList<>(enclosing);
    inner.add(boundary);
    List<byte[]> own = List.of(boundary);
    int kind;
    while (true) { // preamble
      LineReader.Line l = in.next();
      if (l == null) {
        return in.position();
      }
      kind = delimiterKind(l.content(), own);
      if (kind != 0) {
        break;
      }
      if (delimiterKind(l.content(), enclosing) != 0) {
        in.pushBack(l);
        return end(l);
      }
    }
    boolean digest = p.getSubtype().equals("digest");
    int index = 0;
    while (kind == 1) {
      index++;
      String childPath = path.isEmpty() ? Integer.toString(index) : path + "." + index;
      if (parts >= MAX_PARTS) {
        return leafBody(enclosing);
      }
      Parsed child = entity(childPath, inner, digest, depth + 1, false);
      p.addParts(child.part);
      LineReader.Line l = in.next();
      if (l == null) {
        return in.position(); // no close delimiter: the parts end with the message
      }
      kind = delimiterKind(l.content(), own);
      if (kind == 0) {
        in.pushBack(l); // an enclosing boundary: this multipart was not closed
        return end(l);
      }
    }
    while (true) { // epilogue
      LineReader.Line l = in.next();
      if (l == null) {
        return in.position();
      }
      if (delimiterKind(l.content(), enclosing) != 0) {
        in.pushBack(l);
        return end(l);
      }
    }
  }

  /** Reads a leaf body up to an enclosing delimiter or the end; returns where it ends. */
  private long leafBody(List<byte[]> enclosing) throws IOException {
    while (true) {
      LineReader.Line l = in.next();
      if (l == null) {
        return in.position();
      }
      if (!enclosing.isEmpty() && delimiterKind(l.content(), enclosing) != 0) {
        in.pushBack(l);
        return end(l);
      }
    }
  }

  /** The end of the content before a delimiter line: the line break before it belongs to it. */
  private static long end(LineReader.Line delimiter) {
    return delimiter.start() - delimiter.previousTerminator();
  }

  /** 1: an open delimiter of one of the boundaries, 2: a close delimiter, 0: neither. */
  static int delimiterKind(byte[] line, List<byte[]> boundaries) {
    if (line.length < 3 || line[0] != '-' || line[1] != '-') {
      return 0;
    }
    for (int i = boundaries.size() - 1; i >= 0; i--) {
      byte[] b = boundaries.get(i);
      if (line.length < 2 + b.length) {
        continue;
      }
      boolean match = true;
      for (int j = 0; j < b.length && match; j++) {
        match = line[2 + j] == b[j];
      }
      if (!match) {
        continue;
      }
      int rest = 2 + b.length;
      int kind = 1;
      if (line.length >= rest + 2 && line[rest] == '-' && line[rest + 1] == '-') {
        kind = 2;
        rest += 2;
      }
      boolean padding = true;
      for (int j = rest; j < line.length && padding; j++) {
        padding = line[j] == ' ' || line[j] == '\t';
      }
      if (padding) {
        return kind;
      }
    }
    return 0;
  }

  private static byte[] boundary(MimePart.Builder p) {
    for (MimeParameter param : p.getParametersList()) {
      if (param.getName().equals("boundary") && !param.getValue().isEmpty()) {
        return param.getValue().getBytes(StandardCharsets.ISO_8859_1);
      }
    }
    return null;
  }

  // ------------------------------------------------------------- header fields

  private static void describe(MimePart.Builder p, List<HeaderField> fields, boolean inDigest) {
    String type = inDigest ? "message" : "text";
    String subtype = inDigest ? "rfc822" : "plain";
    Map<String, String> params = new TreeMap<>();
    HeaderField ct = first(fields, "content-type");
    if (ct != null) {
      ParsedField parsed = parseField(ct);
      if (parsed instanceof ContentTypeField f
          && f.getMediaType() != null
          && !f.getMediaType().isEmpty()
          && f.getSubType() != null
          && !f.getSubType().isEmpty()) {
        type = f.getMediaType().toLowerCase(Locale.ROOT);
        subtype = f.getSubType().toLowerCase(Locale.ROOT);
        if (f.getParameters() != null) {
          f.getParameters().forEach((k, v) -> params.put(k.toLowerCase(Locale.ROOT), v));
        }
      }
    }
    if (type.equals("text") && !params.containsKey("charset")) {
      params.put("charset", "us-ascii");
    }
    p.setType(type).setSubtype(subtype);
    params.forEach(
        (k, v) -> p.addParameters(MimeParameter.newBuilder().setName(k).setValue(nz(v))));
    HeaderField cte = first(fields, "content-transfer-encoding");
    String encoding = cte == null ? "" : cte.value().strip().toUpperCase(Locale.ROOT);
    p.setTransferEncoding(encoding.isEmpty() ? "7BIT" : encoding);
    HeaderField id = first(fields, "content-id");
    if (id != null) {
      p.setId(id.value());
    }
    HeaderField description = first(fields, "content-description");
    if (description != null) {
      p.setDescription(description.value());
    }
    HeaderField md5 = first(fields, "content-md5");
    if (md5 != null) {
      p.setMd5(md5.value());
    }
    HeaderField location = first(fields, "content-location");
    if (location != null) {
      p.setLocation(location.value());
    }
    HeaderField language = first(fields, "content-language");
    if (language != null) {
      for (String tag : language.value().split(",")) {
        if (!tag.isBlank()) {
          p.addLanguage(tag.strip());
        }
      }
    }
    HeaderField cd = first(fields, "content-disposition");
    if (cd != null
        && parseField(cd) instanceof ContentDispositionField f
        && f.getDispositionType() != null
        && !f.getDispositionType().isEmpty()) {
      p.setDisposition(f.getDispositionType().toLowerCase(Locale.ROOT));
      if (f.getParameters() != null) {
        new TreeMap<>(f.getParameters())
            .forEach((k, v) ->
                p.addDispositionParameters(
                    MimeParameter.newBuilder()
                        .setName(k.toLowerCase(Locale.ROOT))
                        .setValue(nz(v))));
      }
    }
  }

  private static ParsedField parseField(HeaderField f) {
    try {
      return LenientFieldParser.getParser()
          .parse(new RawField(f.name(), f.value()), DecodeMonitor.SILENT);
    } catch (RuntimeException e) {
      return null;
    }
  }

  static Envelope envelope(List<HeaderField> fields) {
    Envelope.Builder e = Envelope.newBuilder();
    HeaderField date = first(fields, "date");
    if (date != null) {
      e.setDate(date.value());
    }
    HeaderField subject = first(fields, "subject");
    if (subject != null) {
      e.setSubject(subject.value());
      e.setSubjectDecoded(decode(subject.value()));
    }
    List<EnvelopeAddress> from = addresses(first(fields, "from"));
    e.addAllFrom(from);
    List<EnvelopeAddress> sender = addresses(first(fields, "sender"));
    e.addAllSender(sender.isEmpty() ? from : sender);
    List<EnvelopeAddress> replyTo = addresses(first(fields, "reply-to"));
    e.addAllReplyTo(replyTo.isEmpty() ? from : replyTo);
    e.addAllTo(addresses(first(fields, "to")));
    e.addAllCc(addresses(first(fields, "cc")));
    e.addAllBcc(addresses(first(fields, "bcc")));
    HeaderField inReplyTo = first(fields, "in-reply-to");
    if (inReplyTo != null) {
      e.setInReplyTo(inReplyTo.value());
    }
    HeaderField messageId = first(fields, "message-id");
    if (messageId != null) {
      e.setMessageId(messageId.value());
    }
    return e.build();
  }

  /** RFC 2047 encoded-words decoded; the raw text when decoding fails. */
  public static String decode(String raw) {
    try {
      return DecoderUtil.decodeEncodedWords(raw, DecodeMonitor.SILENT);
    } catch (RuntimeException e) {
      return raw;
    }
  }

  private static List<EnvelopeAddress> addresses(HeaderField field) {
    List<EnvelopeAddress> out = new ArrayList<>();
    if (field == null || field.value().isBlank()) {
      return out;
    }
    AddressList list;
    try {
      list = LenientAddressParser.DEFAULT.parseAddressList(field.value());
    } catch (RuntimeException e) {
      return out;
    }
    for (Address a : list) {
      if (a instanceof Mailbox m) {
        out.add(mailbox(m));
      } else if (a instanceof Group g) {
        out.add(
            EnvelopeAddress.newBuilder().setMailbox(nz(g.getName())).setGroupStart(true).build());
        for (Mailbox m : g.getMailboxes()) {
          out.add(mailbox(m));
        }
        out.add(EnvelopeAddress.newBuilder().setGroupEnd(true).build());
      }
    }
    return out;
  }

  private static EnvelopeAddress mailbox(Mailbox m) {
    EnvelopeAddress.Builder b =
        EnvelopeAddress.newBuilder()
            .setName(nz(m.getName()))
            .setMailbox(nz(m.getLocalPart()))
            .setHost(nz(m.getDomain()));
    if (m.getRoute() != null && !m.getRoute().isEmpty()) {
      b.setAdl(m.getRoute().toRouteString());
    }
    return b.build();
  }

  private static HeaderField first(List<HeaderField> fields, String lowerName) {
    for (HeaderField f : fields) {
      if (f.name().equalsIgnoreCase(lowerName)) {
        return f;
      }
    }
    return null;
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }
}
