package io.mailtier.frontend.pop3;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailtier.frontend.pop3.command.Pop3Command;
import io.mailtier.frontend.pop3.parse.Pop3Parser;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class Pop3ParserTest {
  static Stream<Arguments> valid() {
    return Stream.of(
        Arguments.of("USER alice", new Pop3Command.User("alice")),
        Arguments.of("user alice@example.test", new Pop3Command.User("alice@example.test")),
        Arguments.of("PASS a secret with spaces", new Pop3Command.Pass("a secret with spaces")),
        Arguments.of("PASS {5}", new Pop3Command.Pass("{5}")),
        Arguments.of("APOP bob 0123abcd", new Pop3Command.Apop("bob", "0123abcd")),
        Arguments.of("AUTH", new Pop3Command.Auth(null, null)),
        Arguments.of("auth plain", new Pop3Command.Auth("PLAIN", null)),
        Arguments.of("AUTH PLAIN AGEAYg==", new Pop3Command.Auth("PLAIN", "AGEAYg==")),
        Arguments.of("AUTH LOGIN =", new Pop3Command.Auth("LOGIN", "=")),
        Arguments.of("STAT", new Pop3Command.Stat()),
        Arguments.of("LIST", new Pop3Command.List(0)),
        Arguments.of("LIST 12", new Pop3Command.List(12)),
        Arguments.of("RETR 1", new Pop3Command.Retr(1)),
        Arguments.of("DELE 007", new Pop3Command.Dele(7)),
        Arguments.of("NOOP", new Pop3Command.Noop()),
        Arguments.of("RSET", new Pop3Command.Rset()),
        Arguments.of("QUIT", new Pop3Command.Quit()),
        Arguments.of("TOP 3 0", new Pop3Command.Top(3, 0)),
        Arguments.of("UIDL", new Pop3Command.Uidl(0)),
        Arguments.of("uidl 2", new Pop3Command.Uidl(2)),
        Arguments.of("CAPA", new Pop3Command.Capa()),
        Arguments.of("STLS", new Pop3Command.Stls()));
  }

  @ParameterizedTest
  @MethodSource("valid")
  void validCommandsShouldParse(String line, Pop3Command expected) {
    assertThat(Pop3Parser.parse(line.getBytes(StandardCharsets.UTF_8)))
        .isEqualTo(new Pop3Parser.Parsed(expected));
    assertThat(expected.name()).isEqualTo(line.split(" ")[0].toUpperCase(java.util.Locale.ROOT));
  }

  static Stream<Arguments> invalid() {
    return Stream.of(
        Arguments.of("", "Empty command"),
        Arguments.of(" LIST", "Empty command"),
        Arguments.of("XTND XMIT", "Unknown command"),
        Arguments.of("RETRIEVE 1", "Unknown command"),
        Arguments.of("USER", "Expected one name"),
        Arguments.of("USER a b", "Expected one name"),
        Arguments.of("PASS", "PASS needs a password"),
        Arguments.of("PASS ", "PASS needs a password"),
        Arguments.of("RETR", "Missing argument"),
        Arguments.of("RETR 0", "Invalid message number"),
        Arguments.of("RETR -1", "Invalid number: -1"),
        Arguments.of("RETR +1", "Invalid number: +1"),
        Arguments.of("RETR 1 2", "Expected 1 argument(s)"),
        Arguments.of("RETR  1", "Arguments are separated by one space"),
        Arguments.of("RETR 1234567890", "Invalid number: 1234567890"),
        Arguments.of("TOP 1", "Expected 2 argument(s)"),
        Arguments.of("TOP 1 x", "Invalid number: x"),
        Arguments.of("STAT 1", "STAT takes no argument"),
        Arguments.of("QUIT ", "QUIT takes no argument"),
        Arguments.of("AUTH PL@IN", "Invalid SASL mechanism name"),
        Arguments.of("AUTH PLAIN a b", "Expected 1 to 2"),
        Arguments.of("USER a\0b", "Control characters in the command"));
  }

  @ParameterizedTest
  @MethodSource("invalid")
  void invalidCommandsShouldSayWhy(String line, String message) {
    var result = Pop3Parser.parse(line.getBytes(StandardCharsets.UTF_8));
    assertThat(result).isInstanceOf(Pop3Parser.Invalid.class);
    assertThat(((Pop3Parser.Invalid) result).message()).isEqualTo(message);
  }
}
