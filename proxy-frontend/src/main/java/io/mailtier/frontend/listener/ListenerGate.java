package io.mailtier.frontend.listener;

import io.mailtier.frontend.listener.flow.Admission;
import io.mailtier.frontend.listener.flow.ConnectionLimiter;
import io.mailtier.frontend.listener.rules.AccessPolicy;
import io.mailtier.frontend.listener.rules.Decision;
import java.net.InetAddress;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * What the transport calls for each accepted socket, once the client address is known (after the
 * PROXY protocol header, if any): the access rules, then the limits. A refusal means "close now,
 * send nothing"; a grant carries a permit to release when the connection closes.
 *
 * @param listenerId the listener's address ({@code 0.0.0.0:993}), the name of its counters
 */
public record ListenerGate(String listenerId, AccessPolicy policy, ConnectionLimiter limiter) {
  public ListenerGate {
    Objects.requireNonNull(listenerId, "listenerId");
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(limiter, "limiter");
  }

  /** Decides on a connection from {@code client}. */
  public CompletionStage<Admission> admit(InetAddress client) {
    return switch (policy.decide(client)) {
      case Decision.Refused r ->
          CompletableFuture.completedFuture(
              new Admission.Refused(Admission.Reason.RULE, r.rule().name(), r.rule().toString()));
      case Decision.Accepted a -> limiter.tryAcquire(listenerId, client, a.limits());
    };
  }
}
