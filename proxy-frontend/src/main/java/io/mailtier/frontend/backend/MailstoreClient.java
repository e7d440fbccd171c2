package io.mailtier.frontend.backend;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.mailtier.proto.mailstore.v1.AppendHeader;
import io.mailtier.proto.mailstore.v1.AppendRequest;
import io.mailtier.proto.mailstore.v1.AppendResponse;
import io.mailtier.proto.mailstore.v1.AuthenticateRequest;
import io.mailtier.proto.mailstore.v1.AuthenticateResponse;
import io.mailtier.proto.mailstore.v1.CopyMessagesRequest;
import io.mailtier.proto.mailstore.v1.CopyMessagesResponse;
import io.mailtier.proto.mailstore.v1.CreateFolderRequest;
import io.mailtier.proto.mailstore.v1.CreateFolderResponse;
import io.mailtier.proto.mailstore.v1.DeleteFolderRequest;
import io.mailtier.proto.mailstore.v1.DeleteFolderResponse;
import io.mailtier.proto.mailstore.v1.ExpungeRequest;
import io.mailtier.proto.mailstore.v1.ExpungeResponse;
import io.mailtier.proto.mailstore.v1.FetchRequest;
import io.mailtier.proto.mailstore.v1.FetchResponse;
import io.mailtier.proto.mailstore.v1.GetFolderStatusRequest;
import io.mailtier.proto.mailstore.v1.GetFolderStatusResponse;
import io.mailtier.proto.mailstore.v1.GetQuotaRequest;
import io.mailtier.proto.mailstore.v1.GetQuotaResponse;
import io.mailtier.proto.mailstore.v1.ListFoldersRequest;
import io.mailtier.proto.mailstore.v1.ListFoldersResponse;
import io.mailtier.proto.mailstore.v1.MailStoreGrpc;
import io.mailtier.proto.mailstore.v1.MoveMessagesRequest;
import io.mailtier.proto.mailstore.v1.MoveMessagesResponse;
import io.mailtier.proto.mailstore.v1.RenameFolderRequest;
import io.mailtier.proto.mailstore.v1.RenameFolderResponse;
import io.mailtier.proto.mailstore.v1.SelectFolderRequest;
import io.mailtier.proto.mailstore.v1.SelectFolderResponse;
import io.mailtier.proto.mailstore.v1.StoreFlagsRequest;
import io.mailtier.proto.mailstore.v1.StoreFlagsResponse;
import io.mailtier.proto.mailstore.v1.SubscribeRequest;
import io.mailtier.proto.mailstore.v1.SubscribeResponse;
import io.mailtier.proto.mailstore.v1.UnsubscribeRequest;
import io.mailtier.proto.mailstore.v1.UnsubscribeResponse;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * The MailStore API as Vert.x futures. Every call carries the configured deadline and completes on
 * the Vert.x context of its caller (the session's event loop), so handlers never see a gRPC thread.
 */
public final class MailstoreClient {
  private static final int CHUNK = 256 * 1024;
  private final ChannelPool channels;
  private final Duration deadline;
  private final io.grpc.ClientInterceptor originHeaders;

  public MailstoreClient(ChannelPool channels, Duration deadline) {
    this(channels, deadline, null);
  }

  private MailstoreClient(ChannelPool channels, Duration deadline, SessionOrigin origin) {
    this.channels = channels;
    this.deadline = deadline;
    this.originHeaders = origin == null ? null : origin.interceptor();
  }

  /**
   * The same client for one session: every call carries the session's origin (client IP, port,
   * session id) as gRPC metadata, for the node's logs.
   */
  public MailstoreClient forSession(SessionOrigin origin) {
    return new MailstoreClient(channels, deadline, origin);
  }

  public Duration deadline() {
    return deadline;
  }

  public Future<AuthenticateResponse> authenticate(String backend, AuthenticateRequest request) {
    return unary(backend, (stub, obs) -> stub.authenticate(request, obs));
  }

  public Future<ListFoldersResponse> listFolders(String backend, ListFoldersRequest request) {
    return unary(backend, (stub, obs) -> stub.listFolders(request, obs));
  }

  public Future<SelectFolderResponse> selectFolder(String backend, SelectFolderRequest request) {
    return unary(backend, (stub, obs) -> stub.selectFolder(request, obs));
  }

  public Future<GetFolderStatusResponse> folderStatus(
      String backend, GetFolderStatusRequest request) {
    return unary(backend, (stub, obs) -> stub.getFolderStatus(request, obs));
  }

  public Future<CreateFolderResponse> createFolder(String backend, CreateFolderRequest request) {
    return unary(backend, (stub, obs) -> stub.createFolder(request, obs));
  }

  public Future<DeleteFolderResponse> deleteFolder(String backend, DeleteFolderRequest request) {
    return unary(backend, (stub, obs) -> stub.deleteFolder(request, obs));
  }

  public Future<RenameFolderResponse> renameFolder(String backend, RenameFolderRequest request) {
    return unary(backend, (stub, obs) -> stub.renameFolder(request, obs));
  }

  /** SEARCH on the node; the deadline bounds the node's work too (it stops when it passes). */
  public Future<io.mailtier.proto.mailstore.v1.SearchResponse> search(
      String backend, io.mailtier.proto.mailstore.v1.SearchRequest request) {
    return unary(backend, (stub, obs) -> stub.search(request, obs));
  }

  public Future<StoreFlagsResponse> storeFlags(String backend, StoreFlagsRequest request) {
    return unary(backend, (stub, obs) -> stub.storeFlags(request, obs));
  }

  public Future<ExpungeResponse> expunge(String backend, ExpungeRequest request) {
    return unary(backend, (stub, obs) -> stub.expunge(request, obs));
  }

  public Future<CopyMessagesResponse> copyMessages(String backend, CopyMessagesRequest request) {
    return unary(backend, (stub, obs) -> stub.copyMessages(request, obs));
  }

  public Future<MoveMessagesResponse> moveMessages(String backend, MoveMessagesRequest request) {
    return unary(backend, (stub, obs) -> stub.moveMessages(request, obs));
  }

  public Future<SubscribeResponse> subscribe(String backend, SubscribeRequest request) {
    return unary(backend, (stub, obs) -> stub.subscribe(request, obs));
  }

  public Future<UnsubscribeResponse> unsubscribe(String backend, UnsubscribeRequest request) {
    return unary(backend, (stub, obs) -> stub.unsubscribe(request, obs));
  }

  public Future<GetQuotaResponse> getQuota(String backend, GetQuotaRequest request) {
    return unary(backend, (stub, obs) -> stub.getQuota(request, obs));
  }

  /** Streams a Fetch and collects every element of the stream, in order. */
  public Future<List<FetchResponse>> fetch(String backend, FetchRequest request) {
    Context context = Vertx.currentContext();
    Promise<List<FetchResponse>> promise = Promise.promise();
    var stub = stub(backend, promise);
    if (stub == null) {
      return promise.future();
    }
    List<FetchResponse> items = new ArrayList<>();
    stub.fetch(
        request,
        new StreamObserver<>() {
          @Override
          public void onNext(FetchResponse value) {
            items.add(value);
          }

          @Override
          public void onError(Throwable t) {
            onContext(context, () -> promise.fail(t));
          }

          @Override
          public void onCompleted() {
            onContext(context, () -> promise.complete(items));
          }
        });
    return promise.future();
  }

  /** Appends one message: the header, then the bytes in chunks. */
  public Future<AppendResponse> append(String backend, AppendHeader header, byte[] message) {
    Context context = Vertx.currentContext();
    Promise<AppendResponse> promise = Promise.promise();
    var stub = stub(backend, promise);
    if (stub == null) {
      return promise.future();
    }
    StreamObserver<AppendRequest> requests = stub.append(observer(context, promise));
    try {
      requests.onNext(AppendRequest.newBuilder().setHeader(header).build());
      for (int off = 0; off < message.length; off += CHUNK) {
        int len = Math.min(CHUNK, message.length - off);
        requests.onNext(
            AppendRequest.newBuilder().setChunk(ByteString.copyFrom(message, off, len)).build());
      }
      requests.onCompleted();
    } catch (RuntimeException e) {
      requests.onError(e);
    }
    return promise.future();
  }

  private <T> Future<T> unary(
      String backend, BiConsumer<MailStoreGrpc.MailStoreStub, StreamObserver<T>> call) {
    Context context = Vertx.currentContext();
    Promise<T> promise = Promise.promise();
    var stub = stub(backend, promise);
    if (stub != null) {
      try {
        call.accept(stub, observer(context, promise));
      } catch (RuntimeException e) {
        promise.tryFail(e);
      }
    }
    return promise.future();
  }

  private MailStoreGrpc.MailStoreStub stub(String backend, Promise<?> promise) {
    var channel = channels.channel(backend);
    if (channel.isEmpty()) {
      promise.fail(
          Status.UNAVAILABLE
              .withDescription("back-end '" + backend + "' is not in the node directory")
              .asRuntimeException());
      return null;
    }
    var stub =
        MailStoreGrpc.newStub(channel.get())
            .withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS);
    return originHeaders == null ? stub : stub.withInterceptors(originHeaders);
  }

  private static <T> StreamObserver<T> observer(Context context, Promise<T> promise) {
    return new StreamObserver<>() {
      private T value;

      @Override
      public void onNext(T v) {
        value = v;
      }

      @Override
      public void onError(Throwable t) {
        onContext(context, () -> promise.tryFail(t));
      }

      @Override
      public void onCompleted() {
        T v = value;
        onContext(context, () -> promise.tryComplete(v));
      }
    };
  }

  private static void onContext(Context context, Runnable action) {
    if (context == null) {
      action.run();
    } else {
      context.runOnContext(v -> action.run());
    }
  }
}
