package io.mailtier.frontend.listener.proxy;

import java.net.InetSocketAddress;
import java.util.Objects;

/** What a PROXY protocol header said about the connection. */
public sealed interface ProxyHeader {

  /**
   * The proxy relayed a client connection: rules, limits and logs use {@code source}.
   *
   * @param version 1 or 2
   * @param source the original client address and port
   * @param destination the address and port the client connected to (on the proxy)
   */
  record Proxied(int version, InetSocketAddress source, InetSocketAddress destination)
      implements ProxyHeader {
    public Proxied {
      Objects.requireNonNull(source, "source");
      Objects.requireNonNull(destination, "destination");
    }
  }

  /**
   * A header without a client address: v2 {@code LOCAL} (the proxy's own health check), v2 with an
   * unspecified family, or v1 {@code UNKNOWN}. Keep the socket's own addresses.
   */
  record Local(int version) implements ProxyHeader {}

  /** No header was sent (mode {@code optional}) or expected (mode {@code off}). */
  record Absent() implements ProxyHeader {}
}
