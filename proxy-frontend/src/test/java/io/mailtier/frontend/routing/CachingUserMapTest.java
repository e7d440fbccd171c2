package io.mailtier.frontend.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.benmanes.caffeine.cache.Ticker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The route cache in front of a map. The LDAP-backed behaviour (searches not repeated) is checked
 * against a real directory in {@link LdapUserMapTest}; here a counting map stands in so that time
 * can be moved by hand.
 */
class CachingUserMapTest {
  @TempDir Path dir;

  /** A test map that counts lookups and can be told to fail. */
  private static final class CountingMap implements CredentialCheckingUserMap {
    final AtomicInteger lookups = new AtomicInteger();
    final AtomicInteger authentications = new AtomicInteger();
    volatile boolean down;
    volatile String backend = "mailstore-1.example.test";
    volatile Runnable duringLookup = () -> {};

    @Override
    public Optional<Route> lookup(String account) throws DirectoryUnavailableException {
      lookups.incrementAndGet();
      if (down) {
        throw new DirectoryUnavailableException("down", null);
      }
      duringLookup.run();
      return account.startsWith("nobody")
          ? Optional.empty()
          : Optional.of(new Route(account, backend));
    }

    @Override
    public Optional<Route> authenticate(String account, String password) {
      authentications.incrementAndGet();
      return "secret".equals(password)
          ? Optional.of(new Route(account, backend))
          : Optional.empty();
    }

    @Override
    public void close() {}
  }

  private static final class ManualTicker implements Ticker {
    final AtomicLong nanos = new AtomicLong();

    @Override
    public long read() {
      return nanos.get();
    }

    void advance(Duration d) {
      nanos.addAndGet(d.toNanos());
    }
  }

  private final CountingMap directory = new CountingMap();
  private final ManualTicker ticker = new ManualTicker();

  private CachingUserMap cached(Duration ttl) {
    return CachingUserMap.wrap(directory, new UserMapConfig.Cache(ttl, 1000), ticker);
  }

  @Test
  void secondLookupWithinTtlShouldNotAskTheMapBehind() throws Exception {
    CachingUserMap map = cached(Duration.ofSeconds(30));

    assertThat(map.lookup("alice@example.test")).isPresent();
    ticker.advance(Duration.ofSeconds(29));
    assertThat(map.lookup("alice@example.test")).isPresent();

    assertThat(directory.lookups).hasValue(1);
  }

  @Test
  void lookupAfterTtlShouldAskAgain() throws Exception {
    CachingUserMap map = cached(Duration.ofSeconds(30));

    map.lookup("alice@example.test");
    ticker.advance(Duration.ofSeconds(31));
    directory.backend = "mailstore-2.example.test";

    assertThat(map.lookup("alice@example.test"))
        .map(Route::backend)
        .contains("mailstore-2.example.test");
    assertThat(directory.lookups).hasValue(2);
  }

  @Test
  void noEntryShouldBeCachedForAShorterTime() throws Exception {
    CachingUserMap map = cached(Duration.ofSeconds(30));

    assertThat(map.lookup("nobody@example.test")).isEmpty();
    assertThat(map.lookup("nobody@example.test")).isEmpty();
    assertThat(directory.lookups).hasValue(1);

    ticker.advance(CachingUserMap.NEGATIVE_TTL.plusMillis(1));
    map.lookup("nobody@example.test");
    assertThat(directory.lookups).hasValue(2);
  }

  @Test
  void invalidateShouldDropOneAccount() throws Exception {
    CachingUserMap map = cached(Duration.ofSeconds(30));
    map.lookup("alice@example.test");
    map.lookup("bob@example.test");
    directory.backend = "mailstore-2.example.test";

    map.invalidate("Alice@Example.test");

    assertThat(map.lookup("alice@example.test"))
        .map(Route::backend)
        .contains("mailstore-2.example.test");
    assertThat(map.lookup("bob@example.test"))
        .map(Route::backend)
        .contains("mailstore-1.example.test");
    assertThat(directory.lookups).hasValue(3);
  }

  @Test
  void invalidateAllShouldDropEveryAccount() throws Exception {
    CachingUserMap map = cached(Duration.ofSeconds(30));
    map.lookup("alice@example.test");
    map.lookup("bob@example.test");

    map.invalidateAll();

    assertThat(map.cachedEntries()).isZero();
    map.lookup("alice@example.test");
    map.lookup("bob@example.test");
    assertThat(directory.lookups).hasValue(4);
  }

  @Test
  void invalidationDuringALookupShouldWinOverItsAnswer() throws Exception {
    CachingUserMap map = cached(Duration.ofSeconds(30));
    directory.duringLookup = () -> map.invalidate("alice@example.test");

    map.lookup("alice@example.test");
    directory.duringLookup = () -> {};
    map.lookup("alice@example.test");

    assertThat(directory.lookups).hasValue(2);
  }

  @Test
  void zeroTtlShouldTurnCachingOff() throws Exception {
    CachingUserMap map = cached(Duration.ZERO);

    map.lookup("alice@example.test");
    map.lookup("alice@example.test");

    assertThat(directory.lookups).hasValue(2);
    assertThat(map.cachedEntries()).isZero();
  }

  @Test
  void directoryFailureShouldNotBeCached() throws Exception {
    CachingUserMap map = cached(Duration.ofSeconds(30));
    directory.down = true;

    assertThatThrownBy(() -> map.lookup("alice@example.test"))
        .isInstanceOf(DirectoryUnavailableException.class);
    directory.down = false;

    assertThat(map.lookup("alice@example.test")).isPresent();
    assertThat(directory.lookups).hasValue(2);
  }

  @Test
  void credentialsShouldAlwaysBeCheckedByTheMapBehind() throws Exception {
    CachingUserMap map = cached(Duration.ofSeconds(30));

    assertThat(map).isInstanceOf(CredentialCheckingUserMap.class);
    CredentialCheckingUserMap checking = (CredentialCheckingUserMap) map;
    assertThat(checking.authenticate("alice@example.test", "secret")).isPresent();
    assertThat(checking.authenticate("alice@example.test", "secret")).isPresent();
    assertThat(checking.authenticate("alice@example.test", "wrong")).isEmpty();

    assertThat(directory.authentications).hasValue(3);
  }

  @Test
  void userMapsShouldBuildACachedFileMapFromConfig() throws IOException, Exception {
    Path file = dir.resolve("usermap.txt");
    Files.writeString(file, "@example\\.test$ mailstore-1.example.test\n");

    try (CachingUserMap map =
        UserMaps.create(new UserMapConfig(UserMapConfig.Type.FILE, file, null, null))) {
      assertThat(map).isNotInstanceOf(CredentialCheckingUserMap.class);
      assertThat(map.delegate()).isInstanceOf(FileUserMap.class);
      assertThat(map.lookup("bob@example.test"))
          .contains(new Route("bob@example.test", "mailstore-1.example.test"));
      assertThat(map.cachedEntries()).isEqualTo(1);
    }
  }
}
