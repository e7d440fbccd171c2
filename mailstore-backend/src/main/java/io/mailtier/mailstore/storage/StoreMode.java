package io.mailtier.mailstore.storage;

/** How a flag change applies. */
public enum StoreMode {
  ADD,
  REMOVE,
  REPLACE
}
