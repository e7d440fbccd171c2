package io.mailtier.frontend.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mailtier.frontend.routing.LdapUserMap.CheckBy;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link LdapUserMap} and the route cache against UnboundID's in-memory directory server. */
class InMemoryLdapUserMapTest implements LdapUserMapContract {
  private static InMemoryDirectory directory;

  @BeforeAll
  static void startDirectory() throws Exception {
    directory = new InMemoryDirectory();
  }

  @AfterAll
  static void stopDirectory() {
    directory.close();
  }

  @BeforeEach
  void resetCounters() {
    directory.resetCounters();
  }

  @Override
  public String ldapUrl() {
    return directory.url();
  }

  private UserMapConfig userMapConfig(UserMapConfig.Type type, Duration ttl) {
    return new UserMapConfig(type, null, connector(null, null), new UserMapConfig.Cache(ttl, 1000));
  }

  @Test
  void emptyPasswordShouldBeRefusedBeforeAnyBind() throws Exception {
    try (LdapUserMap map = open(CheckBy.BIND)) {
      assertThat(map.authenticate("erin@example.test", "")).isEmpty();
      assertThat(map.authenticate("erin@example.test", null)).isEmpty();
    }
    assertThat(directory.userBinds).hasValue(0);
    assertThat(directory.searches).hasValue(0);
  }

  @Test
  void bindModeShouldBindAsTheUsersEntry() throws Exception {
    try (LdapUserMap map = open(CheckBy.BIND)) {
      assertThat(map.authenticate("erin@example.test", "plain-secret")).isPresent();
    }
    assertThat(directory.userBinds).hasValue(1);
  }

  @Test
  void tooLongNameShouldHaveNoRouteWithoutAskingTheDirectory() throws Exception {
    try (LdapUserMap map = open(CheckBy.PASSWORD_ATTRIBUTE)) {
      assertThat(map.lookup("a".repeat(400) + "@example.test")).isEmpty();
    }
    assertThat(directory.searches).hasValue(0);
  }

  @Test
  void userMapsShouldBuildCachedLdapMapsThatCheckCredentials() throws Exception {
    for (UserMapConfig.Type type :
        new UserMapConfig.Type[] {UserMapConfig.Type.LDAP_PASSWORD, UserMapConfig.Type.LDAP_BIND}) {
      try (CachingUserMap map = UserMaps.create(userMapConfig(type, Duration.ofSeconds(30)))) {
        assertThat(map).isInstanceOf(CredentialCheckingUserMap.class);
        assertThat(((CredentialCheckingUserMap) map).authenticate("alice@example.test", PASSWORD))
            .contains(new Route("alice@example.test", "mailstore-1.example.test"));
        assertThat(((CredentialCheckingUserMap) map).authenticate("alice@example.test", "wrong"))
            .isEmpty();
      }
    }
  }

  @Test
  void secondLookupWithinTtlShouldNotSearchTheDirectory() throws Exception {
    try (CachingUserMap map =
        UserMaps.create(userMapConfig(UserMapConfig.Type.LDAP_PASSWORD, Duration.ofSeconds(30)))) {
      assertThat(map.lookup("alice@example.test")).isPresent();
      assertThat(map.lookup("alice@example.test")).isPresent();
      assertThat(map.lookup("nobody@example.test")).isEmpty();
      assertThat(map.lookup("nobody@example.test")).isEmpty();

      assertThat(directory.searches).hasValue(2);
    }
  }

  @Test
  void invalidatedAccountShouldBeSearchedAgain() throws Exception {
    try (CachingUserMap map =
        UserMaps.create(userMapConfig(UserMapConfig.Type.LDAP_PASSWORD, Duration.ofSeconds(30)))) {
      map.lookup("alice@example.test");
      map.lookup("bob@example.test");

      map.invalidate("alice@example.test");
      map.lookup("alice@example.test");
      map.lookup("bob@example.test");
      assertThat(directory.searches).hasValue(3);

      map.invalidateAll();
      map.lookup("alice@example.test");
      map.lookup("bob@example.test");
      assertThat(directory.searches).hasValue(5);
    }
  }

  @Test
  void zeroTtlShouldSearchTheDirectoryEveryTime() throws Exception {
    try (CachingUserMap map =
        UserMaps.create(userMapConfig(UserMapConfig.Type.LDAP_PASSWORD, Duration.ZERO))) {
      map.lookup("alice@example.test");
      map.lookup("alice@example.test");

      assertThat(directory.searches).hasValue(2);
    }
  }

  @Test
  void credentialsShouldNeverBeAnsweredFromTheCache() throws Exception {
    try (CachingUserMap map =
        UserMaps.create(userMapConfig(UserMapConfig.Type.LDAP_BIND, Duration.ofSeconds(30)))) {
      CredentialCheckingUserMap checking = (CredentialCheckingUserMap) map;
      checking.authenticate("erin@example.test", "plain-secret");
      checking.authenticate("erin@example.test", "plain-secret");

      assertThat(directory.userBinds).hasValue(2);
    }
  }

  @Test
  @Timeout(15)
  void directoryShutDownShouldGiveDirectoryUnavailableQuickly() throws Exception {
    InMemoryDirectory doomed = new InMemoryDirectory();
    LdapConnectorConfig config =
        new LdapConnectorConfig(
            doomed.url(),
            SERVICE_DN,
            SERVICE_PASSWORD,
            BASE_DN,
            null,
            null,
            null,
            null,
            Duration.ofSeconds(1),
            2);
    try (LdapUserMap password = LdapUserMap.open(config, CheckBy.PASSWORD_ATTRIBUTE);
        LdapUserMap bind = LdapUserMap.open(config, CheckBy.BIND)) {
      assertThat(password.lookup("alice@example.test")).isPresent();
      assertThat(bind.authenticate("erin@example.test", "plain-secret")).isPresent();

      doomed.close();

      long start = System.nanoTime();
      assertThatThrownBy(() -> password.lookup("alice@example.test"))
          .isInstanceOf(DirectoryUnavailableException.class);
      assertThatThrownBy(() -> password.authenticate("alice@example.test", PASSWORD))
          .isInstanceOf(DirectoryUnavailableException.class);
      assertThatThrownBy(() -> bind.authenticate("erin@example.test", "plain-secret"))
          .isInstanceOf(DirectoryUnavailableException.class);
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(6));
    }
  }

  @Test
  @Timeout(20)
  void directoryThatNeverAnswersShouldGiveDirectoryUnavailableAfterTheTimeout() throws Exception {
    // A socket that accepts connections (the kernel does) and never says a word.
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      LdapConnectorConfig config =
          new LdapConnectorConfig(
              "ldap://127.0.0.1:" + silent.getLocalPort(),
              "",
              "",
              BASE_DN,
              null,
              null,
              null,
              null,
              Duration.ofSeconds(1),
              1);
      try (LdapUserMap map = LdapUserMap.open(config, CheckBy.PASSWORD_ATTRIBUTE)) {
        long start = System.nanoTime();
        assertThatThrownBy(() -> map.lookup("alice@example.test"))
            .isInstanceOf(DirectoryUnavailableException.class);
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(900));
        assertThat(took).isLessThan(Duration.ofMillis(1900));
      }
    }
  }

  @Test
  @Timeout(10)
  void directoryNotRunningAtStartShouldGiveDirectoryUnavailableNotAFailedStart() throws Exception {
    int port;
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = probe.getLocalPort();
    }
    LdapConnectorConfig config =
        new LdapConnectorConfig(
            "ldap://127.0.0.1:" + port,
            SERVICE_DN,
            SERVICE_PASSWORD,
            BASE_DN,
            null,
            null,
            null,
            null,
            Duration.ofSeconds(1),
            2);
    try (LdapUserMap map = LdapUserMap.open(config, CheckBy.BIND)) {
      assertThatThrownBy(() -> map.lookup("alice@example.test"))
          .isInstanceOf(DirectoryUnavailableException.class);
      assertThatThrownBy(() -> map.authenticate("alice@example.test", PASSWORD))
          .isInstanceOf(DirectoryUnavailableException.class);
    }
  }

  @Test
  void wrongServicePasswordShouldGiveDirectoryUnavailableNotWrongPassword() throws Exception {
    LdapConnectorConfig config =
        new LdapConnectorConfig(
            ldapUrl(),
            SERVICE_DN,
            "not-the-service-password",
            BASE_DN,
            null,
            null,
            null,
            null,
            Duration.ofSeconds(1),
            1);
    try (LdapUserMap map = LdapUserMap.open(config, CheckBy.PASSWORD_ATTRIBUTE)) {
      assertThatThrownBy(() -> map.authenticate("alice@example.test", PASSWORD))
          .isInstanceOf(DirectoryUnavailableException.class);
    }
  }

  @Test
  void filterPlaceholdersShouldBeExpandedOnceAndEscaped() {
    assertThat(LdapUserMap.expandFilter("(&(uid=%u)(dc=%d)(mail=%e))", "a%d*@x(y).test"))
        .isEqualTo("(&(uid=a%d\\2a)(dc=x\\28y\\29.test)(mail=a%d\\2a@x\\28y\\29.test))");
    assertThat(LdapUserMap.expandFilter("(uid=%u)(x=%%)", "nodomain"))
        .isEqualTo("(uid=nodomain)(x=%%)");
  }
}
