package io.mailtier.frontend.listener.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mailtier.frontend.listener.IpLiterals;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Table of valid, malformed and incomplete headers. Every row is decoded fed whole, split in two at
 * every byte boundary, and byte by byte; all three must give the same answer.
 */
class ProxyProtocolDecoderTest {
  private static final byte[] SIG = HexFormat.of().parseHex("0d0a0d0a000d0a515549540a");
  private static final String TRAILER = "A1 CAPABILITY\r\n";

  /** A v2 header: signature, version/command byte, family byte, then the payload. */
  private static byte[] v2(int verCmd, int family, String payloadHex) {
    byte[] payload = HexFormat.of().parseHex(payloadHex);
    return v2(verCmd, family, payload.length, payload);
  }

  private static byte[] v2(int verCmd, int family, int declaredLength, byte[] payload) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(SIG);
    out.write(verCmd);
    out.write(family);
    out.write(declaredLength >>> 8);
    out.write(declaredLength & 0xff);
    out.writeBytes(payload);
    return out.toByteArray();
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] r = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, r, a.length, b.length);
    return r;
  }

  private static String proxied(int v, String src, int sport, String dst, int dport) {
    return "parsed " + new ProxyHeader.Proxied(v, sock(src, sport), sock(dst, dport));
  }

  private static InetSocketAddress sock(String ip, int port) {
    return new InetSocketAddress(IpLiterals.parse(ip), port);
  }

  private static final String IPV4_ADDRS = "c0000201" + "c6336402" + "dc04" + "01bb";
  private static final String IPV6_ADDRS =
      "20010db8000000000000000000000001" + "20010db8000000000000000000000002" + "0001" + "ffff";

  static Stream<Arguments> rows() {
    String maxUnknown =
        "PROXY UNKNOWN ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"
            + " ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff 65535 65535\r\n";
    return Stream.of(
        // valid v1
        row(
            "v1 TCP4",
            ProxyProtocolMode.V1,
            ascii("PROXY TCP4 192.0.2.1 198.51.100.2 56324 443\r\n"),
            proxied(1, "192.0.2.1", 56324, "198.51.100.2", 443)),
        row(
            "v1 TCP6",
            ProxyProtocolMode.V1,
            ascii("PROXY TCP6 2001:db8::1 2001:db8::2 1 65535\r\n"),
            proxied(1, "2001:db8::1", 1, "2001:db8::2", 65535)),
        row(
            "v1 TCP6 with IPv4-mapped source",
            ProxyProtocolMode.V1,
            ascii("PROXY TCP6 ::ffff:192.0.2.1 2001:db8::2 0 993\r\n"),
            proxied(1, "192.0.2.1", 0, "2001:db8::2", 993)),
        row(
            "v1 UNKNOWN",
            ProxyProtocolMode.V1,
            ascii("PROXY UNKNOWN\r\n"),
            "parsed " + new ProxyHeader.Local(1)),
        row(
            "v1 UNKNOWN of the maximum length (107)",
            ProxyProtocolMode.V1,
            ascii(maxUnknown),
            "parsed " + new ProxyHeader.Local(1)),
        row(
            "v1 in optional mode",
            ProxyProtocolMode.OPTIONAL,
            ascii("PROXY TCP4 192.0.2.1 198.51.100.2 56324 443\r\n"),
            proxied(1, "192.0.2.1", 56324, "198.51.100.2", 443)),
        // valid v2
        row(
            "v2 PROXY INET",
            ProxyProtocolMode.V2,
            v2(0x21, 0x11, IPV4_ADDRS),
            proxied(2, "192.0.2.1", 56324, "198.51.100.2", 443)),
        row(
            "v2 PROXY INET6",
            ProxyProtocolMode.V2,
            v2(0x21, 0x21, IPV6_ADDRS),
            proxied(2, "2001:db8::1", 1, "2001:db8::2", 65535)),
        row(
            "v2 PROXY INET with TLVs (ALPN, NOOP)",
            ProxyProtocolMode.V2,
            v2(0x21, 0x11, IPV4_ADDRS + "010004696d6170" + "040003000000"),
            proxied(2, "192.0.2.1", 56324, "198.51.100.2", 443)),
        row(
            "v2 LOCAL (health check), no addresses",
            ProxyProtocolMode.V2,
            v2(0x20, 0x00, ""),
            "parsed " + new ProxyHeader.Local(2)),
        row(
            "v2 LOCAL with addresses, which are ignored",
            ProxyProtocolMode.V2,
            v2(0x20, 0x11, IPV4_ADDRS),
            "parsed " + new ProxyHeader.Local(2)),
        row(
            "v2 PROXY with AF_UNSPEC",
            ProxyProtocolMode.V2,
            v2(0x21, 0x00, ""),
            "parsed " + new ProxyHeader.Local(2)),
        row(
            "v2 in optional mode",
            ProxyProtocolMode.OPTIONAL,
            v2(0x21, 0x11, IPV4_ADDRS),
            proxied(2, "192.0.2.1", 56324, "198.51.100.2", 443)),
        // no header
        row(
            "optional mode without a header",
            ProxyProtocolMode.OPTIONAL,
            new byte[0],
            "parsed " + new ProxyHeader.Absent()),
        row("off", ProxyProtocolMode.OFF, new byte[0], "parsed " + new ProxyHeader.Absent()),
        // malformed: wrong kind or signature
        row(
            "v1 header on a v2 listener",
            ProxyProtocolMode.V2,
            ascii("PROXY TCP4 192.0.2.1 198.51.100.2 1 2\r\n"),
            "malformed: bad signature"),
        row(
            "v2 header on a v1 listener",
            ProxyProtocolMode.V1,
            v2(0x21, 0x11, IPV4_ADDRS),
            "malformed: must start with 'PROXY '"),
        row(
            "no header on a v1 listener",
            ProxyProtocolMode.V1,
            ascii(TRAILER),
            "malformed: must start with 'PROXY '"),
        row(
            "bad v2 signature",
            ProxyProtocolMode.V2,
            concat(
                HexFormat.of().parseHex("0d0a0d0a000d0a515549540b2111000c"),
                HexFormat.of().parseHex(IPV4_ADDRS)),
            "malformed: bad signature"),
        row(
            "v2 signature then junk in optional mode",
            ProxyProtocolMode.OPTIONAL,
            concat(SIG, ascii("xx\0\0")),
            "malformed: version 7"),
        // malformed v2
        row(
            "v2 version 1",
            ProxyProtocolMode.V2,
            v2(0x11, 0x11, IPV4_ADDRS),
            "malformed: version 1, expected 2"),
        row(
            "v2 unknown command",
            ProxyProtocolMode.V2,
            v2(0x22, 0x11, IPV4_ADDRS),
            "malformed: unknown command 2"),
        row(
            "v2 length too short for INET",
            ProxyProtocolMode.V2,
            v2(0x21, 0x11, "c0000201c633"),
            "malformed: too short for the addresses (12)"),
        row(
            "v2 length too short for INET6",
            ProxyProtocolMode.V2,
            v2(0x21, 0x21, IPV4_ADDRS),
            "malformed: too short for the addresses (36)"),
        row(
            "v2 TLV running past the header",
            ProxyProtocolMode.V2,
            v2(0x21, 0x11, IPV4_ADDRS + "0100ff6162"),
            "malformed: runs past the header"),
        row(
            "v2 truncated TLV",
            ProxyProtocolMode.V2,
            v2(0x21, 0x11, IPV4_ADDRS + "0100"),
            "malformed: truncated TLV"),
        row(
            "v2 oversize length",
            ProxyProtocolMode.V2,
            v2(0x21, 0x11, 60_000, new byte[0]),
            "malformed: length 60000 is over the limit of 1024"),
        row(
            "v2 DGRAM",
            ProxyProtocolMode.V2,
            v2(0x21, 0x12, IPV4_ADDRS),
            "malformed: transport 2 is not STREAM"),
        row(
            "v2 AF_UNIX",
            ProxyProtocolMode.V2,
            v2(0x21, 0x31, "00".repeat(216)),
            "malformed: address family 3"),
        // malformed v1
        row(
            "v1 LF without CR",
            ProxyProtocolMode.V1,
            ascii("PROXY TCP4 192.0.2.1 198.51.100.2 1 2\n"),
            "malformed: LF, not CRLF"),
        row(
            "v1 CR without LF",
            ProxyProtocolMode.V1,
            ascii("PROXY TCP4 192.0.2.1 198.51.100.2 1 2\rX"),
            "malformed: CR not followed by LF"),
        row(
            "v1 without CRLF in 107 bytes",
            ProxyProtocolMode.V1,
            ascii("PROXY UNKNOWN " + "x".repeat(100)),
            "malformed: no CRLF within 107 bytes"),
        row(
            "v1 one byte too long",
            ProxyProtocolMode.V1,
            ascii(maxUnknown.replace("65535 65535", "65535 655350")),
            "malformed: CR not followed by LF within 107"),
        row(
            "v1 port above 65535",
            ProxyProtocolMode.V1,
            ascii("PROXY TCP4 192.0.2.1 198.51.100.2 65536 443\r\n"),
            "malformed: bad port"),
        row(
            "v1 port with a leading zero",
            ProxyProtocolMode.V1,
            ascii("PROXY TCP4 192.0.2.1 198.51.100.2 080 443\r\n"),
            "malformed: bad port"),
        row(
            "v1 negative port",
            ProxyProtocolMode.V1,
            ascii("PROXY TCP4 192.0.2.1 198.51.100.2 -1 443\r\n"),
            "malformed: bad port"),
        row(
            "v1 bad IPv4 address",
            ProxyProtocolMode.V1,
            ascii("PROXY TCP4 192.0.2.256 198.51.100.2 1 2\r\n"),
            "malformed: bad IPv4 address"),
        row(
            "v1 host name",
            ProxyProtocolMode.V1,
            ascii("PROXY TCP4 mail.example.com 198.51.100.2 1 2\r\n"),
            "malformed: bad IPv4 address"),
        row(
            "v1 TCP4 with an IPv6 address",
            ProxyProtocolMode.V1,
            ascii("PROXY TCP4 2001:db8::1 198.51.100.2 1 2\r\n"),
            "malformed: bad IPv4 address"),
        row(
            "v1 TCP6 with an IPv4 address",
            ProxyProtocolMode.V1,
            ascii("PROXY TCP6 192.0.2.1 2001:db8::2 1 2\r\n"),
            "malformed: bad IPv6 address"),
        row(
            "v1 double space",
            ProxyProtocolMode.V1,
            ascii("PROXY TCP4  192.0.2.1 198.51.100.2 1 2\r\n"),
            "malformed: expected 'PROXY"),
        row(
            "v1 missing port",
            ProxyProtocolMode.V1,
            ascii("PROXY TCP4 192.0.2.1 198.51.100.2 1\r\n"),
            "malformed: expected 'PROXY"),
        row(
            "v1 unknown protocol",
            ProxyProtocolMode.V1,
            ascii("PROXY TCP5 192.0.2.1 198.51.100.2 1 2\r\n"),
            "malformed: protocol must be TCP4, TCP6 or UNKNOWN"),
        row(
            "v1 binary junk",
            ProxyProtocolMode.V1,
            ascii("PROXY \u0000\u00ff\r\n"),
            "malformed: byte 0x0 at 6"),
        row(
            "junk on a v2 listener",
            ProxyProtocolMode.V2,
            ascii("GET / HTTP/1.1\r\n"),
            "malformed: bad signature"),
        // incomplete
        row(
            "v1 truncated before CRLF",
            ProxyProtocolMode.V1,
            ascii("PROXY TCP4 192.0.2.1 198.51.100.2 56324 443"),
            "need more"),
        row(
            "v1 truncated after CR",
            ProxyProtocolMode.V1,
            ascii("PROXY TCP4 192.0.2.1 198.51.100.2 56324 443\r"),
            "need more"),
        row(
            "v2 truncated in the addresses",
            ProxyProtocolMode.V2,
            Arrays.copyOf(v2(0x21, 0x11, IPV4_ADDRS), 20),
            "need more"),
        row(
            "v2 truncated in the signature",
            ProxyProtocolMode.OPTIONAL,
            Arrays.copyOf(SIG, 7),
            "need more"));
  }

  private static Arguments row(String why, ProxyProtocolMode mode, byte[] header, String expect) {
    return Arguments.of(why, mode, header, expect);
  }

  /**
   * Feeds the chunks until a final answer and renders it. As the transport would, chunks that
   * arrive after a parsed header are protocol data, appended to the remainder.
   */
  private static String decode(ProxyProtocolMode mode, byte[]... chunks) {
    ProxyProtocolDecoder decoder = new ProxyProtocolDecoder(mode);
    ProxyDecodeResult r = new ProxyDecodeResult.NeedMore();
    int i = 0;
    while (i < chunks.length && r instanceof ProxyDecodeResult.NeedMore) {
      r = decoder.feed(chunks[i++]);
    }
    if (r instanceof ProxyDecodeResult.Parsed p) {
      byte[] rest = p.remainder();
      for (; i < chunks.length; i++) {
        rest = concat(rest, chunks[i]);
      }
      r = new ProxyDecodeResult.Parsed(p.header(), p.consumed(), rest);
    }
    return switch (r) {
      case ProxyDecodeResult.NeedMore n -> "need more";
      case ProxyDecodeResult.Malformed m -> "malformed: " + m.reason();
      case ProxyDecodeResult.Parsed p ->
          "parsed "
              + p.header()
              + " consumed "
              + p.consumed()
              + " rest "
              + new String(p.remainder(), StandardCharsets.ISO_8859_1);
    };
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void headerShouldDecodeTheSameHoweverItIsSplit(
      String why, ProxyProtocolMode mode, byte[] header, String expect) {
    boolean complete = expect.startsWith("parsed");
    // a valid header is followed by the client's first command, which must come back untouched
    byte[] input = complete ? concat(header, ascii(TRAILER)) : header;
    String whole = decode(mode, input);
    if (complete) {
      int consumed = input.length - TRAILER.length();
      assertThat(whole).as(why).isEqualTo(expect + " consumed " + consumed + " rest " + TRAILER);
    } else {
      assertThat(whole)
          .as(why)
          .startsWith(expect.equals("need more") ? "need more" : "malformed")
          .contains(expect.replaceFirst("^malformed: ", ""));
    }
    for (int k = 1; k < input.length; k++) {
      assertThat(
              decode(
                  mode,
                  Arrays.copyOfRange(input, 0, k),
                  Arrays.copyOfRange(input, k, input.length)))
          .as("%s, split at %d", why, k)
          .isEqualTo(whole);
    }
    byte[][] bytes = new byte[input.length][];
    for (int i = 0; i < input.length; i++) {
      bytes[i] = new byte[] {input[i]};
    }
    assertThat(decode(mode, bytes)).as("%s, byte by byte", why).isEqualTo(whole);
  }

  @Test
  void optionalModeShouldHandBackTheClientBytesWhenThereIsNoHeader() {
    ProxyProtocolDecoder decoder = new ProxyProtocolDecoder(ProxyProtocolMode.OPTIONAL);
    assertThat(decoder.feed(ascii("PRO"))).isInstanceOf(ProxyDecodeResult.NeedMore.class);
    ProxyDecodeResult r = decoder.feed(ascii("FIND\r\n"));
    assertThat(r)
        .isInstanceOfSatisfying(
            ProxyDecodeResult.Parsed.class,
            p -> {
              assertThat(p.header()).isEqualTo(new ProxyHeader.Absent());
              assertThat(p.consumed()).isZero();
              assertThat(new String(p.remainder(), StandardCharsets.US_ASCII))
                  .isEqualTo("PROFIND\r\n");
            });
  }

  @Test
  void anOversizeV2HeaderShouldBeRefusedFromItsFixedPartAlone() {
    ProxyProtocolDecoder decoder = new ProxyProtocolDecoder(ProxyProtocolMode.V2);
    byte[] fixed = Arrays.copyOf(v2(0x21, 0x11, 0xffff, new byte[0]), 16);
    assertThat(decoder.feed(fixed)).isInstanceOf(ProxyDecodeResult.Malformed.class);
  }

  @Test
  void aSlowV1HeaderShouldNotBeBufferedPastItsMaximumLength() {
    ProxyProtocolDecoder decoder = new ProxyProtocolDecoder(ProxyProtocolMode.V1);
    byte[] oneByte = ascii("P");
    ProxyDecodeResult r = decoder.feed(ascii("PROXY UNKNOWN "));
    int fed = 14;
    while (r instanceof ProxyDecodeResult.NeedMore && fed < 10_000) {
      r = decoder.feed(oneByte);
      fed++;
    }
    assertThat(r).isInstanceOf(ProxyDecodeResult.Malformed.class);
    assertThat(fed).isEqualTo(ProxyProtocolDecoder.V1_MAX);
  }

  @Test
  void feedingAfterTheAnswerShouldBeAnError() {
    ProxyProtocolDecoder decoder = new ProxyProtocolDecoder(ProxyProtocolMode.V1);
    decoder.feed(ascii("PROXY UNKNOWN\r\n"));
    assertThatThrownBy(() -> decoder.feed(ascii("x"))).isInstanceOf(IllegalStateException.class);
  }
}
