package io.mailtier.frontend.listener.flow;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cluster-wide counters that degrade to this front-end's own counters (ADR 0010): when the primary
 * limiter fails or does not answer within {@code timeout}, the connection is counted by the local
 * fallback instead, so every limit still holds per front-end. A primary grant that arrives after
 * the timeout is given back at once, so no slot leaks.
 */
public final class FallbackConnectionLimiter implements ConnectionLimiter {
  private static final Logger LOG = LoggerFactory.getLogger(FallbackConnectionLimiter.class);
  private static final long WARN_EVERY_MILLIS = 10_000;

  private final ConnectionLimiter primary;
  private final ConnectionLimiter fallback;
  private final Duration timeout;
  private final Runnable onFailure;
  private final AtomicLong lastWarning = new AtomicLong(Long.MIN_VALUE / 2);

  /**
   * @param onFailure called once per admission that fell back (a metric)
   */
  public FallbackConnectionLimiter(
      ConnectionLimiter primary, ConnectionLimiter fallback, Duration timeout, Runnable onFailure) {
    this.primary = Objects.requireNonNull(primary, "primary");
    this.fallback = Objects.requireNonNull(fallback, "fallback");
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    this.onFailure = Objects.requireNonNull(onFailure, "onFailure");
  }

  @Override
  public CompletionStage<Admission> tryAcquire(
      String listenerId, InetAddress clientIp, Limits limits) {
    CompletableFuture<Admission> result = new CompletableFuture<>();
    AtomicBoolean decided = new AtomicBoolean();
    CompletionStage<Admission> fromPrimary;
    try {
      fromPrimary = primary.tryAcquire(listenerId, clientIp, limits);
    } catch (RuntimeException e) {
      fromPrimary = CompletableFuture.failedFuture(e);
    }
    fromPrimary.whenComplete((admission, error) -> {
      if (error == null) {
        if (decided.compareAndSet(false, true)) {
          result.complete(admission);
        } else if (admission instanceof Admission.Granted late) {
          late.permit().release(); // counted after we fell back: give the slot back
        }
      } else if (decided.compareAndSet(false, true)) {
        fallBack(listenerId, clientIp, limits, error.toString(), result);
      }
    });
    if (!result.isDone()) {
      CompletableFuture.delayedExecutor(timeout.toMillis(), TimeUnit.MILLISECONDS)
          .execute(() -> {
            if (decided.compareAndSet(false, true)) {
              fallBack(
                  listenerId,
                  clientIp,
                  limits,
                  "no answer within " + timeout.toMillis() + " ms",
                  result);
            }
          });
    }
    return result;
  }

  private void fallBack(
      String listenerId,
      InetAddress clientIp,
      Limits limits,
      String why,
      CompletableFuture<Admission> result) {
    onFailure.run();
    long now = System.currentTimeMillis();
    long last = lastWarning.get();
    if (now - last >= WARN_EVERY_MILLIS && lastWarning.compareAndSet(last, now)) {
      LOG.warn(
          "listener {}: cluster-wide connection counters failed ({}); counting on this front-end"
              + " only (further failures in the next {} s are not logged)",
          listenerId,
          why,
          WARN_EVERY_MILLIS / 1000);
    }
    try {
      fallback
          .tryAcquire(listenerId, clientIp, limits)
          .whenComplete((a, e) -> {
            if (e != null) {
              result.completeExceptionally(e);
            } else {
              result.complete(a);
            }
          });
    } catch (RuntimeException e) {
      result.completeExceptionally(e);
    }
  }

  @Override
  public void close() {
    try {
      primary.close();
    } finally {
      fallback.close();
    }
  }
}
