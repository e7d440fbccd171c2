package io.mailtier.frontend.routing;

import java.util.Optional;

/**
 * A user map that can also check a user's password: the LDAP types ({@code ldap-password} compares
 * against the entry's password attribute, {@code ldap-bind} binds as the entry). Used when the
 * front-end authenticates at the proxy.
 */
public interface CredentialCheckingUserMap extends UserMap {
  /**
   * Checks the credentials and returns the route of the account they belong to.
   *
   * @param account the canonical account name (lower-case address)
   * @param password the password offered by the client
   * @return the route when the credentials are right; empty when the account is unknown or the
   *     password is wrong (deliberately not distinguished)
   * @throws DirectoryUnavailableException when the directory cannot answer now
   */
  Optional<Route> authenticate(String account, String password)
      throws DirectoryUnavailableException;
}
