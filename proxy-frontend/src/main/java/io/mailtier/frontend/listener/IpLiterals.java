package io.mailtier.frontend.listener;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * Strict parsing of IP address literals, without any name lookup.
 *
 * <p>{@link InetAddress#getByName} would resolve a host name and accepts legacy IPv4 forms ({@code
 * 10.1} is 10.0.0.1, {@code 010.0.0.1} is octal to some tools); neither belongs in an access rule.
 * IPv4 is four decimal octets without leading zeros; IPv6 is RFC 4291 text (with {@code ::} and an
 * optional dotted IPv4 tail), without a zone id. An IPv4-mapped IPv6 address ({@code
 * ::ffff:1.2.3.4}) is returned as the IPv4 address, so it matches IPv4 rules.
 */
public final class IpLiterals {
  private IpLiterals() {}

  /**
   * Parses an IP literal.
   *
   * @throws IllegalArgumentException naming the text when it is not an IPv4 or IPv6 literal
   */
  public static InetAddress parse(String text) {
    return toInetAddress(parseBytes(text));
  }

  /**
   * The address as 4 bytes (IPv4, including IPv4-mapped IPv6) or 16 bytes (other IPv6).
   *
   * @throws IllegalArgumentException when the text is not an IP literal
   */
  public static byte[] parseBytes(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("an IP address is required");
    }
    String t = text.strip();
    byte[] bytes;
    if (t.indexOf(':') >= 0) {
      bytes = parseV6(t);
    } else {
      bytes = parseV4(t);
    }
    if (bytes == null) {
      throw new IllegalArgumentException(
          "'"
              + text
              + "' is not an IP address (host names are not allowed; write an IPv4 or"
              + " IPv6 literal)");
    }
    return unmap(bytes);
  }

  /** The address bytes of {@code address}, IPv4-mapped IPv6 turned into IPv4. */
  public static byte[] normalize(InetAddress address) {
    return unmap(address.getAddress());
  }

  /** Whether these 16 bytes are an IPv4-mapped IPv6 address ({@code ::ffff:a.b.c.d}). */
  static boolean isMapped(byte[] b) {
    if (b.length != 16) {
      return false;
    }
    for (int i = 0; i < 10; i++) {
      if (b[i] != 0) {
        return false;
      }
    }
    return b[10] == (byte) 0xff && b[11] == (byte) 0xff;
  }

  /** The bytes with an IPv4-mapped IPv6 address turned into its 4 IPv4 bytes. */
  static byte[] normalizeBytes(byte[] b) {
    return unmap(b);
  }

  private static byte[] unmap(byte[] b) {
    return isMapped(b) ? Arrays.copyOfRange(b, 12, 16) : b;
  }

  private static InetAddress toInetAddress(byte[] bytes) {
    try {
      return bytes.length == 16
          ? Inet6Address.getByAddress(null, bytes, -1)
          : InetAddress.getByAddress(bytes);
    } catch (UnknownHostException e) {
      throw new IllegalStateException("address of " + bytes.length + " bytes", e);
    }
  }

  /** Four decimal octets 0..255, no leading zeros, no signs; null when not that. */
  static byte[] parseV4(String t) {
    byte[] out = new byte[4];
    int part = 0;
    int i = 0;
    int n = t.length();
    while (part < 4) {
      int start = i;
      int value = 0;
      while (i < n && i - start < 4 && t.charAt(i) >= '0' && t.charAt(i) <= '9') {
        value = value * 10 + (t.charAt(i) - '0');
        i++;
      }
      int digits = i - start;
      if (digits == 0 || digits > 3 || value > 255 || (digits > 1 && t.charAt(start) == '0')) {
        return null;
      }
      out[part++] = (byte) value;
      if (part < 4) {
        if (i >= n || t.charAt(i) != '.') {
          return null;
        }
        i++;
      }
    }
    return i == n ? out : null;
  }

  /** RFC 4291 section 2.2 text forms, no zone id; null when not that. */
  static byte[] parseV6(String t) {
    for (int i = 0; i < t.length(); i++) {
      char c = t.charAt(i);
      boolean ok = c == ':' || c == '.' || Character.digit(c, 16) >= 0;
      if (!ok) {
        return null;
      }
    }
    int gap = t.indexOf("::");
    if (gap >= 0 && t.indexOf("::", gap + 1) >= 0) {
      return null;
    }
    String head = gap >= 0 ? t.substring(0, gap) : t;
    String tail = gap >= 0 ? t.substring(gap + 2) : "";
    int[] headGroups = groups(head, gap < 0);
    int[] tailGroups = gap >= 0 ? groups(tail, true) : new int[0];
    if (headGroups == null || tailGroups == null) {
      return null;
    }
    int total = headGroups.length + tailGroups.length;
    if (gap >= 0 ? total > 7 : total != 8) {
      return null;
    }
    byte[] out = new byte[16];
    for (int g = 0; g < headGroups.length; g++) {
      out[2 * g] = (byte) (headGroups[g] >>> 8);
      out[2 * g + 1] = (byte) headGroups[g];
    }
    int offset = 8 - tailGroups.length;
    for (int g = 0; g < tailGroups.length; g++) {
      out[2 * (offset + g)] = (byte) (tailGroups[g] >>> 8);
      out[2 * (offset + g) + 1] = (byte) tailGroups[g];
    }
    return out;
  }

  /**
   * Colon-separated 16-bit groups; the last one may be a dotted IPv4 address when {@code
   * lastMayBeV4} (it then counts as two groups). Null when malformed.
   */
  private static int[] groups(String s, boolean lastMayBeV4) {
    if (s.isEmpty()) {
      return new int[0];
    }
    String[] parts = s.split(":", -1);
    int[] out = new int[parts.length + 1];
    int k = 0;
    for (int p = 0; p < parts.length; p++) {
      String part = parts[p];
      if (part.indexOf('.') >= 0) {
        if (!lastMayBeV4 || p != parts.length - 1) {
          return null;
        }
        byte[] v4 = parseV4(part);
        if (v4 == null) {
          return null;
        }
        out[k++] = ((v4[0] & 0xff) << 8) | (v4[1] & 0xff);
        out[k++] = ((v4[2] & 0xff) << 8) | (v4[3] & 0xff);
        continue;
      }
      if (part.isEmpty() || part.length() > 4) {
        return null;
      }
      out[k++] = Integer.parseInt(part, 16);
    }
    return Arrays.copyOf(out, k);
  }
}
