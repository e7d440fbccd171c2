package io.mailtier.frontend.listener;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.net.InetAddress;
import java.util.Arrays;

/**
 * A set of IP addresses written in configuration: a CIDR block ({@code 10.0.0.0/8}, {@code
 * 2001:db8::/32}), a range ({@code 192.0.2.10-192.0.2.20}, both ends included, same family, first ≤
 * last) or a single address. IPv4 and IPv6; an IPv4-mapped IPv6 address, in the rule or in the
 * client address, is treated as the IPv4 address. No name is ever looked up.
 *
 * <p>Internally every form is an inclusive range of addresses of one family.
 */
public final class IpMatch {
  private final String text;
  private final byte[] first;
  private final byte[] last;

  private IpMatch(String text, byte[] first, byte[] last) {
    this.text = text;
    this.first = first;
    this.last = last;
  }

  /**
   * Parses the configuration text of a match.
   *
   * @throws IllegalArgumentException naming the text and the problem
   */
  @JsonCreator
  public static IpMatch parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException(
          "an address match is required: a CIDR block, a range a-b or a single IP");
    }
    String t = text.strip();
    int slash = t.indexOf('/');
    int dash = t.indexOf('-');
    if (slash >= 0 && dash >= 0) {
      throw new IllegalArgumentException(
          "'" + t + "' mixes a CIDR block and a range; write one of 10.0.0.0/8 or a-b");
    }
    if (slash >= 0) {
      return cidr(t, slash);
    }
    if (dash >= 0) {
      return range(t, dash);
    }
    byte[] single = address(t, t);
    return new IpMatch(t, single, single);
  }

  private static IpMatch cidr(String t, int slash) {
    String addressText = t.substring(0, slash);
    String prefixText = t.substring(slash + 1);
    byte[] raw = rawAddress(addressText, t);
    boolean mapped = IpLiterals.isMapped(raw);
    int bits = raw.length * 8;
    if (!prefixText.matches("\\d{1,3}")) {
      throw new IllegalArgumentException(
          "'" + t + "' is not a valid CIDR block: the prefix length must be a number 0.." + bits);
    }
    int prefix = Integer.parseInt(prefixText);
    if (prefix > bits) {
      throw new IllegalArgumentException(
          "'" + t + "' is not a valid CIDR block: the prefix length must be 0.." + bits);
    }
    byte[] base = raw;
    if (mapped) {
      if (prefix < 96) {
        throw new IllegalArgumentException(
            "'" + t + "' is not a valid CIDR block: an IPv4-mapped prefix must be /96 or longer");
      }
      base = Arrays.copyOfRange(raw, 12, 16);
      prefix -= 96;
    }
    byte[] lo = base.clone();
    byte[] hi = base.clone();
    for (int bit = prefix; bit < base.length * 8; bit++) {
      int mask = 0x80 >>> (bit % 8);
      lo[bit / 8] &= (byte) ~mask;
      hi[bit / 8] |= (byte) mask;
    }
    if (!Arrays.equals(lo, base)) {
      throw new IllegalArgumentException(
          "'"
              + t
              + "' is not a valid CIDR block: bits are set after the prefix (did you mean "
              + IpLiterals.parse(render(lo)).getHostAddress()
              + "/"
              + prefixText
              + "?)");
    }
    return new IpMatch(t, lo, hi);
  }

  private static String render(byte[] b) {
    StringBuilder sb = new StringBuilder();
    if (b.length == 4) {
      for (int i = 0; i < 4; i++) {
        sb.append(i == 0 ? "" : ".").append(b[i] & 0xff);
      }
    } else {
      for (int i = 0; i < 16; i += 2) {
        sb.append(i == 0 ? "" : ":")
            .append(Integer.toHexString(((b[i] & 0xff) << 8) | (b[i + 1] & 0xff)));
      }
    }
    return sb.toString();
  }

  private static IpMatch range(String t, int dash) {
    byte[] lo = address(t.substring(0, dash), t);
    byte[] hi = address(t.substring(dash + 1), t);
    if (lo.length != hi.length) {
      throw new IllegalArgumentException(
          "'" + t + "' is not a valid range: both ends must be IPv4 or both IPv6");
    }
    if (Arrays.compareUnsigned(lo, hi) > 0) {
      throw new IllegalArgumentException(
          "'" + t + "' is not a valid range: the first address is after the last");
    }
    return new IpMatch(t, lo, hi);
  }

  private static byte[] address(String part, String whole) {
    return IpLiterals.normalizeBytes(rawAddress(part, whole));
  }

  private static byte[] rawAddress(String part, String whole) {
    try {
      String p = part.strip();
      byte[] b = p.indexOf(':') >= 0 ? IpLiterals.parseV6(p) : IpLiterals.parseV4(p);
      if (b == null) {
        throw new IllegalArgumentException("bad");
      }
      return b;
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "'"
              + whole
              + "': '"
              + part.strip()
              + "' is not an IP address (host names are not allowed; write an IPv4 or IPv6"
              + " literal)");
    }
  }

  /** Whether {@code address} is in this set (an IPv4-mapped IPv6 address counts as IPv4). */
  public boolean matches(InetAddress address) {
    return matches(IpLiterals.normalize(address));
  }

  /** Whether the normalized address bytes (4 or 16, see {@link IpLiterals}) are in this set. */
  public boolean matches(byte[] normalizedAddress) {
    return normalizedAddress.length == first.length
        && Arrays.compareUnsigned(normalizedAddress, first) >= 0
        && Arrays.compareUnsigned(normalizedAddress, last) <= 0;
  }

  /** The configuration text this match was parsed from. */
  @JsonValue
  @Override
  public String toString() {
    return text;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof IpMatch m && Arrays.equals(first, m.first) && Arrays.equals(last, m.last);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(first) + Arrays.hashCode(last);
  }
}
