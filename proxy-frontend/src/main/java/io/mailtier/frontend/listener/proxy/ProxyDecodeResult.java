package io.mailtier.frontend.listener.proxy;

import java.util.Objects;

/** The state of a {@link ProxyProtocolDecoder} after the bytes fed so far. */
public sealed interface ProxyDecodeResult {

  /** The header is not complete yet: feed more bytes (and keep a deadline on the connection). */
  record NeedMore() implements ProxyDecodeResult {}

  /**
   * The header is complete.
   *
   * @param header what it said
   * @param consumed the header's length in bytes (0 when absent)
   * @param remainder the bytes fed after the header: the start of the client's protocol data, which
   *     the transport must process as if just received
   */
  record Parsed(ProxyHeader header, int consumed, byte[] remainder) implements ProxyDecodeResult {
    public Parsed {
      Objects.requireNonNull(header, "header");
      Objects.requireNonNull(remainder, "remainder");
    }
  }

  /** Not a valid header: close the connection without sending anything. */
  record Malformed(String reason) implements ProxyDecodeResult {
    public Malformed {
      Objects.requireNonNull(reason, "reason");
    }
  }
}
