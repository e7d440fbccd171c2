package io.mailtier.mailstore.storage;

import java.time.Instant;

/**
 * An account with its quota limits (0 = unlimited) and usage.
 *
 * @param name the canonical, lower-case name
 */
public record Account(
    String name,
    String displayName,
    boolean enabled,
    long quotaBytes,
    long quotaMessages,
    long bytesUsed,
    long messagesUsed,
    Instant createdAt) {}
