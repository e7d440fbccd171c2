package io.mailtier.frontend.imap.parse;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailtier.frontend.imap.command.FetchAttribute;
import io.mailtier.frontend.imap.command.ImapCommand;
import io.mailtier.frontend.imap.command.ImapCommand.StoreMode;
import io.mailtier.frontend.imap.command.SequenceSet;
import io.mailtier.frontend.imap.command.SequenceSet.Range;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The grammar, as tables: input (a complete command, literals inline) → command or BAD. */
class RequestParserTest {
  private static final RequestParser PARSER = new RequestParser(ParserRegistry.standard());
  private static final FetchAttribute FLAGS = new FetchAttribute.Flags();
  private static final FetchAttribute UID = new FetchAttribute.Uid();
  private static final FetchAttribute SIZE = new FetchAttribute.Size();
  private static final FetchAttribute DATE = new FetchAttribute.InternalDate();

  static SequenceSet set(long... bounds) {
    List<Range> ranges = new java.util.ArrayList<>();
    for (int i = 0; i < bounds.length; i += 2) {
      ranges.add(new Range(bounds[i], bounds[i + 1]));
    }
    return new SequenceSet(ranges);
  }

  static Stream<Arguments> validCommands() {
    long star = SequenceSet.STAR;
    return Stream.of(
        Arguments.of("a CAPABILITY", new ImapCommand.Capability("a")),
        Arguments.of("a capability", new ImapCommand.Capability("a")),
        Arguments.of("A.1 NOOP", new ImapCommand.Noop("A.1")),
        Arguments.of("x LOGOUT", new ImapCommand.Logout("x")),
        Arguments.of("a LOGIN alice secret", new ImapCommand.Login("a", "alice", "secret")),
        Arguments.of(
            "a LOGIN \"al ice\" \"se\\\"c\\\\ret\"",
            new ImapCommand.Login("a", "al ice", "se\"c\\ret")),
        Arguments.of(
            "a LOGIN {5}\r\nalice {6+}\r\nsecret", new ImapCommand.Login("a", "alice", "secret")),
        Arguments.of("a LOGIN {0}\r\n \"\"", new ImapCommand.Login("a", "", "")),
        Arguments.of("a LOGIN \"j\u00f6rg\" pw", new ImapCommand.Login("a", "j\u00f6rg", "pw")),
        Arguments.of(
            "a AUTHENTICATE PLAIN", new ImapCommand.Authenticate("a", "PLAIN", Optional.empty())),
        Arguments.of(
            "a AUTHENTICATE plain AGFsaWNlAHM=",
            new ImapCommand.Authenticate("a", "PLAIN", Optional.of("AGFsaWNlAHM="))),
        Arguments.of(
            "a AUTHENTICATE PLAIN =", new ImapCommand.Authenticate("a", "PLAIN", Optional.of("="))),
        Arguments.of("a LIST \"\" \"*\"", new ImapCommand.ListMailboxes("a", "", "*")),
        Arguments.of("a LIST \"\" %", new ImapCommand.ListMailboxes("a", "", "%")),
        Arguments.of(
            "a LIST Work/ %/2026*", new ImapCommand.ListMailboxes("a", "Work/", "%/2026*")),
        Arguments.of("a SELECT inbox", new ImapCommand.Select("a", "INBOX", false)),
        Arguments.of("a SELECT \"Inbox/Sub\"", new ImapCommand.Select("a", "INBOX/Sub", false)),
        Arguments.of("a EXAMINE Sent", new ImapCommand.Select("a", "Sent", true)),
        Arguments.of("a CREATE Work/2026", new ImapCommand.Create("a", "Work/2026")),
        Arguments.of("a DELETE Work", new ImapCommand.Delete("a", "Work")),
        Arguments.of("a RENAME Work Job", new ImapCommand.Rename("a", "Work", "Job")),
        Arguments.of(
            "a STATUS INBOX (MESSAGES unseen)",
            new ImapCommand.Status("a", "INBOX", List.of("MESSAGES", "UNSEEN"))),
        Arguments.of(
            "a FETCH 1 FLAGS", new ImapCommand.Fetch("a", set(1, 1), List.of(FLAGS), false)),
        Arguments.of(
            "a FETCH 1:* (FLAGS UID RFC822.SIZE INTERNALDATE)",
            new ImapCommand.Fetch("a", set(1, star), List.of(FLAGS, UID, SIZE, DATE), false)),
        Arguments.of(
            "a FETCH 2,4:7 FAST",
            new ImapCommand.Fetch("a", set(2, 2, 4, 7), List.of(FLAGS, DATE, SIZE), false)),
        Arguments.of(
            "a FETCH *:3 ALL",
            new ImapCommand.Fetch(
                "a",
                set(star, 3),
                List.of(FLAGS, DATE, SIZE, new FetchAttribute.Envelope()),
                false)),
        Arguments.of(
            "a FETCH 1 BODY[]",
            new ImapCommand.Fetch(
                "a", set(1, 1), List.of(FetchAttribute.Section.whole(false)), false)),
        Arguments.of(
            "a FETCH 1 body.peek[]",
            new ImapCommand.Fetch(
                "a", set(1, 1), List.of(FetchAttribute.Section.whole(true)), false)),
        Arguments.of(
            "a FETCH 1 (BODY.PEEK[]<10.20> RFC822)",
            new ImapCommand.Fetch(
                "a",
                set(1, 1),
                List.of(
                    new FetchAttribute.Section(
                        FetchAttribute.Form.BODY,
                        true,
                        "",
                        FetchAttribute.Text.NONE,
                        List.of(),
                        10,
                        20),
                    new FetchAttribute.Section(
                        FetchAttribute.Form.RFC822,
                        false,
                        "",
                        FetchAttribute.Text.NONE,
                        List.of(),
                        -1,
                        0)),
                false)),
        Arguments.of(
            "a UID FETCH 1:* (UID FLAGS)",
            new ImapCommand.Fetch("a", set(1, star), List.of(UID, FLAGS), true)),
        Arguments.of(
            "a STORE 1 +FLAGS (\\Seen)",
            new ImapCommand.Store("a", set(1, 1), StoreMode.ADD, false, List.of("\\Seen"), false)),
        Arguments.of(
            "a STORE 1:2 -FLAGS.SILENT \\deleted $Junk",
            new ImapCommand.Store(
                "a", set(1, 2), StoreMode.REMOVE, true, List.of("\\Deleted", "$Junk"), false)),
        Arguments.of(
            "a UID STORE 5 FLAGS ()",
            new ImapCommand.Store("a", set(5, 5), StoreMode.REPLACE, false, List.of(), true)),
        Arguments.of("a EXPUNGE", new ImapCommand.Expunge("a", Optional.empty())),
        Arguments.of("a UID EXPUNGE 3:4", new ImapCommand.Expunge("a", Optional.of(set(3, 4)))),
        Arguments.of("a CLOSE", new ImapCommand.Close("a")),
        Arguments.of("a UNSELECT", new ImapCommand.Unselect("a")),
        // COPY/MOVE, subscriptions, LIST-EXTENDED, NAMESPACE, ID, ENABLE, QUOTA
        Arguments.of(
            "a COPY 1:* Trash",
            new ImapCommand.CopyMessages("a", set(1, star), "Trash", false, false)),
        Arguments.of(
            "a UID COPY 4,7:9 \"My Box\"",
            new ImapCommand.CopyMessages("a", set(4, 4, 7, 9), "My Box", true, false)),
        Arguments.of(
            "a move 2 inbox", new ImapCommand.CopyMessages("a", set(2, 2), "INBOX", false, true)),
        Arguments.of(
            "a UID MOVE 5 {6+}\r\nDrafts",
            new ImapCommand.CopyMessages("a", set(5, 5), "Drafts", true, true)),
        Arguments.of("a SUBSCRIBE Work", new ImapCommand.Subscribe("a", "Work", true)),
        Arguments.of("a UNSUBSCRIBE \"a b\"", new ImapCommand.Subscribe("a", "a b", false)),
        Arguments.of("a LSUB \"\" %", new ImapCommand.Lsub("a", "", "%")),
        Arguments.of(
            "a LIST (SUBSCRIBED RECURSIVEMATCH) \"\" (INBOX \"W*\") RETURN (CHILDREN STATUS"
                + " (MESSAGES UNSEEN))",
            new ImapCommand.ListExtended(
                "a",
                java.util.Set.of("SUBSCRIBED", "RECURSIVEMATCH"),
                "",
                List.of("INBOX", "W*"),
                java.util.Set.of("CHILDREN", "STATUS"),
                List.of("MESSAGES", "UNSEEN"))),
        Arguments.of(
            "a LIST () \"\" % RETURN ()",
            new ImapCommand.ListExtended(
                "a", java.util.Set.of(), "", List.of("%"), java.util.Set.of(), List.of())),
        Arguments.of("a NAMESPACE", new ImapCommand.Namespace("a")),
        Arguments.of("a ID NIL", new ImapCommand.Id("a", java.util.Map.of())),
        Arguments.of(
            "a ID (\"name\" \"x\" \"os\" NIL)",
            new ImapCommand.Id(
                "a",
                new java.util.LinkedHashMap<>(java.util.Map.of("name", "x")) {
                  {
                    put("os", null);
                  }
                })),
        Arguments.of(
            "a ENABLE imap4rev2 CONDSTORE",
            new ImapCommand.Enable("a", List.of("IMAP4REV2", "CONDSTORE"))),
        Arguments.of("a GETQUOTA \"\"", new ImapCommand.GetQuota("a", "")),
        Arguments.of("a GETQUOTAROOT inbox", new ImapCommand.GetQuotaRoot("a", "INBOX")),
        Arguments.of(
            "a SETQUOTA \"\" (STORAGE 512 MESSAGE 10)", new ImapCommand.SetQuota("a", "")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("validCommands")
  void validCommandShouldParseToItsRecord(String input, ImapCommand expected) {
    RequestParser.Result result = PARSER.parse(input.getBytes(StandardCharsets.UTF_8));
    assertThat(result).isInstanceOf(RequestParser.Parsed.class);
    assertThat(((RequestParser.Parsed) result).command()).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("validCommands")
  void everyValidCommandShouldSurviveTheFramerSplitAtEveryByte(String input, ImapCommand expected) {
    byte[] bytes = (input + "\r\n").getBytes(StandardCharsets.UTF_8);
    for (int split = 0; split <= bytes.length; split++) {
      List<byte[]> framed = io.mailtier.frontend.transport.FramerHarness.frame(bytes, split);
      assertThat(framed).as("split at %d", split).hasSize(1);
      var result = (RequestParser.Parsed) PARSER.parse(framed.get(0));
      assertThat(result.command()).as("split at %d", split).isEqualTo(expected);
    }
  }

  @org.junit.jupiter.api.Test
  void appendShouldCarryFlagsDateAndTheLiteralBytes() {
    byte[] raw =
        "t APPEND Sent (\\Seen $Work) \" 2-Jan-2026 10:00:00 +0100\" {7}\r\nab\r\ncd\u0000"
            .getBytes(StandardCharsets.ISO_8859_1);
    var append = (ImapCommand.Append) ((RequestParser.Parsed) PARSER.parse(raw)).command();
    assertThat(append.mailbox()).isEqualTo("Sent");
    assertThat(append.flags()).containsExactly("\\Seen", "$Work");
    assertThat(append.date()).contains(Instant.parse("2026-01-02T09:00:00Z"));
    assertThat(append.message()).containsExactly('a', 'b', '\r', '\n', 'c', 'd', 0);
  }

  @org.junit.jupiter.api.Test
  void appendShouldAcceptNoFlagsAndNoDate() {
    byte[] raw = "t APPEND INBOX {2+}\r\nhi".getBytes(StandardCharsets.US_ASCII);
    var append = (ImapCommand.Append) ((RequestParser.Parsed) PARSER.parse(raw)).command();
    assertThat(append.flags()).isEmpty();
    assertThat(append.date()).isEmpty();
    assertThat(append.message()).containsExactly('h', 'i');
  }

  static Stream<Arguments> invalidCommands() {
    return Stream.of(
        Arguments.of("", "*"),
        Arguments.of("a", "a"),
        Arguments.of("+ NOOP", "*"),
        Arguments.of("a FROB", "a"),
        Arguments.of("a NOOP extra", "a"),
        Arguments.of("a LOGIN alice", "a"),
        Arguments.of("a LOGIN \"alice secret", "a"),
        Arguments.of("a LOGIN \"a\\x\" b", "a"),
        Arguments.of("a LOGIN {10}\r\nshort", "a"),
        Arguments.of("a LOGIN  alice secret", "a"),
        Arguments.of("a AUTHENTICATE PLAIN not*base64", "a"),
        Arguments.of("a SELECT", "a"),
        Arguments.of("a LIST \"\"", "a"),
        Arguments.of("a FETCH 0 FLAGS", "a"),
        Arguments.of("a FETCH 1 ENVELOPES", "a"),
        Arguments.of("a FETCH 1 BODY[HEAD]", "a"),
        Arguments.of("a FETCH 1 BODY[]<1.0>", "a"),
        Arguments.of("a FETCH 1 (FLAGS", "a"),
        Arguments.of("a FETCH 1:x FLAGS", "a"),
        Arguments.of("a FETCH 99999999999 FLAGS", "a"),
        Arguments.of("a STORE 1 FLAGS", "a"),
        Arguments.of("a STORE 1 +FLAGZ (\\Seen)", "a"),
        Arguments.of("a STORE 1 +FLAGS (\\Seen", "a"),
        Arguments.of("a STATUS INBOX (BOGUS)", "a"),
        Arguments.of("a APPEND INBOX", "a"),
        Arguments.of("a APPEND INBOX \"31-Foo-2026 00:00:00 +0000\" {1+}\r\nx", "a"),
        Arguments.of("a UID FROB 1", "a"),
        Arguments.of("a UID EXPUNGE", "a"),
        Arguments.of("a COPY 1", "a"),
        Arguments.of("a COPY 0 Trash", "a"),
        Arguments.of("a MOVE 1 Trash extra", "a"),
        Arguments.of("a UID MOVE Trash", "a"),
        Arguments.of("a SUBSCRIBE", "a"),
        Arguments.of("a LSUB \"\"", "a"),
        Arguments.of("a LIST (RECURSIVEMATCH) \"\" *", "a"),
        Arguments.of("a LIST (BOGUS) \"\" *", "a"),
        Arguments.of("a LIST \"\" * RETURN (BOGUS)", "a"),
        Arguments.of("a LIST \"\" * RETURN (STATUS (RECENTISH))", "a"),
        Arguments.of("a LIST \"\" * RETURN (CHILDREN CHILDREN)", "a"),
        Arguments.of("a LIST \"\" ()", "a"),
        Arguments.of("a LIST \"\" * RETURN", "a"),
        Arguments.of("a NAMESPACE x", "a"),
        Arguments.of("a ID", "a"),
        Arguments.of("a ID (\"name\")", "a"),
        Arguments.of("a ID (name \"x\")", "a"),
        Arguments.of("a ID (\"" + "n".repeat(31) + "\" \"x\")", "a"),
        Arguments.of("a ID (\"name\" \"" + "v".repeat(1025) + "\")", "a"),
        Arguments.of(
            "a ID ("
                + java.util.stream.IntStream.range(0, 31)
                    .mapToObj(i -> "\"k" + i + "\" \"v\"")
                    .collect(java.util.stream.Collectors.joining(" "))
                + ")",
            "a"),
        Arguments.of("a ENABLE", "a"),
        Arguments.of("a ENABLE " + "X ".repeat(21).trim(), "a"),
        Arguments.of("a GETQUOTAROOT", "a"),
        Arguments.of("a SETQUOTA \"\" STORAGE 1", "a"),
        Arguments.of("a SETQUOTA \"\" (STORAGE x)", "a"),
        Arguments.of("\u0000\u0001\u00ff", "*"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidCommands")
  void invalidCommandShouldBeRefusedWithTheTagWhenOneCanBeRead(String input, String tag) {
    RequestParser.Result result = PARSER.parse(input.getBytes(StandardCharsets.ISO_8859_1));
    assertThat(result).isInstanceOf(RequestParser.Invalid.class);
    assertThat(((RequestParser.Invalid) result).tag()).isEqualTo(tag);
  }
}
