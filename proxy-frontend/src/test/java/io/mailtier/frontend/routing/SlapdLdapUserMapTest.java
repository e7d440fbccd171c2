package io.mailtier.frontend.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.unboundid.ldap.sdk.BindResult;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPConnectionOptions;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SimpleBindRequest;
import io.mailtier.frontend.routing.LdapUserMap.CheckBy;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link LdapUserMap} against a real OpenLDAP slapd (Debian package {@code slapd}), started
 * privately on a free port of 127.0.0.1. Skipped, saying so, where slapd is not installed.
 *
 * <p>The ACLs are a typical production set: only the service account may read entries and {@code
 * userPassword}; anonymous may only bind. So a search made with a user's identity instead of the
 * service account's finds nothing, which shows that user binds leave the service pool alone.
 */
@Timeout(60)
class SlapdLdapUserMapTest implements LdapUserMapContract {
  private static final String ACLS =
      """
      olcAccess: {0}to attrs=userPassword by dn.exact="cn=svc,dc=example,dc=test" read by anonymous auth by * none
      olcAccess: {1}to * by dn.exact="cn=svc,dc=example,dc=test" read by * none
      """;

  private static SlapdServer slapd;

  @BeforeAll
  static void startSlapd() throws Exception {
    assumeTrue(
        SlapdServer.available(),
        "OpenLDAP is not installed (" + SlapdServer.SLAPD + "): apt-get install slapd");
    // bind_anon_dn: the directory accepts "DN + empty password" binds, the case the map must
    // refuse.
    slapd = SlapdServer.start(BASE_DN, "olcAllows: bind_anon_dn", ACLS);
    slapd.load("/routing/users.ldif");
  }

  @AfterAll
  static void stopSlapd() throws Exception {
    if (slapd != null) {
      slapd.close();
    }
  }

  @Override
  public String ldapUrl() {
    return slapd.url();
  }

  @Test
  void bindModeShouldAcceptCryptSha512StoredBySlappasswd() throws Exception {
    try (LdapUserMap map = open(CheckBy.BIND)) {
      assertThat(map.authenticate("bob@example.test", PASSWORD))
          .contains(new Route("bob@example.test", "mailstore-2.example.test"));
      assertThat(map.authenticate("bob@example.test", "wrong")).isEmpty();
    }
  }

  @Test
  void userBindsShouldNotChangeTheServicePoolsIdentity() throws Exception {
    // One connection in each pool: if a user bind ran on the service connection, the next
    // search would run as erin, who may read nothing, and find no route.
    LdapConnectorConfig one =
        new LdapConnectorConfig(
            ldapUrl(),
            SERVICE_DN,
            SERVICE_PASSWORD,
            BASE_DN,
            null,
            null,
            null,
            null,
            Duration.ofSeconds(2),
            1);
    try (LdapUserMap map = LdapUserMap.open(one, CheckBy.BIND)) {
      for (int i = 0; i < 3; i++) {
        assertThat(map.authenticate("erin@example.test", "plain-secret")).isPresent();
        assertThat(map.authenticate("alice@example.test", "wrong")).isEmpty();
        assertThat(map.lookup("bob@example.test"))
            .contains(new Route("bob@example.test", "mailstore-2.example.test"));
      }
    }
  }

  @Test
  void searchWithAnotherIdentityShouldFailUnderTheseAcls() {
    // The other half of the test above: the ACLs really hide the tree from other identities
    // (slapd answers noSuchObject for the base, a directory failure for the map).
    LdapConnectorConfig anonymous =
        new LdapConnectorConfig(
            ldapUrl(), "", "", BASE_DN, null, null, null, null, Duration.ofSeconds(2), 1);
    try (LdapUserMap map = LdapUserMap.open(anonymous, CheckBy.PASSWORD_ATTRIBUTE)) {
      assertThatThrownBy(() -> map.lookup("alice@example.test"))
          .isInstanceOf(DirectoryUnavailableException.class);
    }
  }

  @Test
  void emptyPasswordShouldBeRefusedThoughSlapdWouldAcceptTheUnauthenticatedBind() throws Exception {
    LDAPConnectionOptions permissive = new LDAPConnectionOptions();
    permissive.setBindWithDNRequiresPassword(false); // UnboundID's own guard, switched off
    try (LdapUserMap map = open(CheckBy.BIND);
        LDAPConnection raw = new LDAPConnection(permissive, "127.0.0.1", slapd.port())) {
      // What the directory does with it: an RFC 4513 unauthenticated bind, "success".
      BindResult result =
          raw.bind(new SimpleBindRequest("uid=erin,ou=people,dc=example,dc=test", ""));
      assertThat(result.getResultCode()).isEqualTo(ResultCode.SUCCESS);

      assertThat(map.authenticate("erin@example.test", "")).isEmpty();
    }
  }

  @Test
  void wrongServicePasswordShouldGiveDirectoryUnavailable() {
    LdapConnectorConfig wrong =
        new LdapConnectorConfig(
            ldapUrl(),
            SERVICE_DN,
            "nope",
            BASE_DN,
            null,
            null,
            null,
            null,
            Duration.ofSeconds(2),
            1);
    try (LdapUserMap map = LdapUserMap.open(wrong, CheckBy.PASSWORD_ATTRIBUTE)) {
      assertThatThrownBy(() -> map.lookup("alice@example.test"))
          .isInstanceOf(DirectoryUnavailableException.class);
    }
  }
}
