package io.mailtier.mailstore.storage;

/** The status of a folder (IMAP STATUS / SELECT data). */
public record FolderStatus(
    long uidValidity,
    long uidNext,
    long highestModseq,
    int messages,
    int unseen,
    long size,
    int deleted) {}
