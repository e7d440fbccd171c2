package io.mailtier.frontend.listener.flow;

import io.mailtier.frontend.listener.IpLiterals;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * The admission algorithm shared by both limiters: turn {@link Limits} into an ordered list of
 * counter checks, take them one after the other, and undo the taken ones when a later one refuses.
 * Subclasses provide the four counter primitives, each atomic on one key.
 */
abstract sealed class CountingLimiter implements ConnectionLimiter
    permits LocalConnectionLimiter, HazelcastConnectionLimiter {

  /** The key part that stands for "all clients" (no IP text contains it). */
  static final String ALL = "*";

  private final Clock clock;

  CountingLimiter(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Takes one open-connection slot under {@code key} if fewer than {@code limit} are taken. */
  abstract CompletionStage<Boolean> takeOpen(String key, int limit);

  /** Gives back one open-connection slot taken under {@code key}. */
  abstract CompletionStage<Void> giveOpen(String key);

  /**
   * Counts one new connection under {@code key}; answers the window it was counted in, or -1 when
   * the rate limit refuses it.
   */
  abstract CompletionStage<Long> countNew(String key, long now, long intervalMillis, int limit);

  /** Takes back a new connection counted in window {@code window} (used on refusal only). */
  abstract CompletionStage<Void> uncountNew(String key, long window);

  private enum Kind {
    OPEN,
    RATE
  }

  private record Check(
      Admission.Reason reason, Kind kind, String scope, String key, int limit, long intervalMs) {
    String detail() {
      return switch (reason) {
        case PER_IP -> "maxConnectionsPerIp " + limit;
        case TOTAL -> "maxConnections (for this client) " + limit;
        case PER_IP_RATE -> "maxNewConnectionsPerIp " + limit + " per " + intervalMs / 1000 + "s";
        case RATE -> "maxNewConnections " + limit + " per " + intervalMs / 1000 + "s";
        case RULE -> "rule";
      };
    }
  }

  @Override
  public final CompletionStage<Admission> tryAcquire(
      String listenerId, InetAddress clientIp, Limits limits) {
    Objects.requireNonNull(listenerId, "listenerId");
    Objects.requireNonNull(clientIp, "clientIp");
    Objects.requireNonNull(limits, "limits");
    String ip = ipKey(clientIp);
    List<Check> checks = new ArrayList<>();
    for (ScopedLimit s : limits.scopes()) {
      FlowControl fc = s.flowControl();
      boolean trusted = fc.isTrusted(clientIp);
      String base = listenerId + "|" + s.scope() + "|";
      long interval = fc.interval().toMillis();
      if (fc.maxConnectionsPerIp() > 0 && !trusted) {
        checks.add(
            new Check(
                Admission.Reason.PER_IP,
                Kind.OPEN,
                s.scope(),
                base + ip,
                fc.maxConnectionsPerIp(),
                0));
      }
      if (fc.maxNewConnectionsPerIp() > 0 && !trusted) {
        checks.add(
            new Check(
                Admission.Reason.PER_IP_RATE,
                Kind.RATE,
                s.scope(),
                base + ip,
                fc.maxNewConnectionsPerIp(),
                interval));
      }
      if (fc.maxConnections() > 0) {
        int limit = trusted ? fc.maxConnections() : fc.maxConnections() - fc.reservedForTrusted();
        checks.add(new Check(Admission.Reason.TOTAL, Kind.OPEN, s.scope(), base + ALL, limit, 0));
      }
      if (fc.maxNewConnections() > 0) {
        checks.add(
            new Check(
                Admission.Reason.RATE,
                Kind.RATE,
                s.scope(),
                base + ALL,
                fc.maxNewConnections(),
                interval));
      }
    }
    if (checks.isEmpty()) {
      return CompletableFuture.completedFuture(new Admission.Granted(Permit.nothingCounted()));
    }
    long now = clock.millis();
    return step(checks, 0, now, new ArrayList<>(), new ArrayList<>());
  }

  private CompletionStage<Admission> step(
      List<Check> checks,
      int i,
      long now,
      List<Supplier<CompletionStage<Void>>> undo,
      List<String> openKeys) {
    if (i == checks.size()) {
      List<String> keys = List.copyOf(openKeys);
      return CompletableFuture.completedFuture(
          new Admission.Granted(new Permit(() -> releaseAll(keys))));
    }
    Check c = checks.get(i);
    CompletionStage<Boolean> taken;
    if (c.kind() == Kind.OPEN) {
      taken =
          takeOpen(c.key(), c.limit())
              .thenApply(ok -> {
                if (ok) {
                  undo.add(() -> giveOpen(c.key()));
                  openKeys.add(c.key());
                }
                return ok;
              });
    } else {
      taken =
          countNew(c.key(), now, c.intervalMs(), c.limit())
              .thenApply(window -> {
                if (window >= 0) {
                  undo.add(() -> uncountNew(c.key(), window));
                }
                return window >= 0;
              });
    }
    return taken
        .<CompletionStage<Admission>>handle((ok, error) -> {
          if (error != null) {
            return undoAll(undo)
                .<Admission>handle((v, e) -> {
                  throw error instanceof RuntimeException re
                      ? re
                      : new IllegalStateException(error);
                });
          }
          if (!ok) {
            Admission refused = new Admission.Refused(c.reason(), c.scope(), c.detail());
            return undoAll(undo).handle((v, e) -> refused);
          }
          return step(checks, i + 1, now, undo, openKeys);
        })
        .thenCompose(s -> s);
  }

  /** Undoes what was taken; completes when every undo has (whether it worked or not). */
  private static CompletableFuture<Void> undoAll(List<Supplier<CompletionStage<Void>>> undo) {
    CompletableFuture<?>[] all = new CompletableFuture<?>[undo.size()];
    for (int i = 0; i < undo.size(); i++) {
      all[i] = undo.get(i).get().toCompletableFuture().exceptionally(e -> null);
    }
    return CompletableFuture.allOf(all);
  }

  private CompletionStage<Void> releaseAll(List<String> keys) {
    CompletableFuture<?>[] all = new CompletableFuture<?>[keys.size()];
    for (int i = 0; i < keys.size(); i++) {
      all[i] = giveOpen(keys.get(i)).toCompletableFuture();
    }
    return CompletableFuture.allOf(all);
  }

  /** The client IP as it appears in counter keys (IPv4-mapped IPv6 as IPv4). */
  static String ipKey(InetAddress address) {
    try {
      return InetAddress.getByAddress(IpLiterals.normalize(address)).getHostAddress();
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(e);
    }
  }
}
