package io.mailtier.mailstore;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.ManagedChannel;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.mailtier.mailstore.grpc.MailStoreClient;
import io.mailtier.proto.mailstore.v1.FetchRequest;
import io.mailtier.proto.mailstore.v1.MailStoreGrpc;
import io.mailtier.proto.mailstore.v1.ProvisionAccountRequest;
import io.mailtier.proto.mailstore.v1.UidRange;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A whole node over a real Netty socket on loopback. */
class MailstoreNodeTest {
  @TempDir Path dir;

  @Test
  void nodeShouldServeMailStoreHealthAndAdminOverLoopback() throws Exception {
    MailstoreConfig config = new MailstoreConfig("node-a", "127.0.0.1:0", dir, "127.0.0.1:0", 0, 2);
    try (MailstoreNode node = MailstoreNode.start(config)) {
      assertThat(node.grpcPort()).isPositive();
      assertThat(node.adminPort()).isPositive();
      assertThat(node.nodeName()).isEqualTo("node-a");
      ManagedChannel channel =
          NettyChannelBuilder.forAddress("127.0.0.1", node.grpcPort()).usePlaintext().build();
      try {
        HealthCheckResponse health =
            HealthGrpc.newBlockingStub(channel)
                .withDeadlineAfter(10, TimeUnit.SECONDS)
                .check(
                    HealthCheckRequest.newBuilder().setService(MailStoreGrpc.SERVICE_NAME).build());
        assertThat(health.getStatus()).isEqualTo(HealthCheckResponse.ServingStatus.SERVING);

        MailStoreClient client = new MailStoreClient(channel);
        client
            .blocking()
            .provisionAccount(
                ProvisionAccountRequest.newBuilder().setAccount("carol@example.test").build());
        byte[] content = new byte[2 * 1024 * 1024 + 7];
        new Random(11).nextBytes(content);
        client.append("carol@example.test", "INBOX", content, 1024 * 1024, content.length);
        var fetched =
            client.fetch(
                FetchRequest.newBuilder()
                    .setAccount("carol@example.test")
                    .setFolder("INBOX")
                    .addUids(UidRange.newBuilder().setFirst(1).setLast(0))
                    .setBody(true)
                    .build());
        assertThat(fetched.get(1).body()).isEqualTo(content);
      } finally {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }

      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
      String base = "http://127.0.0.1:" + node.adminPort();
      HttpResponse<String> ready =
          http.send(
              HttpRequest.newBuilder(URI.create(base + "/health/ready"))
                  .timeout(Duration.ofSeconds(5))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(ready.statusCode()).isEqualTo(200);
      HttpResponse<String> metrics =
          http.send(
              HttpRequest.newBuilder(URI.create(base + "/metrics"))
                  .timeout(Duration.ofSeconds(5))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(metrics.body())
          .contains("mailstore_messages_appended_total 1.0")
          .contains("mailstore_rpc_seconds");
      node.close();
      node.close();
    }
  }
}
