package io.mailtier.deploy.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ResultCode;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo directory checks {SSHA} passwords correctly when many binds arrive at once (a shared,
 * unsynchronized digest used to fail some of them with invalid credentials).
 */
class DemoDirectoryConcurrentBindTest {
  @TempDir Path dir;

  @Test
  void concurrentBindsWithTheRightPasswordShouldAllSucceedAndWrongOnesAllFail() throws Exception {
    try (DemoDirectory directory = DemoDirectory.start(InetAddress.getLoopbackAddress(), 0, dir)) {
      assertThat(directory.addBenchUsers(8, LocalCluster.NODE_NAMES)).isEqualTo(8);
      assertThat(directory.addBenchUsers(8, LocalCluster.NODE_NAMES)).as("idempotent").isZero();
      AtomicInteger wrongOutcomes = new AtomicInteger();
      AtomicInteger binds = new AtomicInteger();
      List<Thread> threads = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        int n = t;
        threads.add(
            Thread.ofPlatform()
                .start(() -> {
                  try (LDAPConnection c = new LDAPConnection("127.0.0.1", directory.port())) {
                    for (int i = 0; i < 150; i++) {
                      boolean right = i % 5 != 0;
                      String dn =
                          n % 2 == 0
                              ? "uid=alice,ou=people," + DemoDirectory.BASE_DN
                              : "uid=user" + (n + 1) + ",ou=people," + DemoDirectory.BASE_DN;
                      String pw =
                          n % 2 == 0
                              ? (right ? "demo" : "wrong")
                              : (right ? DemoDirectory.BENCH_PASSWORD : "wrong");
                      ResultCode code;
                      try {
                        code = c.bind(dn, pw).getResultCode();
                      } catch (LDAPException e) {
                        code = e.getResultCode();
                      }
                      binds.incrementAndGet();
                      ResultCode expected =
                          right ? ResultCode.SUCCESS : ResultCode.INVALID_CREDENTIALS;
                      if (code != expected) {
                        wrongOutcomes.incrementAndGet();
                      }
                    }
                  } catch (LDAPException e) {
                    wrongOutcomes.incrementAndGet();
                  }
                }));
      }
      for (Thread t : threads) {
        t.join(60_000);
      }
      assertThat(binds.get()).isEqualTo(8 * 150);
      assertThat(wrongOutcomes.get()).isZero();
    }
  }
}
