package io.mailtier.mailstore.storage;

/** A folder of an account. */
public record Folder(String name, SpecialUse specialUse, boolean subscribed, boolean hasChildren) {}
