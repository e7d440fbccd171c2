package io.mailtier.frontend.routing;

import java.util.Objects;

/**
 * Where an account lives: its canonical name and the back-end that owns it.
 *
 * @param account the canonical account name, a lower-case address such as {@code
 *     alice@example.test}
 * @param backend the back-end's name, the {@code mailHost} value (e.g. {@code
 *     mailstore-1.example.test}); the node directory turns it into a gRPC address
 */
public record Route(String account, String backend) {
  public Route {
    Objects.requireNonNull(account, "account");
    Objects.requireNonNull(backend, "backend");
    if (backend.isBlank()) {
      throw new IllegalArgumentException("backend must not be blank");
    }
  }
}
