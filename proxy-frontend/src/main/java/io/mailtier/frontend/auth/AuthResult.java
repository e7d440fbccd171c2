package io.mailtier.frontend.auth;

import io.mailtier.frontend.routing.Route;

/** The outcome of an authentication. */
public sealed interface AuthResult {
  /** The credentials are right; the account is served by the route's back-end. */
  record Success(Route route) implements AuthResult {}

  /** Unknown account, wrong password, no route: deliberately not distinguished. */
  record Rejected() implements AuthResult {}

  /**
   * The account or the client IP is locked after too many failures (ADR 0011); the client is told
   * exactly what a wrong password gets, and the directory was not asked.
   */
  record LockedOut() implements AuthResult {}

  /** The directory or the node could not answer now: a temporary failure. */
  record Unavailable(String reason) implements AuthResult {}
}
