package io.mailtier.mailstore.storage;

import java.time.Instant;
import java.util.Set;

/**
 * The metadata of one message in a folder.
 *
 * @param contentId the identity of the stored content (the SHA-256 of the bytes, in hex)
 */
public record StoredMessage(
    long uid, Set<String> flags, long modseq, Instant internalDate, long size, String contentId) {}
