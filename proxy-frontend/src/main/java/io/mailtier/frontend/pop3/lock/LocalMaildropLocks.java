package io.mailtier.frontend.pop3.lock;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Maildrop locks within one front-end (no Hazelcast): exclusive among the sessions of this JVM
 * only. Locks die with the process.
 */
public final class LocalMaildropLocks implements MaildropLocks {
  private final ConcurrentMap<String, Object> held = new ConcurrentHashMap<>();

  @Override
  public CompletionStage<Lease> tryAcquire(String maildrop) {
    Object token = new Object();
    if (held.putIfAbsent(maildrop, token) != null) {
      return CompletableFuture.completedFuture(null);
    }
    return CompletableFuture.completedFuture(() -> held.remove(maildrop, token));
  }

  /** How many locks are held (tests, metrics). */
  public int held() {
    return held.size();
  }
}
