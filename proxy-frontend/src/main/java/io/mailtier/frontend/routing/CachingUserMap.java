package io.mailtier.frontend.routing;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A user map with the per-front-end route cache in front of it (ARCHITECTURE.md, "Routing: user
 * maps").
 *
 * <p>Only {@link #lookup} results are kept: a route for {@code ttl}, "no entry" for at most {@link
 * #NEGATIVE_TTL} (so a newly created account is seen soon). Failures of the directory ({@link
 * DirectoryUnavailableException}) are never kept, and neither are credentials: {@link
 * CredentialCheckingUserMap#authenticate} always asks the map behind. A {@code ttl} of zero turns
 * the cache off. Directory-sync's invalidation topic calls {@link #invalidate} and {@link
 * #invalidateAll}; an invalidation that arrives while a lookup is in flight wins over that lookup's
 * result.
 *
 * <p>{@link UserMaps#create} returns an instance of this class; when the map behind checks
 * credentials, the instance is a {@link CredentialCheckingUserMap} too.
 */
public sealed class CachingUserMap implements UserMap permits CachingUserMap.CredentialChecking {
  /** The longest time "no entry" is kept (shorter when the ttl is shorter). */
  public static final Duration NEGATIVE_TTL = Duration.ofSeconds(5);

  private final UserMap delegate;
  private final Cache<String, Optional<Route>> cache; // null: caching off
  private final AtomicLong invalidations = new AtomicLong();

  CachingUserMap(UserMap delegate, UserMapConfig.Cache config, Ticker ticker) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    Objects.requireNonNull(config, "config");
    if (config.ttl().isZero()) {
      this.cache = null;
    } else {
      long positiveNanos = config.ttl().toNanos();
      long negativeNanos = Math.min(positiveNanos, NEGATIVE_TTL.toNanos());
      this.cache =
          Caffeine.newBuilder()
              .maximumSize(config.maxEntries())
              .ticker(ticker)
              .expireAfter(new RouteExpiry(positiveNanos, negativeNanos))
              .build();
    }
  }

  /** Wraps {@code delegate}; the result checks credentials when {@code delegate} does. */
  public static CachingUserMap wrap(UserMap delegate, UserMapConfig.Cache config) {
    return wrap(delegate, config, Ticker.systemTicker());
  }

  static CachingUserMap wrap(UserMap delegate, UserMapConfig.Cache config, Ticker ticker) {
    if (delegate instanceof CredentialCheckingUserMap checking) {
      return new CredentialChecking(checking, config, ticker);
    }
    return new CachingUserMap(delegate, config, ticker);
  }

  @Override
  public Optional<Route> lookup(String account) throws DirectoryUnavailableException {
    if (cache == null || account == null) {
      return delegate.lookup(account);
    }
    String key = account.toLowerCase(Locale.ROOT);
    Optional<Route> cached = cache.getIfPresent(key);
    if (cached != null) {
      return cached;
    }
    long before = invalidations.get();
    Optional<Route> route = delegate.lookup(key); // throws: nothing is cached
    cache.put(key, route);
    if (invalidations.get() != before) {
      // An invalidation ran while the directory answered: the answer may be stale.
      cache.invalidate(key);
    }
    return route;
  }

  /** Drops the cached route of one account (directory-sync saw it change). */
  public void invalidate(String account) {
    invalidations.incrementAndGet();
    if (cache != null && account != null) {
      cache.invalidate(account.toLowerCase(Locale.ROOT));
    }
  }

  /** Drops every cached route (directory-sync lost track, or a bulk change). */
  public void invalidateAll() {
    invalidations.incrementAndGet();
    if (cache != null) {
      cache.invalidateAll();
    }
  }

  /** How many lookups are cached now (approximate; for metrics and tests). */
  public long cachedEntries() {
    if (cache == null) {
      return 0;
    }
    cache.cleanUp();
    return cache.estimatedSize();
  }

  /** The map behind the cache. */
  public UserMap delegate() {
    return delegate;
  }

  @Override
  public void close() {
    if (cache != null) {
      cache.invalidateAll();
    }
    delegate.close();
  }

  /** The cache in front of an LDAP map: lookups cached, credentials always checked by the map. */
  public static final class CredentialChecking extends CachingUserMap
      implements CredentialCheckingUserMap {
    private final CredentialCheckingUserMap checking;

    CredentialChecking(
        CredentialCheckingUserMap delegate, UserMapConfig.Cache config, Ticker ticker) {
      super(delegate, config, ticker);
      this.checking = delegate;
    }

    @Override
    public Optional<Route> authenticate(String account, String password)
        throws DirectoryUnavailableException {
      return checking.authenticate(account, password);
    }
  }

  private record RouteExpiry(long positiveNanos, long negativeNanos)
      implements Expiry<String, Optional<Route>> {
    @Override
    public long expireAfterCreate(String key, Optional<Route> value, long currentTime) {
      return value.isPresent() ? positiveNanos : negativeNanos;
    }

    @Override
    public long expireAfterUpdate(
        String key, Optional<Route> value, long currentTime, long currentDuration) {
      return expireAfterCreate(key, value, currentTime);
    }

    @Override
    public long expireAfterRead(
        String key, Optional<Route> value, long currentTime, long currentDuration) {
      return currentDuration;
    }
  }
}
