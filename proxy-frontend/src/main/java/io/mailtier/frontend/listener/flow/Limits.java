package io.mailtier.frontend.listener.flow;

import java.util.List;

/**
 * The limits one connection is subject to, in the order they are checked: the matching allow rule's
 * (if any), then the listener's. A connection is admitted only when every one admits it.
 */
public record Limits(List<ScopedLimit> scopes) {
  /** Nothing to check. */
  public static final Limits NONE = new Limits(List.of());

  public Limits {
    scopes = List.copyOf(scopes);
  }

  /** Limits made of these scopes, in this order. */
  public static Limits of(ScopedLimit... scopes) {
    return new Limits(List.of(scopes));
  }
}
