package io.mailtier.frontend.imap.handle;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MailboxPatternTest {
  @ParameterizedTest(name = "{0} ~ {1} = {2}")
  @CsvSource({
    "*, INBOX, true",
    "*, Work/2026/Q1, true",
    "%, Work, true",
    "%, Work/2026, false",
    "Work/%, Work/2026, true",
    "Work/%, Work/2026/Q1, false",
    "Work/*, Work/2026/Q1, true",
    "W%k, Work, true",
    "%/2026, Work/2026, true",
    "inbox, INBOX, true",
    "Inbox/%, INBOX/Sub, true",
    "sent, Sent, false",
    "Sent, Sent, true",
    "Sen, Sent, false",
    "'', Sent, false",
    "*a*a*a*a*a*a*a*a*b, aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa, false",
  })
  void patternShouldMatchAsRfc9051Says(String pattern, String name, boolean expected) {
    assertThat(new MailboxPattern(pattern, '/').matches(name)).isEqualTo(expected);
  }
}
