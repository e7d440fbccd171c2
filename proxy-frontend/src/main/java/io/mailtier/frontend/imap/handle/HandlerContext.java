package io.mailtier.frontend.imap.handle;

import io.mailtier.frontend.auth.Authenticator;
import io.mailtier.frontend.backend.MailstoreClient;
import io.mailtier.frontend.imap.session.SessionOptions;
import io.mailtier.frontend.imap.session.SessionUpdates;
import io.mailtier.frontend.metrics.FrontendMetrics;

/**
 * What handlers may use: the session's identity for logs, the MailStore client, the authenticator,
 * the metrics.
 *
 * @param sessionId the log prefix of the session (it includes the client IP)
 * @param clientIp the original client IP (after the PROXY protocol header, if any)
 * @param listener the listener the session came through (its configured address)
 * @param updates the changes to the selected mailbox made elsewhere, waiting to be announced
 * @param options what the session negotiated (ENABLE, ID)
 */
public record HandlerContext(
    String sessionId,
    String clientIp,
    MailstoreClient mailstore,
    Authenticator authenticator,
    FrontendMetrics metrics,
    String listener,
    SessionUpdates updates,
    SessionOptions options) {
  /** A context whose sessions hear of no change made elsewhere (NOOP polls the node). */
  public HandlerContext(
      String sessionId,
      String clientIp,
      MailstoreClient mailstore,
      Authenticator authenticator,
      FrontendMetrics metrics,
      String listener) {
    this(
        sessionId,
        clientIp,
        mailstore,
        authenticator,
        metrics,
        listener,
        SessionUpdates.none(),
        new SessionOptions());
  }
}
