package io.mailtier.frontend.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailtier.frontend.routing.LdapUserMap.CheckBy;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What every directory must show through {@link LdapUserMap}, run against UnboundID's in-memory
 * server and against a real OpenLDAP slapd. Both are loaded from {@code routing/users.ldif}.
 */
interface LdapUserMapContract {
  String BASE_DN = "dc=example,dc=test";
  String SERVICE_DN = "cn=svc,dc=example,dc=test";
  String SERVICE_PASSWORD = "svc-secret";

  /** The password behind every hashed userPassword in users.ldif. */
  String PASSWORD = "Tr0ub4dor&3 pässwörd";

  /** The directory's URL, {@code ldap://127.0.0.1:PORT}. */
  String ldapUrl();

  default LdapConnectorConfig connector(String filter, String routingAttribute) {
    return new LdapConnectorConfig(
        ldapUrl(),
        SERVICE_DN,
        SERVICE_PASSWORD,
        BASE_DN,
        filter,
        null,
        routingAttribute,
        null,
        Duration.ofSeconds(2),
        2);
  }

  default LdapUserMap open(CheckBy checkBy) {
    return LdapUserMap.open(connector(null, null), checkBy);
  }

  @Test
  default void lookupShouldFindTheBackendInMailHost() throws Exception {
    try (LdapUserMap map = open(CheckBy.PASSWORD_ATTRIBUTE)) {
      assertThat(map.lookup("alice@example.test"))
          .contains(new Route("alice@example.test", "mailstore-1.example.test"));
      assertThat(map.lookup("erin@example.test"))
          .contains(new Route("erin@example.test", "mailstore-3.example.test"));
    }
  }

  @Test
  default void lookupShouldReturnTheLowerCaseAddressAskedFor() throws Exception {
    try (LdapUserMap map = open(CheckBy.PASSWORD_ATTRIBUTE)) {
      assertThat(map.lookup("Alice@Example.TEST"))
          .contains(new Route("alice@example.test", "mailstore-1.example.test"));
    }
  }

  @Test
  default void routingAttributeNameShouldBeConfigurable() throws Exception {
    try (LdapUserMap map =
        LdapUserMap.open(connector(null, "mailRoutingAddress"), CheckBy.PASSWORD_ATTRIBUTE)) {
      assertThat(map.lookup("alice@example.test"))
          .contains(new Route("alice@example.test", "mailstore-7.example.test"));
      assertThat(map.lookup("bob@example.test")).isEmpty();
    }
  }

  @Test
  default void placeholdersShouldBeReplacedByLocalPartDomainAndAddress() throws Exception {
    try (LdapUserMap map =
        LdapUserMap.open(
            connector("(&(uid=%u)(mail=%u@%d)(mail=%e))", null), CheckBy.PASSWORD_ATTRIBUTE)) {
      assertThat(map.lookup("bob@example.test"))
          .contains(new Route("bob@example.test", "mailstore-2.example.test"));
      assertThat(map.lookup("bob@other.test")).isEmpty();
    }
  }

  @Test
  default void twoMatchingEntriesShouldUseTheFirst() throws Exception {
    try (LdapUserMap map = open(CheckBy.PASSWORD_ATTRIBUTE)) {
      assertThat(map.lookup("dup@example.test"))
          .contains(new Route("dup@example.test", "mailstore-1.example.test"));
    }
  }

  @Test
  default void entryWithoutRoutingAttributeShouldHaveNoRoute() throws Exception {
    try (LdapUserMap map = open(CheckBy.PASSWORD_ATTRIBUTE)) {
      assertThat(map.lookup("frank@example.test")).isEmpty();
    }
  }

  @Test
  default void unknownAddressShouldHaveNoRoute() throws Exception {
    try (LdapUserMap map = open(CheckBy.PASSWORD_ATTRIBUTE)) {
      assertThat(map.lookup("nobody@example.test")).isEmpty();
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "*",
        "*)(mail=*",
        "alice*",
        "*@example.test",
        "alice@example.test)(|(mail=*",
        "alice@example.test)(objectClass=*",
        "a*e@example.test",
        "\\2a@example.test"
      })
  default void filterInjectionShouldMatchNothing(String account) throws Exception {
    try (LdapUserMap map = open(CheckBy.PASSWORD_ATTRIBUTE)) {
      assertThat(map.lookup(account)).isEmpty();
      assertThat(map.authenticate(account, PASSWORD)).isEmpty();
    }
  }

  @Test
  default void localPartWithWildcardShouldNotMatchByUid() throws Exception {
    try (LdapUserMap byUid =
        LdapUserMap.open(
            connector("(&(objectClass=inetOrgPerson)(uid=%u))", null),
            CheckBy.PASSWORD_ATTRIBUTE)) {
      assertThat(byUid.lookup("alice@example.test")).isPresent();
      assertThat(byUid.lookup("ali*@example.test")).isEmpty();
      assertThat(byUid.lookup("*)(uid=alice@example.test")).isEmpty();
      assertThat(byUid.lookup("*@example.test")).isEmpty();
      assertThat(byUid.lookup("alice)(uid=*@example.test")).isEmpty();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"alice", "bob", "carol", "dave"})
  default void passwordModeShouldAcceptTheRightPasswordInEachStoredScheme(String user)
      throws Exception {
    try (LdapUserMap map = open(CheckBy.PASSWORD_ATTRIBUTE)) {
      assertThat(map.authenticate(user + "@example.test", PASSWORD))
          .map(Route::account)
          .contains(user + "@example.test");
    }
  }

  @Test
  default void passwordModeShouldAcceptACleartextPassword() throws Exception {
    try (LdapUserMap map = open(CheckBy.PASSWORD_ATTRIBUTE)) {
      assertThat(map.authenticate("erin@example.test", "plain-secret"))
          .contains(new Route("erin@example.test", "mailstore-3.example.test"));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"alice", "bob", "carol", "dave", "erin"})
  default void passwordModeShouldRefuseAWrongPassword(String user) throws Exception {
    try (LdapUserMap map = open(CheckBy.PASSWORD_ATTRIBUTE)) {
      assertThat(map.authenticate(user + "@example.test", "wrong")).isEmpty();
      assertThat(map.authenticate(user + "@example.test", "")).isEmpty();
    }
  }

  @Test
  default void passwordModeShouldRefuseTheStoredHashOfferedAsPassword() throws Exception {
    try (LdapUserMap map = open(CheckBy.PASSWORD_ATTRIBUTE)) {
      assertThat(map.authenticate("alice@example.test", "{SSHA}VORmRHT+0KbgoQV33rwKy0gtE2R+FhFD"))
          .isEmpty();
    }
  }

  @Test
  default void unknownUserShouldBeRefusedInBothModes() throws Exception {
    try (LdapUserMap password = open(CheckBy.PASSWORD_ATTRIBUTE);
        LdapUserMap bind = open(CheckBy.BIND)) {
      assertThat(password.authenticate("nobody@example.test", PASSWORD)).isEmpty();
      assertThat(bind.authenticate("nobody@example.test", PASSWORD)).isEmpty();
    }
  }

  @Test
  default void userWithoutRouteShouldBeRefusedEvenWithTheRightPassword() throws Exception {
    try (LdapUserMap password = open(CheckBy.PASSWORD_ATTRIBUTE);
        LdapUserMap bind = open(CheckBy.BIND)) {
      assertThat(password.authenticate("frank@example.test", "plain-secret")).isEmpty();
      assertThat(bind.authenticate("frank@example.test", "plain-secret")).isEmpty();
    }
  }

  @Test
  default void bindModeShouldAcceptTheRightPassword() throws Exception {
    try (LdapUserMap map = open(CheckBy.BIND)) {
      assertThat(map.authenticate("erin@example.test", "plain-secret"))
          .contains(new Route("erin@example.test", "mailstore-3.example.test"));
      assertThat(map.authenticate("Alice@example.test", PASSWORD))
          .contains(new Route("alice@example.test", "mailstore-1.example.test"));
    }
  }

  @Test
  default void bindModeShouldRefuseAWrongPassword() throws Exception {
    try (LdapUserMap map = open(CheckBy.BIND)) {
      assertThat(map.authenticate("erin@example.test", "wrong")).isEmpty();
      assertThat(map.authenticate("alice@example.test", "wrong")).isEmpty();
    }
  }

  @Test
  default void bindModeShouldRefuseAnEmptyPassword() throws Exception {
    try (LdapUserMap map = open(CheckBy.BIND)) {
      assertThat(map.authenticate("erin@example.test", "")).isEmpty();
    }
  }

  @Test
  default void serviceLookupsShouldKeepWorkingAfterUserBinds() throws Exception {
    try (LdapUserMap map = open(CheckBy.BIND)) {
      assertThat(map.authenticate("erin@example.test", "plain-secret")).isPresent();
      assertThat(map.authenticate("erin@example.test", "wrong")).isEmpty();
      assertThat(map.lookup("alice@example.test")).isPresent();
      assertThat(map.authenticate("alice@example.test", PASSWORD)).isPresent();
    }
  }
}
