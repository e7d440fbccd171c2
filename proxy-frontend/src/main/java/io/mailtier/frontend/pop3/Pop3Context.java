package io.mailtier.frontend.pop3;

import io.mailtier.frontend.auth.Authenticator;
import io.mailtier.frontend.backend.MailstoreClient;
import io.mailtier.frontend.metrics.Pop3Metrics;
import io.mailtier.frontend.pop3.lock.MaildropLocks;

/**
 * What a POP3 session works with.
 *
 * @param sessionId the session's id in logs
 * @param clientIp the client's address (after a PROXY header)
 */
public record Pop3Context(
    String sessionId,
    String clientIp,
    MailstoreClient mailstore,
    Authenticator authenticator,
    MaildropLocks locks,
    Pop3Metrics metrics) {}
