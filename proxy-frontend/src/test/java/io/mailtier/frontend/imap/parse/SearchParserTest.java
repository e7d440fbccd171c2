package io.mailtier.frontend.imap.parse;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailtier.frontend.imap.command.ImapCommand;
import io.mailtier.frontend.imap.command.SearchKey;
import io.mailtier.frontend.imap.command.SearchKey.DateKind;
import io.mailtier.frontend.imap.command.SearchReturn;
import io.mailtier.frontend.imap.command.SearchReturn.Option;
import io.mailtier.frontend.imap.command.SequenceSet;
import io.mailtier.frontend.transport.FramerHarness;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** SEARCH and UID SEARCH grammar as tables: command → parsed keys, or BAD. */
class SearchParserTest {
  private static final RequestParser PARSER = new RequestParser(ParserRegistry.standard());

  private static SearchKey flag(String f, boolean present) {
    return new SearchKey.Flag(f, present);
  }

  private static SearchKey and(SearchKey... keys) {
    return new SearchKey.And(List.of(keys));
  }

  private static SequenceSet set(long from, long to) {
    return new SequenceSet(List.of(new SequenceSet.Range(from, to)));
  }

  private static ImapCommand.Search search(SearchKey key) {
    return new ImapCommand.Search("a", Optional.empty(), Optional.empty(), key, false);
  }

  static Stream<Arguments> keys() {
    LocalDate d = LocalDate.of(2026, 3, 5);
    return Stream.of(
        Arguments.of("ALL", new SearchKey.All()),
        Arguments.of("answered", flag("\\Answered", true)),
        Arguments.of("DELETED", flag("\\Deleted", true)),
        Arguments.of("DRAFT", flag("\\Draft", true)),
        Arguments.of("FLAGGED", flag("\\Flagged", true)),
        Arguments.of("SEEN", flag("\\Seen", true)),
        Arguments.of("UNANSWERED", flag("\\Answered", false)),
        Arguments.of("UNDELETED", flag("\\Deleted", false)),
        Arguments.of("UNDRAFT", flag("\\Draft", false)),
        Arguments.of("UNFLAGGED", flag("\\Flagged", false)),
        Arguments.of("UNSEEN", flag("\\Seen", false)),
        Arguments.of("KEYWORD $Forwarded", flag("$Forwarded", true)),
        Arguments.of("UNKEYWORD work", flag("work", false)),
        Arguments.of("RECENT", new SearchKey.Recent()),
        Arguments.of("NEW", and(new SearchKey.Recent(), flag("\\Seen", false))),
        Arguments.of("OLD", new SearchKey.Not(new SearchKey.Recent())),
        Arguments.of("BEFORE 5-Mar-2026", new SearchKey.Date(DateKind.BEFORE, d)),
        Arguments.of("ON \"05-mar-2026\"", new SearchKey.Date(DateKind.ON, d)),
        Arguments.of("SINCE 5-MAR-2026", new SearchKey.Date(DateKind.SINCE, d)),
        Arguments.of("SENTBEFORE 5-Mar-2026", new SearchKey.Date(DateKind.SENTBEFORE, d)),
        Arguments.of("SENTON 5-Mar-2026", new SearchKey.Date(DateKind.SENTON, d)),
        Arguments.of("SENTSINCE 5-Mar-2026", new SearchKey.Date(DateKind.SENTSINCE, d)),
        Arguments.of("LARGER 100", new SearchKey.Size(true, 100)),
        Arguments.of("SMALLER 9999999999", new SearchKey.Size(false, 9_999_999_999L)),
        Arguments.of("FROM bob", new SearchKey.Header("From", "bob")),
        Arguments.of("TO \"a b\"", new SearchKey.Header("To", "a b")),
        Arguments.of("CC carol", new SearchKey.Header("Cc", "carol")),
        Arguments.of("BCC dave", new SearchKey.Header("Bcc", "dave")),
        Arguments.of("SUBJECT \"Stra\u00dfe\"", new SearchKey.Header("Subject", "Stra\u00dfe")),
        Arguments.of("HEADER X-Spam \"\"", new SearchKey.Header("X-Spam", "")),
        Arguments.of("BODY {5}\r\n\u00fcber", new SearchKey.Text(false, "\u00fcber")),
        Arguments.of("TEXT hello", new SearchKey.Text(true, "hello")),
        Arguments.of("NOT SEEN", new SearchKey.Not(flag("\\Seen", true))),
        Arguments.of(
            "OR SEEN NOT FLAGGED",
            new SearchKey.Or(flag("\\Seen", true), new SearchKey.Not(flag("\\Flagged", true)))),
        Arguments.of("UID 1:*", new SearchKey.Uid(set(1, SequenceSet.STAR))),
        Arguments.of("2:4", new SearchKey.Sequence(set(2, 4))),
        Arguments.of("*", new SearchKey.Sequence(set(SequenceSet.STAR, SequenceSet.STAR))),
        Arguments.of("(SEEN)", flag("\\Seen", true)),
        Arguments.of(
            "(SEEN (FLAGGED DRAFT))",
            and(flag("\\Seen", true), and(flag("\\Flagged", true), flag("\\Draft", true)))),
        Arguments.of("MODSEQ 12345678901", new SearchKey.Modseq(12_345_678_901L)),
        Arguments.of(
            "MODSEQ \"/flags/\\\\draft\" all 620162338", new SearchKey.Modseq(620_162_338L)),
        Arguments.of("SEEN DELETED", and(flag("\\Seen", true), flag("\\Deleted", true))),
        Arguments.of("$", new SearchKey.Sequence(SequenceSet.SAVED)),
        Arguments.of("UID $", new SearchKey.Uid(SequenceSet.SAVED)));
  }

  @ParameterizedTest(name = "SEARCH {0}")
  @MethodSource("keys")
  void everyKeyShouldParse(String keys, SearchKey expected) {
    var result = PARSER.parse(("a SEARCH " + keys).getBytes(StandardCharsets.UTF_8));
    assertThat(result).isEqualTo(new RequestParser.Parsed(search(expected)));
  }

  @Test
  void uidSearchWithReturnAndCharsetShouldParse() {
    var result =
        PARSER.parse(
            "t UID SEARCH RETURN (MIN max COUNT) CHARSET UTF-8 SUBJECT {10+}\r\n\u0218edin\u021b\u0103"
                .getBytes(StandardCharsets.UTF_8));
    assertThat(result)
        .isEqualTo(
            new RequestParser.Parsed(
                new ImapCommand.Search(
                    "t",
                    Optional.of("UTF-8"),
                    Optional.of(new SearchReturn(EnumSet.of(Option.MIN, Option.MAX, Option.COUNT))),
                    new SearchKey.Header("Subject", "\u0218edin\u021b\u0103"),
                    true)));
  }

  @Test
  void saveAloneShouldNotImplyAll() {
    var result = PARSER.parse("a SEARCH RETURN (SAVE) $".getBytes(StandardCharsets.US_ASCII));
    var search = (ImapCommand.Search) ((RequestParser.Parsed) result).command();
    assertThat(search.returns().orElseThrow().options()).containsExactly(Option.SAVE);
    assertThat(search.returns().orElseThrow().saveOnly()).isTrue();
    assertThat(search.key()).isEqualTo(new SearchKey.Sequence(SequenceSet.SAVED));
  }

  @Test
  void dollarShouldBeASequenceSetForOtherCommandsToo() {
    var fetch = PARSER.parse("a FETCH $ (FLAGS)".getBytes(StandardCharsets.US_ASCII));
    assertThat(((ImapCommand.Fetch) ((RequestParser.Parsed) fetch).command()).set().isSaved())
        .isTrue();
    var store = PARSER.parse("a UID STORE $ +FLAGS (\\Seen)".getBytes(StandardCharsets.US_ASCII));
    assertThat(((ImapCommand.Store) ((RequestParser.Parsed) store).command()).set().isSaved())
        .isTrue();
  }

  @Test
  void emptyReturnShouldMeanAll() {
    var result = PARSER.parse("a SEARCH RETURN () ALL".getBytes(StandardCharsets.US_ASCII));
    assertThat(result).isInstanceOf(RequestParser.Parsed.class);
    var search = (ImapCommand.Search) ((RequestParser.Parsed) result).command();
    assertThat(search.returns().orElseThrow().options()).containsExactly(Option.ALL);
  }

  @ParameterizedTest(name = "BAD: {0}")
  @ValueSource(
      strings = {
        "a SEARCH",
        "a SEARCH ",
        "a SEARCH ALL ",
        "a SEARCH FOO",
        "a SEARCH (SEEN",
        "a SEARCH SEEN)",
        "a SEARCH ()",
        "a SEARCH OR SEEN",
        "a SEARCH NOT",
        "a SEARCH BEFORE 32-Jan-2026",
        "a SEARCH BEFORE 1-Jan-26",
        "a SEARCH BEFORE 1-Foo-2026",
        "a SEARCH BEFORE \"1-Jan-2026",
        "a SEARCH LARGER -1",
        "a SEARCH LARGER 99999999999999999999",
        "a SEARCH SUBJECT",
        "a SEARCH SUBJECT m\u00fcller",
        "a SEARCH KEYWORD \\Seen",
        "a SEARCH HEADER \"A:B\" x",
        "a SEARCH HEADER X",
        "a SEARCH UID 0",
        "a SEARCH UID",
        "a SEARCH 0",
        "a SEARCH $:3",
        "a SEARCH UID $,1",
        "a SEARCH RETURN (SAVE SAVE2) ALL",
        "a SEARCH RETURN (NOPE) ALL",
        "a SEARCH RETURN MIN ALL",
        "a SEARCH CHARSET",
        "a SEARCH CHARSET UTF-8",
        "a SEARCH MODSEQ \"/x/y\" all 5",
        "a SEARCH MODSEQ \"/flags/\\\\seen\" everything 5",
        "a SEARCH BODY {10}\r\nshort",
      })
  void malformedSearchesShouldBeBad(String command) {
    var result = PARSER.parse(command.getBytes(StandardCharsets.UTF_8));
    assertThat(result).isInstanceOf(RequestParser.Invalid.class);
    assertThat(((RequestParser.Invalid) result).tag()).isEqualTo("a");
  }

  @Test
  void nestingAndKeyCountShouldBeBounded() {
    String deep = "a SEARCH " + "NOT ".repeat(SearchParser.MAX_DEPTH) + "ALL";
    assertThat(PARSER.parse(deep.getBytes(StandardCharsets.US_ASCII)))
        .isInstanceOf(RequestParser.Invalid.class);
    String ok = "a SEARCH " + "NOT ".repeat(SearchParser.MAX_DEPTH - 1) + "ALL";
    assertThat(PARSER.parse(ok.getBytes(StandardCharsets.US_ASCII)))
        .isInstanceOf(RequestParser.Parsed.class);
    String parens = "a SEARCH " + "(".repeat(10_000) + "ALL" + ")".repeat(10_000);
    assertThat(PARSER.parse(parens.getBytes(StandardCharsets.US_ASCII)))
        .isInstanceOf(RequestParser.Invalid.class);
    String many = "a SEARCH" + " SEEN".repeat(SearchParser.MAX_KEYS + 1);
    assertThat(PARSER.parse(many.getBytes(StandardCharsets.US_ASCII)))
        .isInstanceOf(RequestParser.Invalid.class);
  }

  @Test
  void searchWithALiteralSplitAtEveryByteShouldFrameAndParseTheSame() {
    byte[] wire =
        "a UID SEARCH CHARSET UTF-8 OR SUBJECT {12+}\r\n\u041c\u043e\u0441\u043a\u0432\u0430 BODY \"x\"\r\n"
            .getBytes(StandardCharsets.UTF_8);
    ImapCommand expected =
        new ImapCommand.Search(
            "a",
            Optional.of("UTF-8"),
            Optional.empty(),
            new SearchKey.Or(
                new SearchKey.Header("Subject", "\u041c\u043e\u0441\u043a\u0432\u0430"),
                new SearchKey.Text(false, "x")),
            true);
    for (int split = 0; split <= wire.length; split++) {
      List<byte[]> commands = FramerHarness.frame(wire, split);
      assertThat(commands).as("split at %d", split).hasSize(1);
      assertThat(PARSER.parse(commands.get(0)))
          .as("split at %d", split)
          .isEqualTo(new RequestParser.Parsed(expected));
    }
  }
}
