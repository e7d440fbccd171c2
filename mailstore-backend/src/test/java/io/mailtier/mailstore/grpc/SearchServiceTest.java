package io.mailtier.mailstore.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.grpc.Context;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.StreamObserver;
import io.mailtier.common.grpc.GrpcErrors;
import io.mailtier.mailstore.auth.PasswordHasher;
import io.mailtier.mailstore.search.SearchCorpus;
import io.mailtier.mailstore.storage.SqliteMailStorage;
import io.mailtier.proto.mailstore.v1.ErrorReason;
import io.mailtier.proto.mailstore.v1.MailStoreGrpc;
import io.mailtier.proto.mailstore.v1.ProvisionAccountRequest;
import io.mailtier.proto.mailstore.v1.SearchCriteriaList;
import io.mailtier.proto.mailstore.v1.SearchCriterion;
import io.mailtier.proto.mailstore.v1.SearchDate;
import io.mailtier.proto.mailstore.v1.SearchDateComparison;
import io.mailtier.proto.mailstore.v1.SearchDateCriterion;
import io.mailtier.proto.mailstore.v1.SearchDateField;
import io.mailtier.proto.mailstore.v1.SearchHeaderCriterion;
import io.mailtier.proto.mailstore.v1.SearchRequest;
import io.mailtier.proto.mailstore.v1.SearchResponse;
import io.mailtier.proto.mailstore.v1.SearchSizeCriterion;
import io.mailtier.proto.mailstore.v1.SearchTextCriterion;
import io.mailtier.proto.mailstore.v1.SearchTextScope;
import io.mailtier.proto.mailstore.v1.SearchUidSet;
import io.mailtier.proto.mailstore.v1.SelectFolderRequest;
import io.mailtier.proto.mailstore.v1.UidRange;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Search RPC over an in-process transport: criteria mapping, errors, limits, cancellation. */
class SearchServiceTest {
  private static final String ALICE = "alice@example.test";

  @TempDir Path dir;
  private SqliteMailStorage storage;
  private MailStoreService service;
  private Server server;
  private ManagedChannel channel;
  private MailStoreClient client;

  @BeforeEach
  void start() throws Exception {
    storage = SqliteMailStorage.open(dir);
    service =
        new MailStoreService(
            storage, new PasswordHasher(256, 1, 1), 8L << 20, new SimpleMeterRegistry());
    String name = InProcessServerBuilder.generateName();
    server = InProcessServerBuilder.forName(name).addService(service).build().start();
    channel = InProcessChannelBuilder.forName(name).build();
    client = new MailStoreClient(channel);
    client
        .blocking()
        .provisionAccount(ProvisionAccountRequest.newBuilder().setAccount(ALICE).build());
    client.append(ALICE, "INBOX", SearchCorpus.german());
    client.append(ALICE, "INBOX", SearchCorpus.romanian());
    client.append(ALICE, "INBOX", SearchCorpus.cyrillic());
    client.append(ALICE, "INBOX", SearchCorpus.multipart());
  }

  @AfterEach
  void stop() throws InterruptedException {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    storage.close();
  }

  private SearchResponse search(SearchCriterion criteria) {
    return client
        .blocking()
        .search(
            SearchRequest.newBuilder()
                .setAccount(ALICE)
                .setFolder("INBOX")
                .setCriteria(criteria)
                .setReturnHighestModseq(true)
                .build());
  }

  private static SearchCriterion header(String field, String value) {
    return SearchCriterion.newBuilder()
        .setHeader(SearchHeaderCriterion.newBuilder().setField(field).setValue(value))
        .build();
  }

  private static SearchCriterion text(SearchTextScope scope, String value) {
    return SearchCriterion.newBuilder()
        .setText(SearchTextCriterion.newBuilder().setScope(scope).setValue(value))
        .build();
  }

  private static SearchCriterion or(SearchCriterion... c) {
    return SearchCriterion.newBuilder()
        .setOr(SearchCriteriaList.newBuilder().addAllCriteria(java.util.List.of(c)))
        .build();
  }

  private static void assertError(Status.Code code, ErrorReason reason, ThrowingCallable call) {
    Throwable t = catchThrowable(call);
    assertThat(t).as("expected %s/%s", code, reason).isNotNull();
    assertThat(GrpcErrors.code(t)).isEqualTo(code);
    assertThat(GrpcErrors.reason(t)).contains(reason);
  }

  @Test
  void internationalCriteriaShouldFindTheirMessages() {
    SearchResponse r =
        search(
            or(
                header("subject", "HAUPTSTRASSE"),
                text(SearchTextScope.SEARCH_TEXT_SCOPE_BODY, "ФРАНЦУЗСКИХ"),
                text(SearchTextScope.SEARCH_TEXT_SCOPE_TEXT, "ȘEDINȚĂ")));
    assertThat(r.getUidsList()).containsExactly(1, 2, 3);
    long highest =
        client
            .blocking()
            .selectFolder(
                SelectFolderRequest.newBuilder().setAccount(ALICE).setFolder("INBOX").build())
            .getStatus()
            .getHighestModseq();
    assertThat(r.getHighestModseq()).isPositive().isLessThan(highest);
    assertThat(r.getBytesScanned()).isPositive();
  }

  @Test
  void metadataCriteriaShouldMapFromTheWire() {
    SearchCriterion notUid12 =
        SearchCriterion.newBuilder()
            .setNot(
                SearchCriterion.newBuilder()
                    .setUids(
                        SearchUidSet.newBuilder()
                            .addRanges(UidRange.newBuilder().setFirst(1).setLast(2))))
            .build();
    SearchCriterion big =
        SearchCriterion.newBuilder()
            .setSize(SearchSizeCriterion.newBuilder().setLarger(true).setSize(1))
            .build();
    SearchCriterion sentOnMar4 =
        SearchCriterion.newBuilder()
            .setDate(
                SearchDateCriterion.newBuilder()
                    .setField(SearchDateField.SEARCH_DATE_FIELD_SENT)
                    .setComparison(SearchDateComparison.SEARCH_DATE_COMPARISON_ON)
                    .setDate(SearchDate.newBuilder().setYear(2026).setMonth(3).setDay(4)))
            .build();
    SearchCriterion and =
        SearchCriterion.newBuilder()
            .setAnd(SearchCriteriaList.newBuilder().addCriteria(notUid12).addCriteria(big))
            .build();
    assertThat(search(and).getUidsList()).containsExactly(3, 4);
    assertThat(search(sentOnMar4).getUidsList()).containsExactly(3);
    SearchResponse none = search(SearchCriterion.newBuilder().setFlagSet("\\Flagged").build());
    assertThat(none.getUidsList()).isEmpty();
    assertThat(none.getHighestModseq()).isZero();
  }

  @Test
  void malformedCriteriaShouldBeInvalidArgument() {
    assertError(
        Status.Code.INVALID_ARGUMENT,
        ErrorReason.INVALID_REQUEST,
        () -> search(SearchCriterion.getDefaultInstance()));
    assertError(
        Status.Code.INVALID_ARGUMENT,
        ErrorReason.INVALID_REQUEST,
        () ->
            search(
                SearchCriterion.newBuilder()
                    .setDate(
                        SearchDateCriterion.newBuilder()
                            .setField(SearchDateField.SEARCH_DATE_FIELD_INTERNAL)
                            .setComparison(SearchDateComparison.SEARCH_DATE_COMPARISON_ON)
                            .setDate(SearchDate.newBuilder().setYear(2026).setMonth(2).setDay(30)))
                    .build()));
    SearchCriterion deep = SearchCriterion.newBuilder().setAll(true).build();
    for (int i = 0; i < 200; i++) {
      deep = SearchCriterion.newBuilder().setNot(deep).build();
    }
    SearchCriterion tooDeep = deep;
    assertError(Status.Code.INVALID_ARGUMENT, ErrorReason.INVALID_REQUEST, () -> search(tooDeep));
    assertError(
        Status.Code.INVALID_ARGUMENT,
        ErrorReason.INVALID_REQUEST,
        () -> search(SearchCriterion.newBuilder().setOr(SearchCriteriaList.newBuilder()).build()));
    assertError(
        Status.Code.NOT_FOUND,
        ErrorReason.FOLDER_NOT_FOUND,
        () ->
            client
                .blocking()
                .search(SearchRequest.newBuilder().setAccount(ALICE).setFolder("Nope").build()));
    // the service keeps serving
    assertThat(search(SearchCriterion.newBuilder().setAll(true).build()).getUidsCount())
        .isEqualTo(4);
  }

  @Test
  void byteBudgetShouldGiveResourceExhausted() {
    assertError(
        Status.Code.RESOURCE_EXHAUSTED,
        ErrorReason.INVALID_REQUEST,
        () ->
            client
                .blocking()
                .search(
                    SearchRequest.newBuilder()
                        .setAccount(ALICE)
                        .setFolder("INBOX")
                        .setCriteria(text(SearchTextScope.SEARCH_TEXT_SCOPE_BODY, "absent"))
                        .setMaxBytesScanned(1500)
                        .build()));
  }

  @Test
  void cancelledCallShouldStopWithCancelled() throws Exception {
    CompletableFuture<Throwable> failure = new CompletableFuture<>();
    Context.CancellableContext ctx = Context.current().withCancellation();
    ctx.cancel(null);
    ctx.run(() ->
        service.search(
            SearchRequest.newBuilder()
                .setAccount(ALICE)
                .setFolder("INBOX")
                .setCriteria(text(SearchTextScope.SEARCH_TEXT_SCOPE_BODY, "absent"))
                .build(),
            new StreamObserver<>() {
              @Override
              public void onNext(SearchResponse value) {
                failure.complete(null);
              }

              @Override
              public void onError(Throwable t) {
                failure.complete(t);
              }

              @Override
              public void onCompleted() {}
            }));
    Throwable t = failure.get(5, TimeUnit.SECONDS);
    assertThat(t).isNotNull();
    assertThat(GrpcErrors.code(t)).isEqualTo(Status.Code.CANCELLED);
  }

  @Test
  void deadlineShouldReachTheClient() {
    Throwable t =
        catchThrowable(() ->
            MailStoreGrpc.newBlockingStub(channel)
                .withDeadlineAfter(1, TimeUnit.NANOSECONDS)
                .search(
                    SearchRequest.newBuilder()
                        .setAccount(ALICE)
                        .setFolder("INBOX")
                        .setCriteria(text(SearchTextScope.SEARCH_TEXT_SCOPE_BODY, "x"))
                        .build()));
    assertThat(GrpcErrors.code(t)).isEqualTo(Status.Code.DEADLINE_EXCEEDED);
  }
}
