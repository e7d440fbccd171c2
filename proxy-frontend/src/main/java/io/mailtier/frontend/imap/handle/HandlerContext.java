package io.mailtier.frontend.imap.handle;

import io.mailtier.frontend.auth.Authenticator;
import io.mailtier.frontend.backend.MailstoreClient;
import io.mailtier.frontend.imap.session.SessionOptions;
import io.mailtier.frontend.metrics.FrontendMetrics;

/**
 * What handlers may use: the session's identity for logs, the MailStore client, the authenticator,
 * the metrics.
 *
 * @param sessionId the log prefix of the session (it includes the client IP)
 * @param clientIp the original client IP (after the PROXY protocol header, if any)
 * @param listener the listener the session came through (its configured address)
 * @param options what the session negotiated (ENABLE, ID)
 */
public record HandlerContext(
    String sessionId,
    String clientIp,
    MailstoreClient mailstore,
    Authenticator authenticator,
    FrontendMetrics metrics,
    String listener,
    SessionOptions options) {}
