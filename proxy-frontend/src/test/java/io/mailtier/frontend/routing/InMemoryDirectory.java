package io.mailtier.frontend.routing;

import com.unboundid.ldap.listener.Base64PasswordEncoderOutputFormatter;
import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import com.unboundid.ldap.listener.SaltedMessageDigestInMemoryPasswordEncoder;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedSearchRequest;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedSimpleBindRequest;
import com.unboundid.ldap.listener.interceptor.InMemoryOperationInterceptor;
import com.unboundid.ldif.LDIFReader;
import java.io.InputStream;
import java.net.InetAddress;
import java.security.MessageDigest;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * UnboundID's in-memory directory on 127.0.0.1, an ephemeral port, loaded from {@code
 * routing/users.ldif}; it counts the searches and the user binds it receives. Schema checking is
 * off (the LDIF uses misc.schema's {@code mailHost}); binds understand cleartext and {SSHA} (4-byte
 * salt, as slappasswd writes it).
 */
final class InMemoryDirectory implements AutoCloseable {
  final AtomicInteger searches = new AtomicInteger();
  final AtomicInteger userBinds = new AtomicInteger();
  private final InMemoryDirectoryServer server;

  InMemoryDirectory() throws Exception {
    InMemoryDirectoryServerConfig config =
        new InMemoryDirectoryServerConfig(LdapUserMapContract.BASE_DN);
    config.setSchema(null);
    config.setListenerConfigs(
        InMemoryListenerConfig.createLDAPConfig("ldap", InetAddress.getLoopbackAddress(), 0, null));
    config.setPasswordEncoders(
        null,
        new SaltedMessageDigestInMemoryPasswordEncoder(
            "{SSHA}",
            Base64PasswordEncoderOutputFormatter.getInstance(),
            MessageDigest.getInstance("SHA-1"),
            4,
            true,
            true));
    config.addInMemoryOperationInterceptor(
        new InMemoryOperationInterceptor() {
          @Override
          public void processSearchRequest(InMemoryInterceptedSearchRequest request) {
            searches.incrementAndGet();
          }

          @Override
          public void processSimpleBindRequest(InMemoryInterceptedSimpleBindRequest request) {
            if (!request.getRequest().getBindDN().equals(LdapUserMapContract.SERVICE_DN)) {
              userBinds.incrementAndGet();
            }
          }
        });
    server = new InMemoryDirectoryServer(config);
    try (InputStream ldif = getClass().getResourceAsStream("/routing/users.ldif");
        LDIFReader reader = new LDIFReader(ldif)) {
      server.importFromLDIF(true, reader);
    }
    server.startListening();
  }

  String url() {
    return "ldap://127.0.0.1:" + server.getListenPort();
  }

  void resetCounters() {
    searches.set(0);
    userBinds.set(0);
  }

  @Override
  public void close() {
    server.shutDown(true);
  }
}
