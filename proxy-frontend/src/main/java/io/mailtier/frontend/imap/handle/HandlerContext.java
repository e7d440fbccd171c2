package io.mailtier.frontend.imap.handle;

import io.mailtier.frontend.auth.Authenticator;
import io.mailtier.frontend.backend.MailstoreClient;
import io.mailtier.frontend.metrics.FrontendMetrics;

/**
 * What handlers may use: the session's identity for logs, the MailStore client, the authenticator,
 * the metrics.
 */
public record HandlerContext(
    String sessionId,
    String clientIp,
    MailstoreClient mailstore,
    Authenticator authenticator,
    FrontendMetrics metrics) {}
