package io.mailtier.mailstore.storage;

/** The special-use attribute of a folder (RFC 6154). */
public enum SpecialUse {
  NONE,
  SENT,
  DRAFTS,
  TRASH,
  JUNK,
  ARCHIVE,
  ALL,
  FLAGGED
}
