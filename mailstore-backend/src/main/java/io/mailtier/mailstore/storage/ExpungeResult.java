package io.mailtier.mailstore.storage;

import java.util.List;

/** The UIDs removed, ascending, and the folder's highest modseq afterwards. */
public record ExpungeResult(List<Long> expunged, long highestModseq) {}
