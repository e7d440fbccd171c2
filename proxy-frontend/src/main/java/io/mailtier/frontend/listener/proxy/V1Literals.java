package io.mailtier.frontend.listener.proxy;

import io.mailtier.frontend.listener.IpLiterals;

/** The address and port tokens of a v1 header. */
final class V1Literals {
  private V1Literals() {}

  /** A dotted IPv4 literal, or null. */
  static byte[] v4(String text) {
    if (text.indexOf(':') >= 0) {
      return null;
    }
    return bytes(text, 4);
  }

  /** An IPv6 literal (an IPv4-mapped one gives the IPv4 address), or null. */
  static byte[] v6(String text) {
    if (text.indexOf(':') < 0) {
      return null;
    }
    return bytes(text, 0);
  }

  private static byte[] bytes(String text, int requiredLength) {
    try {
      byte[] b = IpLiterals.parseBytes(text);
      return requiredLength == 0 || b.length == requiredLength ? b : null;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** A decimal port 0..65535 without sign or leading zeros, or -1. */
  static int port(String text) {
    if (!text.matches("0|[1-9][0-9]{0,4}")) {
      return -1;
    }
    int p = Integer.parseInt(text);
    return p <= 65535 ? p : -1;
  }
}
