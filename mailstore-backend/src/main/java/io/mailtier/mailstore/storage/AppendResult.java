package io.mailtier.mailstore.storage;

/** Where an appended message went (RFC 4315 APPENDUID data and its modseq). */
public record AppendResult(long uidValidity, long uid, long modseq) {}
