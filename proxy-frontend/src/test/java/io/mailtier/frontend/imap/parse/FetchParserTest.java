package io.mailtier.frontend.imap.parse;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailtier.frontend.imap.command.FetchAttribute;
import io.mailtier.frontend.imap.command.FetchAttribute.Form;
import io.mailtier.frontend.imap.command.FetchAttribute.Section;
import io.mailtier.frontend.imap.command.FetchAttribute.Text;
import io.mailtier.frontend.imap.command.ImapCommand;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The FETCH attribute grammar (RFC 9051 / RFC 3501 fetch-att, RFC 3516 BINARY) as tables: each item
 * → the parsed attribute and the name its response carries; malformed items → BAD.
 */
class FetchParserTest {
  private static final RequestParser PARSER = new RequestParser(ParserRegistry.standard());

  private static Section body(boolean peek, String part, Text text, List<String> fields) {
    return new Section(Form.BODY, peek, part, text, fields, -1, 0);
  }

  private static Section partial(Section s, long offset, long length) {
    return new Section(s.form(), s.peek(), s.part(), s.text(), s.fields(), offset, length);
  }

  static Stream<Arguments> items() {
    return Stream.of(
        Arguments.of("ENVELOPE", new FetchAttribute.Envelope(), "ENVELOPE"),
        Arguments.of("bodystructure", new FetchAttribute.BodyStructure(true), "BODYSTRUCTURE"),
        Arguments.of("BODY", new FetchAttribute.BodyStructure(false), "BODY"),
        Arguments.of("BODY[]", body(false, "", Text.NONE, List.of()), "BODY[]"),
        Arguments.of("body.peek[]", body(true, "", Text.NONE, List.of()), "BODY[]"),
        Arguments.of(
            "BODY.PEEK[]<0.100>",
            partial(body(true, "", Text.NONE, List.of()), 0, 100),
            "BODY[]<0>"),
        Arguments.of(
            "BODY[]<4294967295.1>",
            partial(body(false, "", Text.NONE, List.of()), 4294967295L, 1),
            "BODY[]<4294967295>"),
        Arguments.of("BODY[HEADER]", body(false, "", Text.HEADER, List.of()), "BODY[HEADER]"),
        Arguments.of("BODY[text]", body(false, "", Text.TEXT, List.of()), "BODY[TEXT]"),
        Arguments.of(
            "BODY.PEEK[HEADER.FIELDS (From to \"X-Odd(\")]",
            body(true, "", Text.HEADER_FIELDS, List.of("From", "to", "X-Odd(")),
            "BODY[HEADER.FIELDS (FROM TO \"X-Odd(\")]"),
        Arguments.of(
            "BODY[HEADER.FIELDS.NOT (Received)]",
            body(false, "", Text.HEADER_FIELDS_NOT, List.of("Received")),
            "BODY[HEADER.FIELDS.NOT (RECEIVED)]"),
        Arguments.of(
            "BODY[HEADER.FIELDS ({7}\r\nSubject)]",
            body(false, "", Text.HEADER_FIELDS, List.of("Subject")),
            "BODY[HEADER.FIELDS (SUBJECT)]"),
        Arguments.of("BODY[1]", body(false, "1", Text.NONE, List.of()), "BODY[1]"),
        Arguments.of("BODY[1.2.3]", body(false, "1.2.3", Text.NONE, List.of()), "BODY[1.2.3]"),
        Arguments.of("BODY[10.20]", body(false, "10.20", Text.NONE, List.of()), "BODY[10.20]"),
        Arguments.of(
            "BODY.PEEK[1.2.MIME]", body(true, "1.2", Text.MIME, List.of()), "BODY[1.2.MIME]"),
        Arguments.of("BODY[2.HEADER]", body(false, "2", Text.HEADER, List.of()), "BODY[2.HEADER]"),
        Arguments.of("BODY[2.TEXT]", body(false, "2", Text.TEXT, List.of()), "BODY[2.TEXT]"),
        Arguments.of(
            "BODY[4.2.HEADER.FIELDS (Subject)]<5.10>",
            partial(body(false, "4.2", Text.HEADER_FIELDS, List.of("Subject")), 5, 10),
            "BODY[4.2.HEADER.FIELDS (SUBJECT)]<5>"),
        Arguments.of(
            "BINARY[1.1]",
            new Section(Form.BINARY, false, "1.1", Text.NONE, List.of(), -1, 0),
            "BINARY[1.1]"),
        Arguments.of(
            "BINARY.PEEK[2]<0.10>",
            new Section(Form.BINARY, true, "2", Text.NONE, List.of(), 0, 10),
            "BINARY[2]<0>"),
        Arguments.of(
            "BINARY[]",
            new Section(Form.BINARY, false, "", Text.NONE, List.of(), -1, 0),
            "BINARY[]"),
        Arguments.of(
            "BINARY.SIZE[3]",
            new Section(Form.BINARY_SIZE, true, "3", Text.NONE, List.of(), -1, 0),
            "BINARY.SIZE[3]"),
        Arguments.of(
            "RFC822", new Section(Form.RFC822, false, "", Text.NONE, List.of(), -1, 0), "RFC822"),
        Arguments.of(
            "RFC822.HEADER",
            new Section(Form.RFC822_HEADER, true, "", Text.HEADER, List.of(), -1, 0),
            "RFC822.HEADER"),
        Arguments.of(
            "rfc822.text",
            new Section(Form.RFC822_TEXT, false, "", Text.TEXT, List.of(), -1, 0),
            "RFC822.TEXT"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("items")
  void itemShouldParseAndNameItsResponse(String item, FetchAttribute expected, String name) {
    for (String input : List.of("t FETCH 1 " + item, "t UID FETCH 1:* (UID " + item + ")")) {
      RequestParser.Result result = PARSER.parse(input.getBytes(StandardCharsets.UTF_8));
      assertThat(result).as(input).isInstanceOf(RequestParser.Parsed.class);
      ImapCommand.Fetch fetch = (ImapCommand.Fetch) ((RequestParser.Parsed) result).command();
      FetchAttribute parsed = fetch.attributes().get(fetch.attributes().size() - 1);
      assertThat(parsed).isEqualTo(expected);
      String responseName =
          switch (parsed) {
            case Section s -> s.responseName();
            case FetchAttribute.BodyStructure b -> b.responseName();
            default -> "ENVELOPE";
          };
      assertThat(responseName).isEqualTo(name);
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"ALL", "FAST", "FULL", "all"})
  void macroShouldExpand(String macro) {
    RequestParser.Result result =
        PARSER.parse(("t FETCH 1 " + macro).getBytes(StandardCharsets.US_ASCII));
    ImapCommand.Fetch fetch = (ImapCommand.Fetch) ((RequestParser.Parsed) result).command();
    List<FetchAttribute> base =
        List.of(
            new FetchAttribute.Flags(),
            new FetchAttribute.InternalDate(),
            new FetchAttribute.Size());
    switch (macro.toUpperCase(java.util.Locale.ROOT)) {
      case "FAST" -> assertThat(fetch.attributes()).isEqualTo(base);
      case "ALL" ->
          assertThat(fetch.attributes())
              .containsExactly(
                  base.get(0), base.get(1), base.get(2), new FetchAttribute.Envelope());
      default ->
          assertThat(fetch.attributes())
              .containsExactly(
                  base.get(0),
                  base.get(1),
                  base.get(2),
                  new FetchAttribute.Envelope(),
                  new FetchAttribute.BodyStructure(false));
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "BODY[",
        "BODY[1",
        "BODY[1.MIME",
        "BODY[MIME]",
        "BODY[0]",
        "BODY[01]",
        "BODY[1.0]",
        "BODY[1.]",
        "BODY[.1]",
        "BODY[1..2]",
        "BODY[HEAD]",
        "BODY[HEADER.FIELDS]",
        "BODY[HEADER.FIELDS ()]",
        "BODY[HEADER.FIELDS (a:b)]",
        "BODY[HEADER.FIELDS (\"\")]",
        "BODY[HEADER.FIELDS From]",
        "BODY[HEADER.FIELDS.NOT]",
        "BODY[TEXT.MIME]",
        "BODY[TEXT ]",
        "BODY[1.HEADER.X]",
        "BODY[]<0.0>",
        "BODY[]<1>",
        "BODY[]<a.1>",
        "BODY[]<1.2",
        "BODY[]<4294967296.1>",
        "BODY[] <0.1>",
        "BODY.PEEK",
        "BODY.PEEK[TEXT]<>",
        "BINARY[TEXT]",
        "BINARY[1.MIME]",
        "BINARY[HEADER]",
        "BINARY.SIZE[1]<0.5>",
        "BINARY.SIZE",
        "BINARY.PEEK",
        "RFC822.BOGUS",
        "ENVELOPES",
        "(FLAGS ALL)",
        "(FLAGS FULL)",
        "FULL FLAGS",
        "(FLAGS",
        "(FLAGS )",
        "()",
        "FLAGS)",
      })
  void malformedItemShouldBeBad(String item) {
    RequestParser.Result result =
        PARSER.parse(("t FETCH 1 " + item).getBytes(StandardCharsets.US_ASCII));
    assertThat(result).isInstanceOf(RequestParser.Invalid.class);
    assertThat(((RequestParser.Invalid) result).tag()).isEqualTo("t");
  }

  @org.junit.jupiter.api.Test
  void tooManyItemsOrFieldNamesShouldBeBad() {
    String items = "(" + String.join(" ", java.util.Collections.nCopies(51, "FLAGS")) + ")";
    assertThat(PARSER.parse(("t FETCH 1 " + items).getBytes(StandardCharsets.US_ASCII)))
        .isInstanceOf(RequestParser.Invalid.class);
    String fields =
        "BODY[HEADER.FIELDS (" + String.join(" ", java.util.Collections.nCopies(101, "X")) + ")]";
    assertThat(PARSER.parse(("t FETCH 1 " + fields).getBytes(StandardCharsets.US_ASCII)))
        .isInstanceOf(RequestParser.Invalid.class);
    String deep = "BODY[" + String.join(".", java.util.Collections.nCopies(65, "1")) + "]";
    assertThat(PARSER.parse(("t FETCH 1 " + deep).getBytes(StandardCharsets.US_ASCII)))
        .isInstanceOf(RequestParser.Invalid.class);
  }
}
