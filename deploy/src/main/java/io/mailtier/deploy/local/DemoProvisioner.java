package io.mailtier.deploy.local;

import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.mailtier.proto.mailstore.v1.GetAccountRequest;
import io.mailtier.proto.mailstore.v1.MailStoreGrpc;
import io.mailtier.proto.mailstore.v1.ProvisionAccountRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates, on its node, every account of the demo directory that is not there yet: each entry with
 * {@code mail} and {@code mailHost} gets an account on the node named by {@code mailHost}.
 *
 * <p>This is the launcher's one-shot stand-in for directory-sync, which does not exist yet. The
 * accounts get no node password: in {@code mailtier up} users authenticate at the proxy against the
 * directory.
 */
final class DemoProvisioner {
  private static final Logger log = LoggerFactory.getLogger(DemoProvisioner.class);

  private DemoProvisioner() {}

  /**
   * @param nodes mailHost value → gRPC port of that node on loopback
   * @return the accounts created now (already existing ones are left alone)
   */
  static List<String> provision(DemoDirectory directory, Map<String, Integer> nodes)
      throws LDAPException {
    List<SearchResultEntry> entries =
        directory
            .server()
            .search(
                DemoDirectory.BASE_DN,
                SearchScope.SUB,
                Filter.createANDFilter(
                    Filter.createPresenceFilter("mail"), Filter.createPresenceFilter("mailHost")),
                "mail",
                "mailHost",
                "cn")
            .getSearchEntries();
    List<String> created = new ArrayList<>();
    for (SearchResultEntry entry : entries) {
      String account = entry.getAttributeValue("mail").toLowerCase(Locale.ROOT);
      String host = entry.getAttributeValue("mailHost").toLowerCase(Locale.ROOT);
      Integer port = nodes.get(host);
      if (port == null) {
        log.warn("{}: mailHost {} is not a node of this cluster; not provisioned", account, host);
        continue;
      }
      ManagedChannel channel =
          NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
      try {
        MailStoreGrpc.MailStoreBlockingStub stub = MailStoreGrpc.newBlockingStub(channel);
        if (!exists(stub, account)) {
          stub.withDeadlineAfter(10, TimeUnit.SECONDS)
              .provisionAccount(
                  ProvisionAccountRequest.newBuilder()
                      .setAccount(account)
                      .setDisplayName(entry.getAttributeValue("cn"))
                      .build());
          created.add(account);
          log.info("provisioned {} on {}", account, host);
        }
      } finally {
        channel.shutdownNow();
      }
    }
    return created;
  }

  private static boolean exists(MailStoreGrpc.MailStoreBlockingStub stub, String account) {
    try {
      stub.withDeadlineAfter(10, TimeUnit.SECONDS)
          .getAccount(GetAccountRequest.newBuilder().setAccount(account).build());
      return true;
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
        return false;
      }
      throw e;
    }
  }
}
