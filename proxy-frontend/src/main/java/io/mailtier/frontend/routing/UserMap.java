package io.mailtier.frontend.routing;

import java.util.Optional;

/**
 * A user map: resolves an account to the back-end that owns it. Implementations may block (LDAP):
 * call them from a worker thread, never from an event loop.
 */
public interface UserMap extends AutoCloseable {
  /**
   * Finds the route of an account.
   *
   * @param account the canonical account name (lower-case address)
   * @return the route, or empty when the map has no entry for the account
   * @throws DirectoryUnavailableException when the directory cannot answer now (a temporary
   *     failure, not "no entry")
   */
  Optional<Route> lookup(String account) throws DirectoryUnavailableException;

  @Override
  void close();
}
