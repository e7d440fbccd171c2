package io.mailtier.common.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class AdminServerTest {
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private HttpResponse<String> get(AdminServer admin, String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + admin.port() + path))
            .timeout(Duration.ofSeconds(5))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void readyShouldFollowTheChecksAndMetricsShouldBeScraped() throws Exception {
    AtomicReference<String> problem = new AtomicReference<>("node-2 unreachable");
    try (AdminServer admin =
        AdminServer.start(new InetSocketAddress("127.0.0.1", 0), AdminServer.newRegistry())) {
      admin.addReadinessCheck("backends", problem::get);
      admin.registry().counter("mailtier_test_events").increment(3);

      assertThat(get(admin, "/health/live").statusCode()).isEqualTo(200);
      HttpResponse<String> notReady = get(admin, "/health/ready");
      assertThat(notReady.statusCode()).isEqualTo(503);
      assertThat(notReady.body()).contains("backends: node-2 unreachable");

      problem.set(null);
      assertThat(get(admin, "/health/ready").statusCode()).isEqualTo(200);

      HttpResponse<String> metrics = get(admin, "/metrics");
      assertThat(metrics.statusCode()).isEqualTo(200);
      assertThat(metrics.body()).contains("mailtier_test_events_total 3.0");
    }
  }
}
