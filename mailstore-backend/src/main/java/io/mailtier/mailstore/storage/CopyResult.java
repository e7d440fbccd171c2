package io.mailtier.mailstore.storage;

import java.util.List;

/**
 * The outcome of a copy or move (RFC 4315 COPYUID data).
 *
 * @param sourceUids the source UIDs copied or moved, ascending
 * @param destinationUids the new UIDs, in the order of {@code sourceUids}
 * @param sourceHighestModseq the source folder's highest modseq afterwards (changed by a move)
 */
public record CopyResult(
    long destinationUidValidity,
    List<Long> sourceUids,
    List<Long> destinationUids,
    long destinationHighestModseq,
    long sourceHighestModseq) {}
