package io.mailtier.frontend.it;

import com.google.protobuf.ByteString;
import io.grpc.Channel;
import io.grpc.stub.StreamObserver;
import io.mailtier.proto.mailstore.v1.DeliverHeader;
import io.mailtier.proto.mailstore.v1.DeliverRequest;
import io.mailtier.proto.mailstore.v1.DeliverResponse;
import io.mailtier.proto.mailstore.v1.DeliveryRecipient;
import io.mailtier.proto.mailstore.v1.MailStoreGrpc;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Delivers test messages through a node's gRPC Deliver stream, as the SMTP router does. */
final class Deliveries {
  private Deliveries() {}

  static void deliver(Channel channel, String account, String folder, byte[] message) {
    CompletableFuture<DeliverResponse> done = new CompletableFuture<>();
    StreamObserver<DeliverRequest> requests =
        MailStoreGrpc.newStub(channel)
            .withDeadlineAfter(10, TimeUnit.SECONDS)
            .deliver(
                new StreamObserver<>() {
                  private DeliverResponse response;

                  @Override
                  public void onNext(DeliverResponse value) {
                    response = value;
                  }

                  @Override
                  public void onError(Throwable t) {
                    done.completeExceptionally(t);
                  }

                  @Override
                  public void onCompleted() {
                    done.complete(response);
                  }
                });
    requests.onNext(
        DeliverRequest.newBuilder()
            .setHeader(
                DeliverHeader.newBuilder()
                    .addRecipients(
                        DeliveryRecipient.newBuilder().setAccount(account).setFolder(folder))
                    .setSize(message.length)
                    .setEnvelopeFrom("sender@example.test"))
            .build());
    requests.onNext(DeliverRequest.newBuilder().setChunk(ByteString.copyFrom(message)).build());
    requests.onCompleted();
    DeliverResponse response = done.orTimeout(15, TimeUnit.SECONDS).join();
    if (response == null
        || response.getResultsCount() != 1
        || !response.getResults(0).getDelivered()) {
      throw new AssertionError("delivery to " + account + " failed: " + response);
    }
  }

  /** A small test message with CRLF line ends. */
  static byte[] message(String subject, String... bodyLines) {
    StringBuilder m =
        new StringBuilder()
            .append("From: carol@example.test\r\n")
            .append("To: alice@example.test\r\n")
            .append("Subject: ")
            .append(subject)
            .append("\r\n\r\n");
    for (String line : bodyLines) {
      m.append(line).append("\r\n");
    }
    return m.toString().getBytes(StandardCharsets.UTF_8);
  }
}
