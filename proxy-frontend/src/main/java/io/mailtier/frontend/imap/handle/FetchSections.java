package io.mailtier.frontend.imap.handle;

import io.mailtier.frontend.imap.command.FetchAttribute;
import io.mailtier.frontend.imap.response.FetchData;
import io.mailtier.proto.mailstore.v1.ByteRange;
import io.mailtier.proto.mailstore.v1.FetchedSection;
import io.mailtier.proto.mailstore.v1.SectionKind;
import io.mailtier.proto.mailstore.v1.SectionRequest;

/** Maps FETCH section items to the node's SectionRequests, and the node's answers back. */
final class FetchSections {
  private FetchSections() {}

  /** The SectionRequest that returns the bytes of {@code s}. */
  static SectionRequest request(FetchAttribute.Section s) {
    SectionRequest.Builder r =
        SectionRequest.newBuilder().setPart(s.part()).addAllFieldNames(s.fields());
    r.setKind(
        switch (s.text()) {
          case NONE -> SectionKind.SECTION_KIND_UNSPECIFIED;
          case HEADER -> SectionKind.SECTION_KIND_HEADER;
          case HEADER_FIELDS -> SectionKind.SECTION_KIND_HEADER_FIELDS;
          case HEADER_FIELDS_NOT -> SectionKind.SECTION_KIND_HEADER_FIELDS_NOT;
          case TEXT -> SectionKind.SECTION_KIND_TEXT;
          case MIME -> SectionKind.SECTION_KIND_MIME;
        });
    switch (s.form()) {
      case BINARY -> r.setDecode(true);
      case BINARY_SIZE -> r.setDecode(true).setSizeOnly(true);
      case BODY, RFC822, RFC822_HEADER, RFC822_TEXT -> {}
    }
    if (s.partial()) {
      r.setRange(ByteRange.newBuilder().setOffset(s.offset()).setLength(s.length()));
    }
    return r.build();
  }

  /**
   * The response item of {@code s}. A part that does not exist, or a section that does not apply to
   * it (TEXT of a leaf part), is the empty string (RFC 9051 6.4.5); so is a partial whose origin
   * lies beyond the end.
   *
   * @param result the node's answer, null if it sent none
   * @param data the section's bytes
   */
  static FetchData.Item item(FetchAttribute.Section s, FetchedSection result, byte[] data) {
    boolean found = result != null && result.getFound();
    return switch (s.form()) {
      case BINARY_SIZE ->
          new FetchData.BinarySize(s.responseName(), found ? result.getLength() : 0);
      case BINARY -> new FetchData.Binary(s.responseName(), found ? data : new byte[0]);
      case BODY, RFC822, RFC822_HEADER, RFC822_TEXT ->
          new FetchData.Body(s.responseName(), found ? data : new byte[0]);
    };
  }
}
