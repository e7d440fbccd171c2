package io.mailtier.frontend.imap.handle;

import io.mailtier.frontend.imap.response.ImapResponse;
import io.mailtier.frontend.imap.session.SessionState;
import io.vertx.core.Future;
import java.util.List;

/**
 * What a handler produced: the responses to send, the session's next state (null = unchanged) and,
 * for a command that waits for more client data (AUTHENTICATE), what to do with the next line; and
 * whether the transport must start TLS once the responses are written (STARTTLS).
 */
public record Outcome(
    List<ImapResponse> responses, SessionState next, Continuation continuation, boolean startTls) {
  public Outcome {
    responses = List.copyOf(responses);
  }

  public Outcome(List<ImapResponse> responses, SessionState next, Continuation continuation) {
    this(responses, next, continuation, false);
  }

  /** Responses, a new state, then the TLS handshake. */
  public static Outcome startTls(SessionState next, List<? extends ImapResponse> responses) {
    return new Outcome(List.copyOf(responses), next, null, true);
  }

  /** Responses, state unchanged. */
  public static Outcome of(ImapResponse... responses) {
    return new Outcome(List.of(responses), null, null);
  }

  /** Responses and a new state. */
  public static Outcome of(SessionState next, List<? extends ImapResponse> responses) {
    return new Outcome(List.copyOf(responses), next, null);
  }

  public static Future<Outcome> now(ImapResponse... responses) {
    return Future.succeededFuture(of(responses));
  }

  /** Receives the next line the client sends (the response to a continuation request). */
  @FunctionalInterface
  public interface Continuation {
    Future<Outcome> resume(String line);
  }
}
