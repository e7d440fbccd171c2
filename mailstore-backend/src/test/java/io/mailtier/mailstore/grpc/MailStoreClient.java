package io.mailtier.mailstore.grpc;

import com.google.protobuf.ByteString;
import io.grpc.Channel;
import io.grpc.stub.StreamObserver;
import io.mailtier.proto.mailstore.v1.AppendHeader;
import io.mailtier.proto.mailstore.v1.AppendRequest;
import io.mailtier.proto.mailstore.v1.AppendResponse;
import io.mailtier.proto.mailstore.v1.DeliverHeader;
import io.mailtier.proto.mailstore.v1.DeliverRequest;
import io.mailtier.proto.mailstore.v1.DeliverResponse;
import io.mailtier.proto.mailstore.v1.FetchRequest;
import io.mailtier.proto.mailstore.v1.FetchResponse;
import io.mailtier.proto.mailstore.v1.MailStoreGrpc;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Test helper: the streaming calls of MailStore as simple blocking methods, with deadlines. */
public final class MailStoreClient {
  private final Channel channel;

  public MailStoreClient(Channel channel) {
    this.channel = channel;
  }

  public MailStoreGrpc.MailStoreBlockingStub blocking() {
    return MailStoreGrpc.newBlockingStub(channel).withDeadlineAfter(20, TimeUnit.SECONDS);
  }

  /** Appends {@code content} in chunks of {@code chunkSize}, declaring {@code declaredSize}. */
  public AppendResponse append(
      String account, String folder, byte[] content, int chunkSize, long declaredSize)
      throws Exception {
    CompletableFuture<AppendResponse> result = new CompletableFuture<>();
    StreamObserver<AppendRequest> requests =
        MailStoreGrpc.newStub(channel)
            .withDeadlineAfter(30, TimeUnit.SECONDS)
            .append(observer(result));
    requests.onNext(
        AppendRequest.newBuilder()
            .setHeader(
                AppendHeader.newBuilder()
                    .setAccount(account)
                    .setFolder(folder)
                    .setSize(declaredSize))
            .build());
    for (int off = 0; off < content.length && !result.isDone(); off += chunkSize) {
      int n = Math.min(chunkSize, content.length - off);
      requests.onNext(
          AppendRequest.newBuilder().setChunk(ByteString.copyFrom(content, off, n)).build());
    }
    requests.onCompleted();
    return get(result);
  }

  public AppendResponse append(String account, String folder, byte[] content) throws Exception {
    return append(account, folder, content, 64 * 1024, content.length);
  }

  public DeliverResponse deliver(DeliverHeader header, byte[] content) throws Exception {
    CompletableFuture<DeliverResponse> result = new CompletableFuture<>();
    StreamObserver<DeliverRequest> requests =
        MailStoreGrpc.newStub(channel)
            .withDeadlineAfter(30, TimeUnit.SECONDS)
            .deliver(observer(result));
    requests.onNext(
        DeliverRequest.newBuilder().setHeader(header.toBuilder().setSize(content.length)).build());
    for (int off = 0; off < content.length; off += 65536) {
      int n = Math.min(65536, content.length - off);
      requests.onNext(
          DeliverRequest.newBuilder().setChunk(ByteString.copyFrom(content, off, n)).build());
    }
    requests.onCompleted();
    return get(result);
  }

  /** A fetched message: its metadata, body bytes and the sizes of the chunks that carried them. */
  public record Fetched(
      io.mailtier.proto.mailstore.v1.FetchedMessage meta, byte[] body, List<Integer> chunks) {}

  /** Runs a Fetch and collects its stream, by UID, checking the message/chunk structure. */
  public Map<Integer, Fetched> fetch(FetchRequest request) {
    Map<Integer, Fetched> out = new LinkedHashMap<>();
    Iterator<FetchResponse> it = blocking().fetch(request);
    io.mailtier.proto.mailstore.v1.FetchedMessage current = null;
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    List<Integer> chunks = new ArrayList<>();
    while (it.hasNext()) {
      FetchResponse r = it.next();
      if (r.hasMessage()) {
        if (current != null) {
          out.put(current.getUid(), new Fetched(current, body.toByteArray(), chunks));
        }
        current = r.getMessage();
        body = new ByteArrayOutputStream();
        chunks = new ArrayList<>();
      } else {
        if (current == null || r.getBody().getUid() != current.getUid()) {
          throw new AssertionError("body chunk without its message");
        }
        body.writeBytes(r.getBody().getData().toByteArray());
        chunks.add(r.getBody().getData().size());
      }
    }
    if (current != null) {
      out.put(current.getUid(), new Fetched(current, body.toByteArray(), chunks));
    }
    return out;
  }

  private static <T> StreamObserver<T> observer(CompletableFuture<T> result) {
    return new StreamObserver<>() {
      @Override
      public void onNext(T value) {
        result.complete(value);
      }

      @Override
      public void onError(Throwable t) {
        result.completeExceptionally(t);
      }

      @Override
      public void onCompleted() {
        result.completeExceptionally(new IllegalStateException("completed without a response"));
      }
    };
  }

  private static <T> T get(CompletableFuture<T> f) throws Exception {
    try {
      return f.get(40, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof Exception ex) {
        throw ex;
      }
      throw e;
    } catch (TimeoutException e) {
      throw new AssertionError("call did not finish in time", e);
    }
  }
}
