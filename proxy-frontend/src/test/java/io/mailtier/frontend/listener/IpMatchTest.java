package io.mailtier.frontend.listener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IpMatchTest {

  @ParameterizedTest(name = "{0} contains {1}: {2}")
  @CsvSource({
    "10.0.0.0/8, 10.255.255.255, true",
    "10.0.0.0/8, 11.0.0.0, false",
    "0.0.0.0/0, 203.0.113.9, true",
    "192.0.2.7/32, 192.0.2.7, true",
    "192.0.2.7, 192.0.2.7, true",
    "192.0.2.7, 192.0.2.8, false",
    "192.0.2.250-192.0.3.4, 192.0.3.0, true",
    "192.0.2.250-192.0.3.4, 192.0.2.249, false",
    "2001:db8::/32, 2001:db8:ffff::1, true",
    "2001:db8::/32, 2001:db9::, false",
    "::/0, ::1, true",
    "::1, 0:0:0:0:0:0:0:1, true",
    "2001:db8::1-2001:db8::1:0, 2001:db8::ffff, true",
    "fe80::/10, febf::1, true",
    "fe80::/10, fec0::1, false",
    "::ffff:192.0.2.0/120, 192.0.2.200, true",
    "192.0.2.0/24, ::ffff:192.0.2.200, true",
    "::ffff:192.0.2.1, 192.0.2.1, true",
    "64:ff9b::/96, 64:ff9b::192.0.2.1, true",
    "64:ff9b::/96, 192.0.2.1, false",
  })
  void matchShouldContainExactlyItsAddresses(String match, String client, boolean expected) {
    assertThat(IpMatch.parse(match).matches(IpLiterals.parse(client))).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "10.0.0.0/33 | the prefix length must be 0..32",
        "2001:db8::/129 | the prefix length must be 0..128",
        "10.0.0.0/x | the prefix length must be a number",
        "10.0.0.1/8 | bits are set after the prefix (did you mean 10.0.0.0/8?)",
        "10.0.0.9-10.0.0.1 | the first address is after the last",
        "10.0.0.1-2001:db8::1 | both ends must be IPv4 or both IPv6",
        "mail.example.com | host names are not allowed",
        "localhost/8 | host names are not allowed",
        "10.1 | is not an IP address",
        "010.0.0.1 | is not an IP address",
        "256.0.0.1 | is not an IP address",
        "1:2:3:4:5:6:7:8:9 | is not an IP address",
        "1::2::3 | is not an IP address",
        "fe80::1%eth0 | is not an IP address",
        "10.0.0.0/8-10.1.0.0 | mixes a CIDR block and a range",
        "::ffff:10.0.0.0/95 | an IPv4-mapped prefix must be /96 or longer",
      })
  void badMatchShouldBeRejectedWithTheReason(String text, String reason) {
    assertThatThrownBy(() -> IpMatch.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(reason);
  }
}
