package io.mailtier.frontend.imap.response;

import io.mailtier.proto.mailstore.v1.Envelope;
import io.mailtier.proto.mailstore.v1.MimeParameter;
import io.mailtier.proto.mailstore.v1.MimePart;
import java.util.List;

/**
 * Writes BODYSTRUCTURE and BODY (RFC 9051 7.5.2, the {@code body} rule of section 9) from the MIME
 * structure the node computed at delivery.
 *
 * <pre>
 * body            = "(" (body-type-1part / body-type-mpart) ")"
 * body-type-1part = (body-type-basic / body-type-msg / body-type-text) [SP body-ext-1part]
 * body-fields     = body-fld-param SP body-fld-id SP body-fld-desc SP body-fld-enc SP
 *                   body-fld-octets
 * body-type-msg   = media-message SP body-fields SP envelope SP body SP body-fld-lines
 * body-type-text  = media-text SP body-fields SP body-fld-lines
 * body-ext-1part  = body-fld-md5 [SP body-fld-dsp [SP body-fld-lang [SP body-fld-loc ...]]]
 * body-type-mpart = 1*body SP media-subtype [SP body-ext-mpart]
 * body-ext-mpart  = body-fld-param [SP body-fld-dsp [SP body-fld-lang [SP body-fld-loc ...]]]
 * </pre>
 *
 * The extension data is written only for BODYSTRUCTURE, always complete (md5 or params, dsp, lang,
 * loc). Two shapes the grammar cannot express are repaired: a multipart without parts (no boundary,
 * or none found) gets one empty text/plain part, and a message/rfc822 part whose content was not
 * parsed (it is base64 or quoted-printable encoded) gets an empty envelope and an empty text/plain
 * body, so clients that expect the message form still parse the response.
 */
final class BodyStructureWriter {
  private static final MimePart EMPTY_TEXT =
      MimePart.newBuilder()
          .setType("text")
          .setSubtype("plain")
          .addParameters(MimeParameter.newBuilder().setName("charset").setValue("us-ascii"))
          .setTransferEncoding("7BIT")
          .build();

  private BodyStructureWriter() {}

  static void write(ResponseEncoder.Out out, MimePart p, boolean extensible) {
    out.ascii("(");
    if (p.getType().equals("multipart")) {
      List<MimePart> parts = p.getPartsCount() == 0 ? List.of(EMPTY_TEXT) : p.getPartsList();
      for (MimePart child : parts) {
        write(out, child, extensible);
      }
      out.ascii(" ");
      ImapStrings.string(out, p.getSubtype());
      if (extensible) {
        out.ascii(" ");
        parameters(out, p.getParametersList());
        extension(out, p);
      }
    } else {
      ImapStrings.string(out, p.getType());
      out.ascii(" ");
      ImapStrings.string(out, p.getSubtype());
      out.ascii(" ");
      parameters(out, p.getParametersList());
      out.ascii(" ");
      ImapStrings.nstring(out, p.hasId() ? p.getId() : null);
      out.ascii(" ");
      ImapStrings.nstring(out, p.hasDescription() ? p.getDescription() : null);
      out.ascii(" ");
      ImapStrings.string(out, p.getTransferEncoding().isEmpty() ? "7BIT" : p.getTransferEncoding());
      out.ascii(" " + p.getBodyLength());
      if (isMessage(p)) {
        out.ascii(" ");
        EnvelopeWriter.write(
            out, p.hasMessageEnvelope() ? p.getMessageEnvelope() : Envelope.getDefaultInstance());
        out.ascii(" ");
        write(out, p.hasMessageBody() ? p.getMessageBody() : EMPTY_TEXT, extensible);
        out.ascii(" " + p.getLines());
      } else if (p.getType().equals("text")) {
        out.ascii(" " + p.getLines());
      }
      if (extensible) {
        out.ascii(" ");
        ImapStrings.nstring(out, p.hasMd5() ? p.getMd5() : null);
        extension(out, p);
      }
    }
    out.ascii(")");
  }

  /** SP body-fld-dsp SP body-fld-lang SP body-fld-loc. */
  private static void extension(ResponseEncoder.Out out, MimePart p) {
    out.ascii(" ");
    if (p.hasDisposition()) {
      out.ascii("(");
      ImapStrings.string(out, p.getDisposition());
      out.ascii(" ");
      parameters(out, p.getDispositionParametersList());
      out.ascii(")");
    } else {
      out.ascii("NIL");
    }
    out.ascii(" ");
    List<String> language = p.getLanguageList();
    if (language.isEmpty()) {
      out.ascii("NIL");
    } else if (language.size() == 1) {
      ImapStrings.string(out, language.get(0));
    } else {
      out.ascii("(");
      for (int i = 0; i < language.size(); i++) {
        if (i > 0) {
          out.ascii(" ");
        }
        ImapStrings.string(out, language.get(i));
      }
      out.ascii(")");
    }
    out.ascii(" ");
    ImapStrings.nstring(out, p.hasLocation() ? p.getLocation() : null);
  }

  /** body-fld-param: {@code ("name" "value" ...)} or NIL. */
  private static void parameters(ResponseEncoder.Out out, List<MimeParameter> params) {
    if (params.isEmpty()) {
      out.ascii("NIL");
      return;
    }
    out.ascii("(");
    for (int i = 0; i < params.size(); i++) {
      if (i > 0) {
        out.ascii(" ");
      }
      ImapStrings.string(out, params.get(i).getName());
      out.ascii(" ");
      ImapStrings.string(out, params.get(i).getValue());
    }
    out.ascii(")");
  }

  private static boolean isMessage(MimePart p) {
    return p.getType().equals("message")
        && (p.getSubtype().equals("rfc822") || p.getSubtype().equals("global"));
  }
}
