package io.mailtier.frontend.imap.response;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/** Turns responses into the bytes of the wire format; the only place that writes CRLF. */
public final class ResponseEncoder {
  private static final byte[] CRLF = {'\r', '\n'};
  private static final DateTimeFormatter INTERNAL_DATE =
      DateTimeFormatter.ofPattern("dd-MMM-yyyy HH:mm:ss Z", Locale.ENGLISH)
          .withZone(ZoneOffset.UTC);

  private ResponseEncoder() {}

  /** Encodes one response, including its terminating CRLF. */
  public static byte[] encode(ImapResponse response) {
    Out out = new Out(64);
    switch (response) {
      case StatusResponse s -> status(out, s);
      case ContinuationRequest c -> out.ascii("+ ").utf8(c.text());
      case UntaggedData d -> untagged(out, d);
      case FetchData f -> fetch(out, f);
    }
    out.bytes(CRLF);
    return out.toByteArray();
  }

  /** Encodes several responses back to back. */
  public static byte[] encodeAll(List<? extends ImapResponse> responses) {
    Out out = new Out(256);
    for (ImapResponse r : responses) {
      out.bytes(encode(r));
    }
    return out.toByteArray();
  }

  /** The INTERNALDATE spelling of an instant, in UTC. */
  public static String internalDate(Instant instant) {
    return INTERNAL_DATE.format(instant);
  }

  private static void status(Out out, StatusResponse s) {
    out.ascii(s.tag() == null ? "*" : s.tag()).ascii(" ").ascii(s.type().name()).ascii(" ");
    if (s.code() != null) {
      out.ascii("[").ascii(s.code().wire());
      if (s.codeData() != null && !s.codeData().isEmpty()) {
        out.ascii(" ").utf8(s.codeData());
      }
      out.ascii("] ");
    }
    out.utf8(s.text());
  }

  private static void untagged(Out out, UntaggedData d) {
    out.ascii("* ");
    switch (d) {
      case UntaggedData.Capability c ->
          out.ascii("CAPABILITY ").ascii(String.join(" ", c.capabilities()));
      case UntaggedData.ListItem l -> {
        out.ascii(l.kind()).ascii(" (").ascii(String.join(" ", l.attributes())).ascii(") ");
        if (l.delimiter() == null) {
          out.ascii("NIL");
        } else {
          string(out, l.delimiter());
        }
        out.ascii(" ");
        string(out, l.mailbox());
        if (!l.childInfo().isEmpty()) {
          out.ascii(" (\"CHILDINFO\" (");
          for (int i = 0; i < l.childInfo().size(); i++) {
            out.ascii(i == 0 ? "" : " ");
            string(out, l.childInfo().get(i));
          }
          out.ascii("))");
        }
      }
      case UntaggedData.Namespace n -> {
        out.ascii("NAMESPACE ((");
        string(out, n.personalPrefix());
        out.ascii(" ");
        string(out, n.delimiter());
        out.ascii(")) NIL NIL");
      }
      case UntaggedData.Id id -> {
        out.ascii("ID ");
        if (id.fields().isEmpty()) {
          out.ascii("NIL");
        } else {
          out.ascii("(");
          boolean first = true;
          for (var e : id.fields().entrySet()) {
            out.ascii(first ? "" : " ");
            first = false;
            string(out, e.getKey());
            out.ascii(" ");
            if (e.getValue() == null) {
              out.ascii("NIL");
            } else {
              string(out, e.getValue());
            }
          }
          out.ascii(")");
        }
      }
      case UntaggedData.Enabled e -> {
        out.ascii("ENABLED");
        for (String c : e.capabilities()) {
          out.ascii(" ").ascii(c);
        }
      }
      case UntaggedData.Quota q -> {
        out.ascii("QUOTA ");
        string(out, q.root());
        out.ascii(" (");
        for (int i = 0; i < q.resources().size(); i++) {
          var r = q.resources().get(i);
          out.ascii(i == 0 ? "" : " ").ascii(r.name() + " " + r.usage() + " " + r.limit());
        }
        out.ascii(")");
      }
      case UntaggedData.QuotaRoot q -> {
        out.ascii("QUOTAROOT ");
        string(out, q.mailbox());
        for (String root : q.roots()) {
          out.ascii(" ");
          string(out, root);
        }
      }
      case UntaggedData.Flags f ->
          out.ascii("FLAGS (").utf8(String.join(" ", f.flags())).ascii(")");
      case UntaggedData.Exists e -> out.ascii(e.count() + " EXISTS");
      case UntaggedData.Recent r -> out.ascii(r.count() + " RECENT");
      case UntaggedData.Expunge e -> out.ascii(e.msn() + " EXPUNGE");
      case UntaggedData.Search s -> {
        StringBuilder sb = new StringBuilder("SEARCH");
        for (long n : s.numbers()) {
          sb.append(' ').append(n);
        }
        if (s.modseq() > 0 && !s.numbers().isEmpty()) {
          sb.append(" (MODSEQ ").append(s.modseq()).append(')');
        }
        out.ascii(sb.toString());
      }
      case UntaggedData.ESearch e -> {
        out.ascii("ESEARCH (TAG ");
        string(out, e.tag());
        out.ascii(")").ascii(e.uid() ? " UID" : "");
        for (UntaggedData.ESearch.Item item : e.items()) {
          out.ascii(" ").ascii(item.name()).ascii(" ").ascii(item.value());
        }
      }
      case UntaggedData.Status s -> {
        out.ascii("STATUS ");
        string(out, s.mailbox());
        out.ascii(" (");
        for (int i = 0; i < s.items().size(); i++) {
          UntaggedData.Status.Item item = s.items().get(i);
          out.ascii(i == 0 ? "" : " ").ascii(item.name()).ascii(" " + item.value());
        }
        out.ascii(")");
      }
    }
  }

  private static void fetch(Out out, FetchData f) {
    out.ascii("* " + f.msn() + " FETCH (");
    for (int i = 0; i < f.items().size(); i++) {
      if (i > 0) {
        out.ascii(" ");
      }
      switch (f.items().get(i)) {
        case FetchData.Uid u -> out.ascii("UID " + u.uid());
        case FetchData.Flags fl ->
            out.ascii("FLAGS (").utf8(String.join(" ", fl.flags())).ascii(")");
        case FetchData.Size s -> out.ascii("RFC822.SIZE " + s.size());
        case FetchData.InternalDate d ->
            out.ascii("INTERNALDATE \"").ascii(internalDate(d.date())).ascii("\"");
        case FetchData.Body b -> {
          if (b.data().length == 0) {
            out.ascii(b.name()).ascii(" \"\"");
            break;
          }
          out.ascii(b.name()).ascii(" {" + b.data().length + "}");
          out.bytes(CRLF);
          out.bytes(b.data());
        }
        case FetchData.Binary b -> FetchItemWriter.binary(out, b);
        case FetchData.BinarySize b -> out.ascii(b.name() + " " + b.size());
        case FetchData.Envelope e -> EnvelopeWriter.write(out.ascii("ENVELOPE "), e.envelope());
        case FetchData.BodyStructure b ->
            BodyStructureWriter.write(
                out.ascii(b.extensible() ? "BODYSTRUCTURE " : "BODY "),
                b.structure(),
                b.extensible());
      }
    }
    out.ascii(")");
  }

  /** A string as a quoted string when it can be one, else as a literal. */
  static void string(Out out, String value) {
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    boolean quotable = true;
    for (byte b : bytes) {
      if (b == '\r' || b == '\n' || b == 0) {
        quotable = false;
        break;
      }
    }
    if (quotable) {
      out.ascii("\"");
      for (byte b : bytes) {
        if (b == '"' || b == '\\') {
          out.bytes(new byte[] {'\\'});
        }
        out.bytes(new byte[] {b});
      }
      out.ascii("\"");
    } else {
      out.ascii("{" + bytes.length + "}");
      out.bytes(CRLF);
      out.bytes(bytes);
    }
  }

  /** A growable byte buffer with the few writes the encoder needs. */
  static final class Out extends ByteArrayOutputStream {
    Out(int size) {
      super(size);
    }

    Out ascii(String s) {
      writeBytes(s.getBytes(StandardCharsets.US_ASCII));
      return this;
    }

    Out utf8(String s) {
      writeBytes(s.getBytes(StandardCharsets.UTF_8));
      return this;
    }

    Out bytes(byte[] b) {
      writeBytes(b);
      return this;
    }
  }
}
