package io.mailtier.frontend.imap.response;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailtier.proto.mailstore.v1.Envelope;
import io.mailtier.proto.mailstore.v1.EnvelopeAddress;
import io.mailtier.proto.mailstore.v1.MimeParameter;
import io.mailtier.proto.mailstore.v1.MimePart;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** ENVELOPE, BODYSTRUCTURE and BINARY as bytes: quoting, literals, NIL, groups, repairs. */
class FetchItemWritersTest {
  private static String encode(FetchData.Item item) {
    return new String(
        ResponseEncoder.encode(new FetchData(1, List.of(item))), StandardCharsets.UTF_8);
  }

  @Test
  void envelopeShouldQuoteSpecialsAndUseLiteralsForLineBreaksAndEightBit() {
    Envelope e =
        Envelope.newBuilder()
            .setSubject("say \"hi\" \\o/")
            .setMessageId("a\r\nb")
            .setInReplyTo("Grüße")
            .addFrom(
                EnvelopeAddress.newBuilder()
                    .setName("Ion Ionescu")
                    .setMailbox("ion")
                    .setHost("example.test"))
            .build();
    assertThat(encode(new FetchData.Envelope(e)))
        .isEqualTo(
            "* 1 FETCH (ENVELOPE (NIL \"say \\\"hi\\\" \\\\o/\""
                + " ((\"Ion Ionescu\" NIL \"ion\" \"example.test\")) NIL NIL NIL NIL NIL"
                + " {7}\r\nGrüße {4}\r\na\r\nb))\r\n");
  }

  @Test
  void envelopeShouldWriteGroupsAddressesWithoutDomainAndEncodeEightBitNames() {
    Envelope e =
        Envelope.newBuilder()
            .addTo(
                EnvelopeAddress.newBuilder()
                    .setMailbox("undisclosed-recipients")
                    .setGroupStart(true))
            .addTo(EnvelopeAddress.newBuilder().setGroupEnd(true))
            .addTo(EnvelopeAddress.newBuilder().setMailbox("postmaster"))
            .addCc(EnvelopeAddress.newBuilder().setName("Șerban").setMailbox("s").setHost("h"))
            .build();
    assertThat(encode(new FetchData.Envelope(e)))
        .isEqualTo(
            "* 1 FETCH (ENVELOPE (NIL NIL NIL NIL NIL"
                + " ((NIL NIL \"undisclosed-recipients\" NIL)(NIL NIL NIL NIL)"
                + "(NIL NIL \"postmaster\" \"\"))"
                + " ((\"=?UTF-8?B?yJhlcmJhbg==?=\" NIL \"s\" \"h\")) NIL NIL NIL))\r\n");
  }

  @Test
  void longEightBitNamesShouldBeSplitIntoEncodedWordsOfAtMost75Characters() {
    String name = "ș".repeat(40);
    String encoded = EnvelopeWriter.phrase(name);
    for (String word : encoded.split(" ")) {
      assertThat(word).startsWith("=?UTF-8?B?").endsWith("?=");
      assertThat(word.length()).isLessThanOrEqualTo(75);
    }
    assertThat(
            org.apache.james.mime4j.codec.DecoderUtil.decodeEncodedWords(
                encoded, org.apache.james.mime4j.codec.DecodeMonitor.SILENT))
        .isEqualTo(name);
  }

  @Test
  void multipartWithoutPartsAndUnparsedMessagePartShouldStillFollowTheGrammar() {
    MimePart empty = MimePart.newBuilder().setType("multipart").setSubtype("mixed").build();
    assertThat(encode(new FetchData.BodyStructure(empty, false)))
        .isEqualTo(
            "* 1 FETCH (BODY ((\"text\" \"plain\" (\"charset\" \"us-ascii\") NIL NIL \"7BIT\" 0 0)"
                + " \"mixed\"))\r\n");
    MimePart encodedMessage =
        MimePart.newBuilder()
            .setType("message")
            .setSubtype("rfc822")
            .setTransferEncoding("BASE64")
            .setBodyLength(8)
            .setLines(1)
            .addParameters(MimeParameter.newBuilder().setName("name").setValue("fwd \"1\".eml"))
            .build();
    assertThat(encode(new FetchData.BodyStructure(encodedMessage, true)))
        .isEqualTo(
            "* 1 FETCH (BODYSTRUCTURE (\"message\" \"rfc822\" (\"name\" \"fwd \\\"1\\\".eml\")"
                + " NIL NIL \"BASE64\" 8 (NIL NIL NIL NIL NIL NIL NIL NIL NIL NIL)"
                + " (\"text\" \"plain\" (\"charset\" \"us-ascii\") NIL NIL \"7BIT\" 0 0"
                + " NIL NIL NIL NIL) 1 NIL NIL NIL NIL))\r\n");
  }

  @Test
  void binaryShouldUseLiteral8OnlyWhenTheBytesContainNul() {
    assertThat(encode(new FetchData.Binary("BINARY[1]", new byte[] {'a', 0, 'b'})))
        .isEqualTo("* 1 FETCH (BINARY[1] ~{3}\r\na\0b)\r\n");
    assertThat(encode(new FetchData.Binary("BINARY[1]", new byte[] {'a', 'b'})))
        .isEqualTo("* 1 FETCH (BINARY[1] {2}\r\nab)\r\n");
    assertThat(encode(new FetchData.Body("BODY[9]", new byte[0])))
        .isEqualTo("* 1 FETCH (BODY[9] \"\")\r\n");
  }
}
