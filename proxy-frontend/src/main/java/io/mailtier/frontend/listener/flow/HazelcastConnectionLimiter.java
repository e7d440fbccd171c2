package io.mailtier.frontend.listener.flow;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.ExtendedMapEntry;
import com.hazelcast.map.IMap;
import java.io.Serial;
import java.io.Serializable;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cluster-wide counters in an embedded Hazelcast member (ADR 0009).
 *
 * <p>Open connections: one {@link IMap} entry per counter key, holding how many slots each member
 * holds ({@link OpenShares}); taken and given back with entry processors, which run atomically on
 * the key's partition owner (the CP subsystem, with its atomic longs, is Enterprise-only). When a
 * member leaves the cluster, crashed or stopped, every remaining member drops that member's shares,
 * so the connections it held stop counting.
 *
 * <p>New-connection rates: one entry per key holding a {@link RateWindow}, updated by an entry
 * processor with the caller's clock, and expiring (TTL) two intervals after its last change.
 */
public final class HazelcastConnectionLimiter extends CountingLimiter {
  private static final Logger LOG = LoggerFactory.getLogger(HazelcastConnectionLimiter.class);

  /** The map of open-connection shares. */
  public static final String OPEN_MAP = "mailtier.listener.open";

  /** The map of new-connection rate windows. */
  public static final String RATE_MAP = "mailtier.listener.rate";

  private final HazelcastInstance hazelcast;
  private final boolean ownsInstance;
  private final IMap<String, OpenShares> open;
  private final IMap<String, RateWindow> rates;
  private final String member;
  private final UUID membershipRegistration;
  private final ExecutorService cleaner;

  /**
   * A limiter on an existing member, which the caller keeps and shuts down.
   *
   * @param clock the clock of rate windows (the system clock outside tests)
   */
  public HazelcastConnectionLimiter(HazelcastInstance hazelcast, Clock clock) {
    this(hazelcast, clock, false);
  }

  HazelcastConnectionLimiter(HazelcastInstance hazelcast, Clock clock, boolean ownsInstance) {
    super(clock);
    this.hazelcast = Objects.requireNonNull(hazelcast, "hazelcast");
    this.ownsInstance = ownsInstance;
    this.open = hazelcast.getMap(OPEN_MAP);
    this.rates = hazelcast.getMap(RATE_MAP);
    this.member = hazelcast.getCluster().getLocalMember().getUuid().toString();
    this.cleaner =
        Executors.newSingleThreadExecutor(r -> {
          Thread t = new Thread(r, "listener-limiter-cleaner");
          t.setDaemon(true);
          return t;
        });
    this.membershipRegistration =
        HazelcastMembers.onMemberRemoved(
            hazelcast, gone -> cleaner.execute(() -> dropShares(gone)));
  }

  private void dropShares(String gone) {
    try {
      Map<String, Integer> dropped = open.executeOnEntries(new DropMember(gone));
      int total = dropped.values().stream().mapToInt(Integer::intValue).sum();
      if (total == 0) {
        return; // another member was quicker, or it held nothing
      }
      LOG.info(
          "listener limits: member {} left the cluster; released its {} open connection slot(s)",
          gone,
          total);
    } catch (RuntimeException e) {
      if (hazelcast.getLifecycleService().isRunning()) {
        LOG.warn(
            "listener limits: could not release the slots of member {}: {}", gone, e.toString());
      }
    }
  }

  @Override
  CompletionStage<Boolean> takeOpen(String key, int limit) {
    return open.submitToKey(key, new TakeOpen(member, limit));
  }

  @Override
  CompletionStage<Void> giveOpen(String key) {
    return open.submitToKey(key, new GiveOpen(member)).thenApply(x -> null);
  }

  @Override
  CompletionStage<Long> countNew(String key, long now, long intervalMillis, int limit) {
    return rates.submitToKey(key, new CountNew(now, intervalMillis, limit));
  }

  @Override
  CompletionStage<Void> uncountNew(String key, long window) {
    return rates.submitToKey(key, new UncountNew(window)).thenApply(x -> null);
  }

  @Override
  public void close() {
    try {
      if (hazelcast.getLifecycleService().isRunning()) {
        hazelcast.getCluster().removeMembershipListener(membershipRegistration);
      }
    } finally {
      cleaner.shutdownNow();
      if (ownsInstance) {
        hazelcast.shutdown();
      }
    }
  }

  /** The open slots each member holds under one key. */
  record OpenShares(HashMap<String, Integer> byMember) implements Serializable {
    @Serial private static final long serialVersionUID = 1L;

    int total() {
      int sum = 0;
      for (int n : byMember.values()) {
        sum += n;
      }
      return sum;
    }
  }

  record TakeOpen(String member, int limit) implements EntryProcessor<String, OpenShares, Boolean> {
    @Serial private static final long serialVersionUID = 1L;

    @Override
    public Boolean process(Map.Entry<String, OpenShares> entry) {
      OpenShares shares = entry.getValue();
      if (shares == null) {
        shares = new OpenShares(new HashMap<>());
      }
      if (shares.total() >= limit) {
        return false;
      }
      shares.byMember().merge(member, 1, Integer::sum);
      entry.setValue(shares);
      return true;
    }
  }

  record GiveOpen(String member) implements EntryProcessor<String, OpenShares, Boolean> {
    @Serial private static final long serialVersionUID = 1L;

    @Override
    public Boolean process(Map.Entry<String, OpenShares> entry) {
      OpenShares shares = entry.getValue();
      if (shares == null || !shares.byMember().containsKey(member)) {
        return false; // already dropped (this member was seen leaving) or never taken
      }
      shares.byMember().computeIfPresent(member, (m, n) -> n <= 1 ? null : n - 1);
      entry.setValue(shares.byMember().isEmpty() ? null : shares);
      return true;
    }
  }

  record DropMember(String member) implements EntryProcessor<String, OpenShares, Integer> {
    @Serial private static final long serialVersionUID = 1L;

    @Override
    public Integer process(Map.Entry<String, OpenShares> entry) {
      OpenShares shares = entry.getValue();
      if (shares == null) {
        return 0;
      }
      Integer held = shares.byMember().remove(member);
      if (held == null) {
        return 0;
      }
      entry.setValue(shares.byMember().isEmpty() ? null : shares);
      return held;
    }
  }

  record CountNew(long now, long intervalMillis, int limit)
      implements EntryProcessor<String, RateWindow, Long> {
    @Serial private static final long serialVersionUID = 1L;

    @Override
    public Long process(Map.Entry<String, RateWindow> entry) {
      RateWindow current = entry.getValue();
      if (current == null) {
        current = RateWindow.empty(intervalMillis, now);
      }
      RateWindow counted = current.tryCount(now, limit);
      if (counted == null) {
        return -1L;
      }
      ((ExtendedMapEntry<String, RateWindow>) entry)
          .setValue(counted, 2 * intervalMillis, TimeUnit.MILLISECONDS);
      return counted.window();
    }
  }

  record UncountNew(long window) implements EntryProcessor<String, RateWindow, Boolean> {
    @Serial private static final long serialVersionUID = 1L;

    @Override
    public Boolean process(Map.Entry<String, RateWindow> entry) {
      RateWindow current = entry.getValue();
      if (current == null) {
        return false;
      }
      ((ExtendedMapEntry<String, RateWindow>) entry)
          .setValueWithoutChangingExpiryTime(current.uncount(window));
      return true;
    }
  }
}
