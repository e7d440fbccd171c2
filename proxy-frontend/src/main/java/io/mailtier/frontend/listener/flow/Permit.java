package io.mailtier.frontend.listener.flow;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The right to one open connection. {@link #release()} gives the counted slots back; it is
 * idempotent, so the transport may call it from every close path.
 */
public final class Permit {
  private final Supplier<CompletionStage<Void>> releaser;
  private final AtomicReference<CompletionStage<Void>> released = new AtomicReference<>();

  Permit(Supplier<CompletionStage<Void>> releaser) {
    this.releaser = releaser;
  }

  /** A permit with nothing to give back (no limit counted anything). */
  static Permit nothingCounted() {
    return new Permit(() -> CompletableFuture.completedFuture(null));
  }

  /**
   * Gives the slots back. The first call starts the release; later calls return the same stage. The
   * stage completes when the counters are updated (at once for local counters; after the cluster
   * answered for Hazelcast). Callers on a close path need not wait for it.
   */
  public CompletionStage<Void> release() {
    CompletableFuture<Void> mine = new CompletableFuture<>();
    if (!released.compareAndSet(null, mine)) {
      return released.get();
    }
    try {
      releaser
          .get()
          .whenComplete((v, e) -> {
            if (e != null) {
              mine.completeExceptionally(e);
            } else {
              mine.complete(null);
            }
          });
    } catch (RuntimeException e) {
      mine.completeExceptionally(e);
    }
    return mine;
  }

  /** Whether {@link #release()} has been called. */
  public boolean isReleased() {
    return released.get() != null;
  }
}
