package io.mailtier.frontend.pop3.lock;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.query.Predicates;
import io.mailtier.frontend.listener.flow.HazelcastMembers;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cluster-wide maildrop locks in the front-ends' Hazelcast cluster (ADR 0065): one {@link IMap}
 * entry per locked maildrop, whose value names the holding member and session ({@code <member uuid>
 * <token>}).
 *
 * <ul>
 *   <li>Taking a lock is an atomic {@code putIfAbsent}; releasing removes the entry only if it
 *       still holds this session's value.
 *   <li>When a member leaves the cluster — stopped, crashed, killed — every remaining member
 *       removes the entries that member held, so its locks are free as soon as the cluster has seen
 *       it go.
 *   <li>Each entry also has a time to live, renewed while the session is active, as a backstop for
 *       a lock whose release was lost.
 * </ul>
 */
public final class HazelcastMaildropLocks implements MaildropLocks {
  private static final Logger LOG = LoggerFactory.getLogger(HazelcastMaildropLocks.class);

  /** The map holding the locks. */
  public static final String MAP = "mailtier-pop3-maildrop-locks";

  private static final SecureRandom RANDOM = new SecureRandom();
  private final HazelcastInstance hazelcast;
  private final IMap<String, String> locks;
  private final String member;
  private final long ttlSeconds;
  private final UUID registration;

  /** Runs the blocking map calls off the event loops, one virtual thread each. */
  private final ExecutorService calls = Executors.newVirtualThreadPerTaskExecutor();

  /**
   * @param ttl how long a lock lives without its session touching it
   */
  public HazelcastMaildropLocks(HazelcastInstance hazelcast, Duration ttl) {
    this.hazelcast = hazelcast;
    this.locks = hazelcast.getMap(MAP);
    this.member = hazelcast.getCluster().getLocalMember().getUuid().toString();
    this.ttlSeconds = Math.max(1, ttl.toSeconds());
    this.registration =
        HazelcastMembers.onMemberRemoved(
            hazelcast,
            gone -> {
              if (!calls.isShutdown()) {
                calls.execute(() -> dropLocksOf(gone));
              }
            });
  }

  private void dropLocksOf(String gone) {
    try {
      int before = locks.size();
      locks.removeAll(Predicates.like("this", gone + " %"));
      LOG.info(
          "POP3 maildrop locks: member {} left the cluster; its locks are released ({} -> {})",
          gone,
          before,
          locks.size());
    } catch (RuntimeException e) {
      LOG.warn(
          "POP3 maildrop locks: could not release the locks of member {}: {}", gone, e.toString());
    }
  }

  @Override
  public CompletionStage<Lease> tryAcquire(String maildrop) {
    byte[] token = new byte[12];
    RANDOM.nextBytes(token);
    String value = member + " " + HexFormat.of().formatHex(token);
    return CompletableFuture.supplyAsync(
        () -> {
          String previous = locks.putIfAbsent(maildrop, value, ttlSeconds, TimeUnit.SECONDS);
          return previous == null ? new HazelcastLease(maildrop, value) : null;
        },
        calls);
  }

  /** One held lock. */
  private final class HazelcastLease implements Lease {
    private final String key;
    private final String value;
    private final AtomicBoolean released = new AtomicBoolean();
    private volatile long lastTouch = System.nanoTime();

    HazelcastLease(String key, String value) {
      this.key = key;
      this.value = value;
    }

    @Override
    public void release() {
      if (released.compareAndSet(false, true) && !calls.isShutdown()) {
        // after close the member is leaving, and the others release its locks
        CompletableFuture.runAsync(
            () -> {
              try {
                locks.remove(key, value);
              } catch (RuntimeException e) {
                LOG.warn("POP3 maildrop lock {}: release failed: {}", key, e.toString());
              }
            },
            calls);
      }
    }

    /** Renews the time to live, at most every third of it. */
    @Override
    public void touch() {
      long now = System.nanoTime();
      if (released.get()
          || calls.isShutdown()
          || now - lastTouch < TimeUnit.SECONDS.toNanos(ttlSeconds) / 3) {
        return;
      }
      lastTouch = now;
      CompletableFuture.runAsync(
          () -> {
            try {
              if (value.equals(locks.get(key))) {
                locks.setTtl(key, ttlSeconds, TimeUnit.SECONDS);
              }
            } catch (RuntimeException e) {
              LOG.warn("POP3 maildrop lock {}: renewal failed: {}", key, e.toString());
            }
          },
          calls);
    }
  }

  @Override
  public void close() {
    try {
      if (hazelcast.getLifecycleService().isRunning()) {
        hazelcast.getCluster().removeMembershipListener(registration);
      }
    } catch (RuntimeException e) {
      LOG.debug("removing the membership listener failed: {}", e.toString());
    }
    calls.shutdown();
  }
}
