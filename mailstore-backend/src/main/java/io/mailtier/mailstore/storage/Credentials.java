package io.mailtier.mailstore.storage;

/**
 * What authentication needs of an account.
 *
 * @param passwordHash the PHC string, or null when the account has no node-side password
 */
public record Credentials(String account, String passwordHash, boolean enabled) {}
