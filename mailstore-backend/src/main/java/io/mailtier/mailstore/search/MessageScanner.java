package io.mailtier.mailstore.search;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.apache.james.mime4j.MimeException;
import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.codec.DecoderUtil;
import org.apache.james.mime4j.dom.datetime.DateTime;
import org.apache.james.mime4j.field.datetime.parser.DateTimeParser;
import org.apache.james.mime4j.stream.BodyDescriptor;
import org.apache.james.mime4j.stream.EntityState;
import org.apache.james.mime4j.stream.Field;
import org.apache.james.mime4j.stream.MimeConfig;
import org.apache.james.mime4j.stream.MimeTokenStream;
import org.apache.james.mime4j.stream.RecursionMode;
import org.apache.james.mime4j.util.ByteSequence;
import org.apache.james.mime4j.util.CharsetUtil;

/**
 * Reads one stored message once, with Apache Mime4j, and finds which of a query's text criteria it
 * satisfies: header fields are unfolded and their RFC 2047 encoded-words decoded; text body parts
 * are decoded (base64, quoted-printable) and read in their charset; everything is compared after
 * {@link TextFolding}. Body text is read in pieces, never held whole; reading stops as soon as
 * every criterion is decided.
 *
 * <p>What counts as the body (IMAP BODY): the text of every {@code text/*} part, and the header
 * fields of embedded {@code message/rfc822} messages; other media types (images, archives) are not
 * text and are skipped. TEXT adds the message's own header fields, each as {@code Name: value}.
 */
final class MessageScanner {
  private static final int CHUNK_CHARS = 16 * 1024;
  private static final int MAX_TOKENS = 100_000;
  // header fields beyond 1 MiB or 10,000 per entity end the scan (what was found so far stands);
  // body lines are unbounded: long HTML and base64 lines are common
  private static final MimeConfig CONFIG =
      MimeConfig.custom()
          .setMaxLineLen(-1)
          .setMaxHeaderCount(10_000)
          .setMaxHeaderLen(1024 * 1024)
          .setMaxContentLen(-1)
          .setStrictParsing(false)
          .build();

  private final List<SearchQuery.Header> headers;
  private final Map<SearchQuery.Header, String> headerNeedles = new HashMap<>();
  private final Set<String> bodyNeedles;
  private final Set<String> textNeedles;
  private final boolean wantsSentDate;
  private final int longestBodyNeedle;

  /** What one message satisfies. */
  record Facts(
      Set<SearchQuery.Header> headers, Set<String> body, Set<String> text, LocalDate sentDate) {}

  /** The scanner of a query's text criteria. */
  MessageScanner(SearchQuery query) {
    List<SearchQuery.Header> h = new ArrayList<>();
    Set<String> body = new LinkedHashSet<>();
    Set<String> text = new LinkedHashSet<>();
    boolean[] sent = {false};
    collect(query, h, body, text, sent);
    this.headers = List.copyOf(new LinkedHashSet<>(h));
    for (SearchQuery.Header header : headers) {
      headerNeedles.put(header, needle(header.value()));
    }
    this.bodyNeedles = Set.copyOf(body);
    this.textNeedles = Set.copyOf(text);
    this.wantsSentDate = sent[0];
    int longest = 1;
    for (String s : body) {
      longest = Math.max(longest, s.length());
    }
    for (String s : text) {
      longest = Math.max(longest, s.length());
    }
    this.longestBodyNeedle = longest;
  }

  private static void collect(
      SearchQuery q,
      List<SearchQuery.Header> headers,
      Set<String> body,
      Set<String> text,
      boolean[] sent) {
    switch (q) {
      case SearchQuery.And a -> a.children().forEach(c -> collect(c, headers, body, text, sent));
      case SearchQuery.Or o -> o.children().forEach(c -> collect(c, headers, body, text, sent));
      case SearchQuery.Not n -> collect(n.child(), headers, body, text, sent);
      case SearchQuery.Header h -> headers.add(h);
      case SearchQuery.Text t -> (t.withHeader() ? text : body).add(needle(t.value()));
      case SearchQuery.DateCompare d -> sent[0] |= d.field() == SearchQuery.DateField.SENT;
      default -> {}
    }
  }

  /** The folded form of a string searched for. */
  static String needle(String value) {
    return TextFolding.fold(value);
  }

  /**
   * Scans a message.
   *
   * @param content the message's bytes; closed by the caller
   * @param budget the bytes this message may still read (the request's remaining budget)
   * @return what the message satisfies and how many bytes were read
   */
  Facts scan(InputStream content, Budget budget) throws IOException {
    Set<SearchQuery.Header> headerHits = new HashSet<>();
    Set<String> bodyHits = new HashSet<>();
    Set<String> textHits = new HashSet<>();
    LocalDate[] sentDate = {null};
    // empty needles match everything, without reading
    for (String n : bodyNeedles) {
      if (n.isEmpty()) {
        bodyHits.add(n);
      }
    }
    for (String n : textNeedles) {
      if (n.isEmpty()) {
        textHits.add(n);
      }
    }
    MimeTokenStream stream = new MimeTokenStream(CONFIG, DecodeMonitor.SILENT, null);
    stream.setRecursionMode(RecursionMode.M_RECURSE);
    stream.parse(new BudgetedStream(content, budget));
    boolean topHeader = false;
    boolean topHeaderDone = false;
    boolean messageHeader = false;
    boolean lastStartWasMessage = false;
    try {
      for (int tokens = 0; tokens < MAX_TOKENS; tokens++) {
        EntityState state = stream.next();
        switch (state) {
          case T_END_OF_STREAM -> {
            return new Facts(headerHits, bodyHits, textHits, sentDate[0]);
          }
          case T_START_MESSAGE -> lastStartWasMessage = true;
          case T_START_BODYPART -> lastStartWasMessage = false;
          case T_START_HEADER -> {
            topHeader = !topHeaderDone;
            messageHeader = !topHeader && lastStartWasMessage;
          }
          case T_FIELD -> {
            Field f = stream.getField();
            String name = f.getName();
            String value = fieldValue(f.getRaw());
            if (topHeader) {
              matchTopField(name, value, headerHits, textHits, sentDate);
            } else if (messageHeader) {
              String folded = TextFolding.fold(name + ": " + value);
              find(folded, bodyNeedles, bodyHits);
              find(folded, textNeedles, textHits);
            }
          }
          case T_END_HEADER -> {
            if (topHeader) {
              topHeader = false;
              topHeaderDone = true;
              if (bodyDecided(bodyHits, textHits)) {
                return new Facts(headerHits, bodyHits, textHits, sentDate[0]);
              }
            }
            messageHeader = false;
          }
          case T_BODY -> {
            BodyDescriptor d = stream.getBodyDescriptor();
            if (d.getMimeType() != null
                && d.getMimeType().toLowerCase(Locale.ROOT).startsWith("text/")) {
              scanText(stream.getDecodedInputStream(), charset(d.getCharset()), bodyHits, textHits);
              if (bodyDecided(bodyHits, textHits)) {
                return new Facts(headerHits, bodyHits, textHits, sentDate[0]);
              }
            }
          }
          default -> {}
        }
      }
      return new Facts(headerHits, bodyHits, textHits, sentDate[0]);
    } catch (MimeException e) {
      // a message Mime4j cannot parse further: what was found so far stands
      return new Facts(headerHits, bodyHits, textHits, sentDate[0]);
    }
  }

  /** Whether the content is needed at all beyond the top-level header. */
  boolean needsBody() {
    return !bodyNeedles.isEmpty() || !textNeedles.isEmpty();
  }

  private boolean bodyDecided(Set<String> bodyHits, Set<String> textHits) {
    return bodyHits.size() == bodyNeedles.size() && textHits.size() == textNeedles.size();
  }

  private void matchTopField(
      String name,
      String value,
      Set<SearchQuery.Header> headerHits,
      Set<String> textHits,
      LocalDate[] sentDate) {
    String foldedValue = null;
    for (SearchQuery.Header h : headers) {
      if (headerHits.contains(h) || !h.field().equalsIgnoreCase(name)) {
        continue;
      }
      if (foldedValue == null) {
        foldedValue = TextFolding.fold(value);
      }
      if (foldedValue.contains(headerNeedles.get(h))) {
        headerHits.add(h);
      }
    }
    if (!textNeedles.isEmpty() && textHits.size() < textNeedles.size()) {
      find(TextFolding.fold(name + ": " + value), textNeedles, textHits);
    }
    if (wantsSentDate && sentDate[0] == null && name.equalsIgnoreCase("Date")) {
      sentDate[0] = parseDate(value);
    }
  }

  private void scanText(
      InputStream decoded, Charset charset, Set<String> bodyHits, Set<String> textHits)
      throws IOException {
    Reader reader =
        new InputStreamReader(
            decoded,
            charset
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE));
    char[] buf = new char[CHUNK_CHARS];
    StringBuilder pending = new StringBuilder();
    String tail = "";
    boolean eof = false;
    while (!eof) {
      int n = reader.read(buf);
      if (n < 0) {
        eof = true;
      } else {
        pending.append(buf, 0, n);
        if (pending.length() < CHUNK_CHARS) {
          continue;
        }
      }
      int cut = eof ? pending.length() : TextFolding.safeCut(pending, pending.length() - 1);
      String folded = TextFolding.fold(pending.substring(0, cut));
      pending.delete(0, cut);
      String window = tail + folded;
      find(window, bodyNeedles, bodyHits);
      find(window, textNeedles, textHits);
      if (bodyDecided(bodyHits, textHits)) {
        return;
      }
      int keep = Math.min(window.length(), longestBodyNeedle - 1);
      tail = window.substring(window.length() - keep);
    }
  }

  private static void find(String haystack, Set<String> needles, Set<String> hits) {
    for (String n : needles) {
      if (!hits.contains(n) && haystack.contains(n)) {
        hits.add(n);
      }
    }
  }

  /** A field's value: unfolded, RFC 2047 encoded-words decoded, raw 8-bit bytes read as UTF-8. */
  static String fieldValue(ByteSequence raw) {
    byte[] bytes = raw.toByteArray();
    String line = decodeHeaderBytes(bytes);
    int colon = line.indexOf(':');
    String value = colon < 0 ? "" : line.substring(colon + 1);
    value = value.replace("\r\n", "").replace("\n", "").replace("\r", "");
    try {
      return DecoderUtil.decodeEncodedWords(value, DecodeMonitor.SILENT).strip();
    } catch (IllegalArgumentException e) {
      return value.strip();
    }
  }

  /** Raw header bytes: UTF-8 when they are valid UTF-8 (RFC 6532), else ISO-8859-1. */
  private static String decodeHeaderBytes(byte[] bytes) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      return new String(bytes, StandardCharsets.ISO_8859_1);
    }
  }

  /**
   * The charset of a text part: the declared one when Java knows it; UTF-8 for US-ASCII, missing or
   * unknown charsets (8-bit text mislabelled as ASCII is nearly always UTF-8 today).
   */
  static Charset charset(String declared) {
    if (declared == null || declared.isBlank()) {
      return StandardCharsets.UTF_8;
    }
    Charset c;
    try {
      c = CharsetUtil.lookup(declared.strip());
    } catch (RuntimeException e) {
      c = null;
    }
    if (c == null || c.equals(StandardCharsets.US_ASCII)) {
      return StandardCharsets.UTF_8;
    }
    return c;
  }

  /** The calendar date of a Date field as written (its own zone), or null when unparsable. */
  static LocalDate parseDate(String value) {
    try {
      DateTime dt = new DateTimeParser(new StringReader(value)).parseAll();
      return LocalDate.of(dt.getYear(), dt.getMonth(), dt.getDay());
    } catch (Exception | Error e) {
      // ParseException, TokenMgrError (an Error), DateTimeException: not a usable date
      if (e instanceof VirtualMachineError vme) {
        throw vme;
      }
      return null;
    }
  }

  /** The remaining byte budget of a request, shared by the messages it scans. */
  static final class Budget {
    private final long limit;
    private final BooleanSupplier cancelled;
    private long used;

    Budget(long limit, BooleanSupplier cancelled) {
      this.limit = limit;
      this.cancelled = cancelled;
    }

    void charge(long n) {
      used += n;
      if (used > limit) {
        throw new SearchAbortedException(
            SearchAbortedException.Kind.BUDGET_EXCEEDED,
            "the search would read more than " + limit + " bytes of message text");
      }
    }

    void checkCancelled() {
      if (cancelled.getAsBoolean()) {
        throw new SearchAbortedException(
            SearchAbortedException.Kind.CANCELLED, "the search was cancelled");
      }
    }

    long used() {
      return used;
    }
  }

  /** Charges every byte read to the budget and stops when the caller is gone. */
  private static final class BudgetedStream extends FilterInputStream {
    private final Budget budget;

    BudgetedStream(InputStream in, Budget budget) {
      super(in);
      this.budget = budget;
    }

    @Override
    public int read() throws IOException {
      budget.checkCancelled();
      int b = super.read();
      if (b >= 0) {
        budget.charge(1);
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      budget.checkCancelled();
      int n = super.read(b, off, len);
      if (n > 0) {
        budget.charge(n);
      }
      return n;
    }
  }
}
