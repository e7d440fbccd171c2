package io.mailtier.frontend.imap.response;

import io.mailtier.proto.mailstore.v1.Envelope;
import io.mailtier.proto.mailstore.v1.EnvelopeAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * Writes an ENVELOPE (RFC 9051 7.5.2, the {@code envelope} rule of section 9) from the envelope the
 * node computed at delivery.
 *
 * <ul>
 *   <li>Absent fields are {@code NIL}; an empty address list is {@code NIL}.
 *   <li>A group is {@code (NIL NIL "name" NIL)}, its members, then {@code (NIL NIL NIL NIL)}.
 *   <li>An address without a domain gets the empty string as host (NIL would mean a group).
 *   <li>The node gives display names decoded; a name that is not 7-bit is sent again as an RFC 2047
 *       encoded-word, as the phrase would appear in a header, so IMAP4rev1 clients decode it as
 *       usual. Other 8-bit values (a raw UTF-8 Subject) go as literals.
 * </ul>
 */
final class EnvelopeWriter {
  /** Raw bytes per encoded-word: 45 bytes give 60 base64 characters, within the 75 of RFC 2047. */
  private static final int WORD_BYTES = 45;

  private EnvelopeWriter() {}

  static void write(ResponseEncoder.Out out, Envelope e) {
    out.ascii("(");
    ImapStrings.nstring(out, e.hasDate() ? e.getDate() : null);
    out.ascii(" ");
    ImapStrings.nstring(out, e.hasSubject() ? e.getSubject() : null);
    for (List<EnvelopeAddress> list :
        List.of(
            e.getFromList(),
            e.getSenderList(),
            e.getReplyToList(),
            e.getToList(),
            e.getCcList(),
            e.getBccList())) {
      out.ascii(" ");
      addresses(out, list);
    }
    out.ascii(" ");
    ImapStrings.nstring(out, e.hasInReplyTo() ? e.getInReplyTo() : null);
    out.ascii(" ");
    ImapStrings.nstring(out, e.hasMessageId() ? e.getMessageId() : null);
    out.ascii(")");
  }

  private static void addresses(ResponseEncoder.Out out, List<EnvelopeAddress> list) {
    if (list.isEmpty()) {
      out.ascii("NIL");
      return;
    }
    out.ascii("(");
    for (EnvelopeAddress a : list) {
      out.ascii("(");
      if (a.getGroupEnd()) {
        out.ascii("NIL NIL NIL NIL");
      } else if (a.getGroupStart()) {
        out.ascii("NIL NIL ");
        ImapStrings.string(out, phrase(a.getMailbox()));
        out.ascii(" NIL");
      } else {
        ImapStrings.nstring(out, a.getName().isEmpty() ? null : phrase(a.getName()));
        out.ascii(" ");
        ImapStrings.nstring(out, a.getAdl().isEmpty() ? null : a.getAdl());
        out.ascii(" ");
        ImapStrings.string(out, a.getMailbox());
        out.ascii(" ");
        ImapStrings.string(out, a.getHost());
      }
      out.ascii(")");
    }
    out.ascii(")");
  }

  /** A 7-bit phrase as is; otherwise RFC 2047 encoded-words (UTF-8, B encoding). */
  static String phrase(String text) {
    boolean ascii = text.chars().allMatch(c -> c < 0x80);
    if (ascii) {
      return text;
    }
    StringBuilder s = new StringBuilder();
    int i = 0;
    while (i < text.length()) {
      int end = i;
      int bytes = 0;
      while (end < text.length()) {
        int cp = text.codePointAt(end);
        int n = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
        if (bytes + n > WORD_BYTES && end > i) {
          break;
        }
        bytes += n;
        end += Character.charCount(cp);
      }
      if (s.length() > 0) {
        s.append(' ');
      }
      s.append("=?UTF-8?B?")
          .append(
              Base64.getEncoder()
                  .encodeToString(text.substring(i, end).getBytes(StandardCharsets.UTF_8)))
          .append("?=");
      i = end;
    }
    return s.toString();
  }
}
