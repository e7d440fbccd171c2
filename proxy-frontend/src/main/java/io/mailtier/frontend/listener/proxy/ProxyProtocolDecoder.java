package io.mailtier.frontend.listener.proxy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * An incremental decoder of the PROXY protocol header (haproxy's proxy-protocol.txt, versions 1 and
 * 2) at the start of one connection. Feed the bytes as they arrive; the answer is {@link
 * ProxyDecodeResult.NeedMore}, {@link ProxyDecodeResult.Parsed} or {@link
 * ProxyDecodeResult.Malformed}. It holds at most one header's worth of bytes ({@value #V1_MAX} for
 * v1, 16 + the v2 payload limit for v2), so a slow or huge header cannot hold more memory; the
 * transport still needs a deadline for the header to arrive.
 *
 * <p>v1: {@code PROXY TCP4|TCP6 src dst sport dport\r\n} or {@code PROXY UNKNOWN ...\r\n}, single
 * spaces, literal addresses of the stated family, decimal ports 0..65535 without leading zeros. v2:
 * the 12-byte signature, version 2, command LOCAL or PROXY, family UNSPEC, INET or INET6 over
 * STREAM, the length, the addresses, then TLVs, which are checked for structure and skipped.
 *
 * <p>One decoder per connection; not thread-safe (a connection's bytes arrive on one thread).
 */
public final class ProxyProtocolDecoder {
  /** The longest v1 header, CRLF included. */
  public static final int V1_MAX = 107;

  /** The default limit of a v2 header's payload (addresses and TLVs). */
  public static final int DEFAULT_V2_MAX_PAYLOAD = 1024;

  private static final byte[] V1_PREFIX = "PROXY ".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] V2_SIGNATURE = {
    0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A
  };
  private static final int V2_FIXED = 16;

  private final ProxyProtocolMode mode;
  private final int v2MaxPayload;
  private byte[] buffer = new byte[0];
  private boolean done;

  public ProxyProtocolDecoder(ProxyProtocolMode mode) {
    this(mode, DEFAULT_V2_MAX_PAYLOAD);
  }

  /**
   * @param v2MaxPayload the largest v2 payload accepted (at least 216, the largest address block)
   */
  public ProxyProtocolDecoder(ProxyProtocolMode mode, int v2MaxPayload) {
    this.mode = Objects.requireNonNull(mode, "mode");
    if (v2MaxPayload < 216 || v2MaxPayload > 65535) {
      throw new IllegalArgumentException("v2MaxPayload must be 216..65535, was " + v2MaxPayload);
    }
    this.v2MaxPayload = v2MaxPayload;
  }

  /** Feeds all of {@code bytes}. */
  public ProxyDecodeResult feed(byte[] bytes) {
    return feed(bytes, 0, bytes.length);
  }

  /**
   * Feeds {@code length} bytes from {@code offset}.
   *
   * @throws IllegalStateException after a {@code Parsed} or {@code Malformed} answer
   */
  public ProxyDecodeResult feed(byte[] bytes, int offset, int length) {
    Objects.checkFromIndexSize(offset, length, bytes.length);
    if (done) {
      throw new IllegalStateException("the header has already been decoded");
    }
    byte[] data = new byte[buffer.length + length];
    System.arraycopy(buffer, 0, data, 0, buffer.length);
    System.arraycopy(bytes, offset, data, buffer.length, length);
    ProxyDecodeResult result = decode(data);
    if (result instanceof ProxyDecodeResult.NeedMore) {
      buffer = data; // decode() refuses anything longer than one header, so this stays bounded
    } else {
      done = true;
      buffer = new byte[0];
    }
    return result;
  }

  private ProxyDecodeResult decode(byte[] data) {
    if (mode == ProxyProtocolMode.OFF) {
      return parsed(new ProxyHeader.Absent(), 0, data);
    }
    if (data.length == 0) {
      return new ProxyDecodeResult.NeedMore();
    }
    boolean v1 = startsLike(data, V1_PREFIX);
    boolean v2 = startsLike(data, V2_SIGNATURE);
    switch (mode) {
      case V1 -> {
        if (!v1) {
          return malformed("not a PROXY protocol v1 header (it must start with 'PROXY ')");
        }
      }
      case V2 -> {
        if (!v2) {
          return malformed("not a PROXY protocol v2 header (bad signature)");
        }
      }
      case OPTIONAL -> {
        if (!v1 && !v2) {
          return parsed(new ProxyHeader.Absent(), 0, data);
        }
      }
      case OFF -> throw new IllegalStateException();
    }
    if (v1) {
      return data.length < V1_PREFIX.length ? new ProxyDecodeResult.NeedMore() : decodeV1(data);
    }
    return data.length < V2_FIXED ? new ProxyDecodeResult.NeedMore() : decodeV2(data);
  }

  /** Whether {@code data} starts with {@code prefix}, as far as both go. */
  private static boolean startsLike(byte[] data, byte[] prefix) {
    int n = Math.min(data.length, prefix.length);
    return Arrays.equals(data, 0, n, prefix, 0, n);
  }

  private ProxyDecodeResult decodeV1(byte[] data) {
    int limit = Math.min(data.length, V1_MAX);
    for (int i = 0; i < limit; i++) {
      byte b = data[i];
      if (b == '\r') {
        if (i + 1 >= data.length) {
          return new ProxyDecodeResult.NeedMore();
        }
        if (data[i + 1] != '\n' || i + 2 > V1_MAX) {
          return malformed("v1 header: CR not followed by LF within " + V1_MAX + " bytes");
        }
        String line = new String(data, 0, i, StandardCharsets.US_ASCII);
        return parseV1Line(line, i + 2, data);
      }
      if (b == '\n') {
        return malformed("v1 header: line ends with LF, not CRLF");
      }
      if (b < 0x20 || b > 0x7e) {
        return malformed("v1 header: byte 0x" + Integer.toHexString(b & 0xff) + " at " + i);
      }
    }
    if (data.length >= V1_MAX) {
      return malformed("v1 header: no CRLF within " + V1_MAX + " bytes");
    }
    return new ProxyDecodeResult.NeedMore();
  }

  private ProxyDecodeResult parseV1Line(String line, int length, byte[] data) {
    String[] parts = line.split(" ", -1);
    if (parts.length >= 2 && parts[1].equals("UNKNOWN")) {
      return parsed(new ProxyHeader.Local(1), length, data);
    }
    if (parts.length < 2 || !(parts[1].equals("TCP4") || parts[1].equals("TCP6"))) {
      return malformed("v1 header: protocol must be TCP4, TCP6 or UNKNOWN");
    }
    if (parts.length != 6) {
      return malformed("v1 header: expected 'PROXY " + parts[1] + " src dst sport dport'");
    }
    boolean v4 = parts[1].equals("TCP4");
    byte[] src = v4 ? V1Literals.v4(parts[2]) : V1Literals.v6(parts[2]);
    byte[] dst = v4 ? V1Literals.v4(parts[3]) : V1Literals.v6(parts[3]);
    if (src == null || dst == null) {
      return malformed("v1 header: bad " + (v4 ? "IPv4" : "IPv6") + " address");
    }
    int sport = V1Literals.port(parts[4]);
    int dport = V1Literals.port(parts[5]);
    if (sport < 0 || dport < 0) {
      return malformed("v1 header: bad port (decimal 0..65535, no leading zeros)");
    }
    return parsed(new ProxyHeader.Proxied(1, socket(src, sport), socket(dst, dport)), length, data);
  }

  private ProxyDecodeResult decodeV2(byte[] data) {
    int versionCommand = data[12] & 0xff;
    if (versionCommand >>> 4 != 2) {
      return malformed("v2 header: version " + (versionCommand >>> 4) + ", expected 2");
    }
    int command = versionCommand & 0x0f;
    if (command > 1) {
      return malformed("v2 header: unknown command " + command);
    }
    int family = (data[13] & 0xff) >>> 4;
    int transport = data[13] & 0x0f;
    int payload = ((data[14] & 0xff) << 8) | (data[15] & 0xff);
    if (payload > v2MaxPayload) {
      return malformed("v2 header: length " + payload + " is over the limit of " + v2MaxPayload);
    }
    int total = V2_FIXED + payload;
    if (data.length < total) {
      return new ProxyDecodeResult.NeedMore();
    }
    if (command == 0 || family == 0) {
      return parsed(new ProxyHeader.Local(2), total, data); // LOCAL, or PROXY with AF_UNSPEC
    }
    if (transport != 1) {
      return malformed("v2 header: transport " + transport + " is not STREAM");
    }
    int addressLength =
        switch (family) {
          case 1 -> 12;
          case 2 -> 36;
          default -> -1;
        };
    if (addressLength < 0) {
      return malformed("v2 header: address family " + family + " is not INET or INET6");
    }
    if (payload < addressLength) {
      return malformed(
          "v2 header: length "
              + payload
              + " is too short for the addresses ("
              + addressLength
              + ")");
    }
    String tlvProblem = checkTlvs(data, V2_FIXED + addressLength, total);
    if (tlvProblem != null) {
      return malformed("v2 header: " + tlvProblem);
    }
    int size = family == 1 ? 4 : 16;
    byte[] src = Arrays.copyOfRange(data, V2_FIXED, V2_FIXED + size);
    byte[] dst = Arrays.copyOfRange(data, V2_FIXED + size, V2_FIXED + 2 * size);
    int ports = V2_FIXED + 2 * size;
    int sport = ((data[ports] & 0xff) << 8) | (data[ports + 1] & 0xff);
    int dport = ((data[ports + 2] & 0xff) << 8) | (data[ports + 3] & 0xff);
    return parsed(new ProxyHeader.Proxied(2, socket(src, sport), socket(dst, dport)), total, data);
  }

  /** Checks that the TLVs between {@code from} and {@code to} fit exactly; null when they do. */
  private static String checkTlvs(byte[] data, int from, int to) {
    int i = from;
    while (i < to) {
      if (to - i < 3) {
        return "truncated TLV at offset " + i;
      }
      int length = ((data[i + 1] & 0xff) << 8) | (data[i + 2] & 0xff);
      i += 3 + length;
      if (i > to) {
        return "TLV at offset " + (i - 3 - length) + " runs past the header";
      }
    }
    return null;
  }

  private static InetSocketAddress socket(byte[] address, int port) {
    try {
      return new InetSocketAddress(InetAddress.getByAddress(address), port);
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  private static ProxyDecodeResult parsed(ProxyHeader header, int length, byte[] data) {
    return new ProxyDecodeResult.Parsed(
        header, length, Arrays.copyOfRange(data, length, data.length));
  }

  private static ProxyDecodeResult malformed(String reason) {
    return new ProxyDecodeResult.Malformed(reason);
  }
}
