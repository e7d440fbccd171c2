package io.mailtier.mailstore.grpc;

import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Reads the session origin a front-end attaches to its calls ({@code x-originating-ip}, {@code
 * x-originating-port}, {@code x-session-id}) and makes it part of every log line written while the
 * call runs (MDC key {@value #MDC_KEY}), and logs each call at DEBUG. The values come from the
 * network: each is checked against a narrow character set and length, else left out.
 */
public final class OriginInterceptor implements ServerInterceptor {
  /** The MDC key the node's log pattern prints. */
  public static final String MDC_KEY = "origin";

  static final Metadata.Key<String> IP =
      Metadata.Key.of("x-originating-ip", Metadata.ASCII_STRING_MARSHALLER);
  static final Metadata.Key<String> PORT =
      Metadata.Key.of("x-originating-port", Metadata.ASCII_STRING_MARSHALLER);
  static final Metadata.Key<String> SESSION =
      Metadata.Key.of("x-session-id", Metadata.ASCII_STRING_MARSHALLER);

  private static final Logger log = LoggerFactory.getLogger(OriginInterceptor.class);

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    String origin = origin(headers);
    if (origin == null) {
      return next.startCall(call, headers);
    }
    if (log.isDebugEnabled()) {
      log.debug("call {}{}", call.getMethodDescriptor().getBareMethodName(), origin);
    }
    ServerCall.Listener<Q> delegate = withOrigin(origin, () -> next.startCall(call, headers));
    return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(delegate) {
      @Override
      public void onMessage(Q message) {
        withOrigin(origin, () -> super.onMessage(message));
      }

      @Override
      public void onHalfClose() {
        withOrigin(origin, super::onHalfClose);
      }

      @Override
      public void onCancel() {
        withOrigin(origin, super::onCancel);
      }

      @Override
      public void onComplete() {
        withOrigin(origin, super::onComplete);
      }

      @Override
      public void onReady() {
        withOrigin(origin, super::onReady);
      }
    };
  }

  /** {@code " [session S client IP:PORT]"}, or null when the call carries no valid origin. */
  static String origin(Metadata headers) {
    String ip = checked(headers.get(IP), 45, "0123456789abcdefABCDEF.:");
    String port = checked(headers.get(PORT), 5, "0123456789");
    String session = checked(headers.get(SESSION), 64, null);
    if (ip == null && session == null) {
      return null;
    }
    StringBuilder sb = new StringBuilder(" [");
    if (session != null) {
      sb.append("session ").append(session);
    }
    if (ip != null) {
      sb.append(session != null ? " " : "").append("client ").append(ip);
      if (port != null) {
        sb.append(ip.indexOf(':') >= 0 ? " port " : ":").append(port);
      }
    }
    return sb.append(']').toString();
  }

  private static String checked(String value, int maxLength, String allowed) {
    if (value == null || value.isEmpty() || value.length() > maxLength) {
      return null;
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      boolean ok =
          allowed != null
              ? allowed.indexOf(c) >= 0
              : (c >= 'a' && c <= 'z')
                  || (c >= 'A' && c <= 'Z')
                  || (c >= '0' && c <= '9')
                  || c == '-'
                  || c == '.'
                  || c == '_';
      if (!ok) {
        return null;
      }
    }
    return value;
  }

  private static void withOrigin(String origin, Runnable action) {
    withOrigin(
        origin,
        () -> {
          action.run();
          return null;
        });
  }

  private static <T> T withOrigin(String origin, java.util.function.Supplier<T> action) {
    String previous = MDC.get(MDC_KEY);
    MDC.put(MDC_KEY, origin);
    try {
      return action.get();
    } finally {
      if (previous == null) {
        MDC.remove(MDC_KEY);
      } else {
        MDC.put(MDC_KEY, previous);
      }
    }
  }
}
