package io.mailtier.mailstore.storage;

import java.util.List;

/** A selected folder: status, ascending UIDs, flags in use, first unseen UID (0 = none). */
public record Selection(
    FolderStatus status,
    List<Long> uids,
    List<String> flags,
    long firstUnseenUid,
    SpecialUse specialUse) {}
