package io.mailtier.frontend.backend;

import io.grpc.ClientInterceptor;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import java.util.Objects;

/**
 * Where a session comes from, as the front-end passes it to the node on every call of the session
 * (gRPC metadata, in the spirit of the IMAP ID {@code x-originating-ip} convention): the client's
 * real IP and port (after the PROXY protocol header, if any) and the front-end's session id, so the
 * node's log lines can be matched with the front-end's.
 */
public record SessionOrigin(String clientIp, int clientPort, String sessionId) {
  /** The client's IP address. */
  public static final Metadata.Key<String> IP =
      Metadata.Key.of("x-originating-ip", Metadata.ASCII_STRING_MARSHALLER);

  /** The client's TCP port. */
  public static final Metadata.Key<String> PORT =
      Metadata.Key.of("x-originating-port", Metadata.ASCII_STRING_MARSHALLER);

  /** The front-end's session id. */
  public static final Metadata.Key<String> SESSION =
      Metadata.Key.of("x-session-id", Metadata.ASCII_STRING_MARSHALLER);

  public SessionOrigin {
    Objects.requireNonNull(clientIp, "clientIp");
    Objects.requireNonNull(sessionId, "sessionId");
  }

  /** The metadata of every call. */
  public Metadata metadata() {
    Metadata m = new Metadata();
    m.put(IP, clientIp);
    m.put(PORT, Integer.toString(clientPort));
    m.put(SESSION, sessionId);
    return m;
  }

  /** An interceptor that attaches {@link #metadata()} to every call. */
  public ClientInterceptor interceptor() {
    return MetadataUtils.newAttachHeadersInterceptor(metadata());
  }
}
