package io.mailtier.frontend.routing;

/** The directory behind a user map cannot answer now; the client gets a temporary error. */
public final class DirectoryUnavailableException extends Exception {
  public DirectoryUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
