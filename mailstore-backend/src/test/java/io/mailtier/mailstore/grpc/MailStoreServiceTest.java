package io.mailtier.mailstore.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.mailtier.common.grpc.GrpcErrors;
import io.mailtier.mailstore.auth.PasswordHasher;
import io.mailtier.mailstore.storage.SqliteMailStorage;
import io.mailtier.proto.mailstore.v1.AuthenticateRequest;
import io.mailtier.proto.mailstore.v1.BodyChunk;
import io.mailtier.proto.mailstore.v1.ByteRange;
import io.mailtier.proto.mailstore.v1.CopyMessagesRequest;
import io.mailtier.proto.mailstore.v1.CopyMessagesResponse;
import io.mailtier.proto.mailstore.v1.CreateFolderRequest;
import io.mailtier.proto.mailstore.v1.DeleteFolderRequest;
import io.mailtier.proto.mailstore.v1.DeliverHeader;
import io.mailtier.proto.mailstore.v1.DeliverResponse;
import io.mailtier.proto.mailstore.v1.DeliveryRecipient;
import io.mailtier.proto.mailstore.v1.ErrorReason;
import io.mailtier.proto.mailstore.v1.ExpungeRequest;
import io.mailtier.proto.mailstore.v1.FetchRequest;
import io.mailtier.proto.mailstore.v1.FetchResponse;
import io.mailtier.proto.mailstore.v1.FetchedMessage;
import io.mailtier.proto.mailstore.v1.FetchedSection;
import io.mailtier.proto.mailstore.v1.GetAccountRequest;
import io.mailtier.proto.mailstore.v1.GetQuotaRequest;
import io.mailtier.proto.mailstore.v1.ListAccountsRequest;
import io.mailtier.proto.mailstore.v1.ListAccountsResponse;
import io.mailtier.proto.mailstore.v1.ListFoldersRequest;
import io.mailtier.proto.mailstore.v1.MailStoreGrpc;
import io.mailtier.proto.mailstore.v1.MailboxRef;
import io.mailtier.proto.mailstore.v1.MoveMessagesRequest;
import io.mailtier.proto.mailstore.v1.MoveMessagesResponse;
import io.mailtier.proto.mailstore.v1.ProvisionAccountRequest;
import io.mailtier.proto.mailstore.v1.RenameFolderRequest;
import io.mailtier.proto.mailstore.v1.SectionKind;
import io.mailtier.proto.mailstore.v1.SectionRequest;
import io.mailtier.proto.mailstore.v1.SelectFolderRequest;
import io.mailtier.proto.mailstore.v1.SpecialUse;
import io.mailtier.proto.mailstore.v1.StoreFlagsRequest;
import io.mailtier.proto.mailstore.v1.StoreMode;
import io.mailtier.proto.mailstore.v1.SubscribeRequest;
import io.mailtier.proto.mailstore.v1.UidRange;
import io.mailtier.proto.mailstore.v1.UnsubscribeRequest;
import io.mailtier.proto.mailstore.v1.WatchEvent;
import io.mailtier.proto.mailstore.v1.WatchRequest;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The MailStore service through its gRPC API, over an in-process transport. */
class MailStoreServiceTest {
  private static final String ALICE = "alice@example.test";
  private static final long MAX_MESSAGE = 8L * 1024 * 1024;

  @TempDir Path dir;
  private SqliteMailStorage storage;
  private Server server;
  private ManagedChannel channel;
  private MailStoreClient client;

  @BeforeEach
  void start() throws Exception {
    storage = SqliteMailStorage.open(dir);
    String name = InProcessServerBuilder.generateName();
    server =
        InProcessServerBuilder.forName(name)
            .addService(
                service =
                    new MailStoreService(
                        storage,
                        new PasswordHasher(256, 1, 1),
                        MAX_MESSAGE,
                        new SimpleMeterRegistry()))
            .build()
            .start();
    channel = InProcessChannelBuilder.forName(name).build();
    client = new MailStoreClient(channel);
  }

  @AfterEach
  void stop() throws InterruptedException {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    storage.close();
  }

  private void provision(String account, String password, long quotaBytes) {
    client
        .blocking()
        .provisionAccount(
            ProvisionAccountRequest.newBuilder()
                .setAccount(account)
                .setPassword(password)
                .setQuotaBytes(quotaBytes)
                .build());
  }

  private static void assertError(Status.Code code, ErrorReason reason, ThrowingCallable call) {
    Throwable t = catchThrowable(call);
    assertThat(t).as("expected %s/%s", code, reason).isNotNull();
    assertThat(GrpcErrors.code(t)).isEqualTo(code);
    assertThat(GrpcErrors.reason(t)).contains(reason);
  }

  static byte[] randomBytes(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  @Test
  void authenticateShouldSucceedOnlyWithTheRightPassword() {
    provision("Alice@Example.test", "s3cret", 0);
    var ok =
        client
            .blocking()
            .authenticate(
                AuthenticateRequest.newBuilder().setAccount(ALICE).setPassword("s3cret").build());
    assertThat(ok.getAccount().getName()).isEqualTo(ALICE);
    for (var req :
        new AuthenticateRequest[] {
          AuthenticateRequest.newBuilder().setAccount(ALICE).setPassword("wrong").build(),
          AuthenticateRequest.newBuilder()
              .setAccount("bob@example.test")
              .setPassword("s3cret")
              .build(),
          AuthenticateRequest.newBuilder().setAccount(ALICE).build()
        }) {
      assertError(
          Status.Code.UNAUTHENTICATED,
          ErrorReason.INVALID_CREDENTIALS,
          () -> client.blocking().authenticate(req));
    }
  }

  @Test
  void accountCallsShouldCarryTheRightReasons() {
    provision(ALICE, "", 0);
    assertError(
        Status.Code.ALREADY_EXISTS, ErrorReason.ACCOUNT_EXISTS, () -> provision(ALICE, "", 0));
    assertError(
        Status.Code.NOT_FOUND,
        ErrorReason.ACCOUNT_NOT_FOUND,
        () ->
            client.blocking().getAccount(GetAccountRequest.newBuilder().setAccount("x@y").build()));
    assertError(
        Status.Code.INVALID_ARGUMENT,
        ErrorReason.INVALID_REQUEST,
        () -> client.blocking().getAccount(GetAccountRequest.getDefaultInstance()));
    assertError(
        Status.Code.INVALID_ARGUMENT,
        ErrorReason.INVALID_REQUEST,
        () -> provision("a".repeat(10_000), "", 0));
    assertError(
        Status.Code.INVALID_ARGUMENT,
        ErrorReason.INVALID_REQUEST,
        () ->
            client
                .blocking()
                .provisionAccount(
                    ProvisionAccountRequest.newBuilder()
                        .setAccount("q@x")
                        .setQuotaBytes(-1)
                        .build()));
  }

  @Test
  void listAccountsShouldPageWithTokens() {
    for (int i = 0; i < 5; i++) {
      provision("user" + i + "@example.test", "", 0);
    }
    ListAccountsResponse first =
        client.blocking().listAccounts(ListAccountsRequest.newBuilder().setPageSize(3).build());
    assertThat(first.getAccountsCount()).isEqualTo(3);
    ListAccountsResponse second =
        client
            .blocking()
            .listAccounts(
                ListAccountsRequest.newBuilder()
                    .setPageSize(3)
                    .setPageToken(first.getNextPageToken())
                    .build());
    assertThat(second.getAccountsList())
        .extracting(a -> a.getName())
        .containsExactly("user3@example.test", "user4@example.test");
    assertThat(second.getNextPageToken()).isEmpty();
  }

  @Test
  void folderCallsShouldValidateNamesAndProtectInbox() {
    provision(ALICE, "", 0);
    var folders =
        client.blocking().listFolders(ListFoldersRequest.newBuilder().setAccount(ALICE).build());
    assertThat(folders.getHierarchyDelimiter()).isEqualTo("/");
    assertThat(folders.getFolders(0).getName()).isEqualTo("INBOX");
    assertThat(folders.getFoldersList())
        .anySatisfy(f -> assertThat(f.getSpecialUse()).isEqualTo(SpecialUse.SPECIAL_USE_TRASH));
    assertError(
        Status.Code.INVALID_ARGUMENT,
        ErrorReason.INVALID_FOLDER_NAME,
        () ->
            client
                .blocking()
                .createFolder(
                    CreateFolderRequest.newBuilder()
                        .setAccount(ALICE)
                        .setFolder("x".repeat(100_000))
                        .build()));
    assertError(
        Status.Code.ALREADY_EXISTS,
        ErrorReason.FOLDER_EXISTS,
        () ->
            client
                .blocking()
                .createFolder(
                    CreateFolderRequest.newBuilder().setAccount(ALICE).setFolder("Sent").build()));
    assertError(
        Status.Code.FAILED_PRECONDITION,
        ErrorReason.FOLDER_NOT_DELETABLE,
        () ->
            client
                .blocking()
                .deleteFolder(
                    DeleteFolderRequest.newBuilder().setAccount(ALICE).setFolder("INBOX").build()));
    assertError(
        Status.Code.NOT_FOUND,
        ErrorReason.FOLDER_NOT_FOUND,
        () ->
            client
                .blocking()
                .selectFolder(
                    SelectFolderRequest.newBuilder().setAccount(ALICE).setFolder("Nope").build()));
    client
        .blocking()
        .renameFolder(
            RenameFolderRequest.newBuilder()
                .setAccount(ALICE)
                .setFromFolder("Junk")
                .setToFolder("Spam")
                .build());
    assertThat(
            client
                .blocking()
                .selectFolder(
                    SelectFolderRequest.newBuilder().setAccount(ALICE).setFolder("Spam").build())
                .getSpecialUse())
        .isEqualTo(SpecialUse.SPECIAL_USE_JUNK);
  }

  @Test
  void appendOfMultiMibMessageInManyChunksShouldRoundTripThroughFetch() throws Exception {
    provision(ALICE, "", 0);
    byte[] content = randomBytes(3 * 1024 * 1024 + 12345, 7);
    var r = client.append(ALICE, "INBOX", content, 32 * 1024, content.length);
    assertThat(r.getUid()).isEqualTo(1);
    Map<Integer, MailStoreClient.Fetched> got =
        client.fetch(
            FetchRequest.newBuilder()
                .setAccount(ALICE)
                .setFolder("INBOX")
                .addUids(UidRange.newBuilder().setFirst(1))
                .setBody(true)
                .setSize(true)
                .setFlags(true)
                .build());
    MailStoreClient.Fetched m = got.get(1);
    assertThat(m.meta().getSize()).isEqualTo(content.length);
    assertThat(m.meta().getBodyLength()).isEqualTo(content.length);
    assertThat(m.body()).isEqualTo(content);
    assertThat(m.chunks()).allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(1024 * 1024));
    assertThat(m.meta().getModseq()).isEqualTo(r.getModseq());
  }

  @Test
  void fetchShouldStreamUnderClientFlowControlAndSurviveCancellation() throws Exception {
    provision(ALICE, "", 0);
    byte[] content = randomBytes(6 * 1024 * 1024, 5);
    client.append(ALICE, "INBOX", content, 1024 * 1024, content.length);
    java.util.concurrent.BlockingQueue<FetchResponse> received =
        new java.util.concurrent.LinkedBlockingQueue<>();
    java.util.concurrent.CompletableFuture<Void> closed =
        new java.util.concurrent.CompletableFuture<>();
    java.util.concurrent.atomic.AtomicReference<ClientCallStreamObserver<FetchRequest>> call =
        new java.util.concurrent.atomic.AtomicReference<>();
    MailStoreGrpc.newStub(channel)
        .withDeadlineAfter(20, TimeUnit.SECONDS)
        .fetch(
            FetchRequest.newBuilder()
                .setAccount(ALICE)
                .setFolder("INBOX")
                .addUids(UidRange.newBuilder().setFirst(1))
                .setBody(true)
                .build(),
            new ClientResponseObserver<FetchRequest, FetchResponse>() {
              @Override
              public void beforeStart(ClientCallStreamObserver<FetchRequest> requestStream) {
                call.set(requestStream);
                requestStream.disableAutoRequestWithInitial(2);
              }

              @Override
              public void onNext(FetchResponse value) {
                received.add(value);
              }

              @Override
              public void onError(Throwable t) {
                closed.complete(null);
              }

              @Override
              public void onCompleted() {
                closed.complete(null);
              }
            });
    assertThat(received.poll(10, TimeUnit.SECONDS).hasMessage()).isTrue();
    assertThat(received.poll(10, TimeUnit.SECONDS).getBody().getData().size())
        .isEqualTo(FetchStreamer.CHUNK_BYTES);
    assertThat(received.poll(300, TimeUnit.MILLISECONDS))
        .as("nothing beyond what was requested")
        .isNull();
    call.get().cancel("enough", null);
    closed.get(10, TimeUnit.SECONDS);
    var again =
        client.fetch(
            FetchRequest.newBuilder()
                .setAccount(ALICE)
                .setFolder("INBOX")
                .addUids(UidRange.newBuilder().setFirst(1))
                .setBody(true)
                .build());
    assertThat(again.get(1).body()).isEqualTo(content);
  }

  @Test
  void fetchShouldHonourBodyRangeClampedToTheMessageAndSetSeen() throws Exception {
    provision(ALICE, "", 0);
    byte[] content =
        "Subject: range\r\n\r\n0123456789abcdefghij".getBytes(StandardCharsets.US_ASCII);
    client.append(ALICE, "INBOX", content);
    FetchRequest.Builder req =
        FetchRequest.newBuilder()
            .setAccount(ALICE)
            .setFolder("INBOX")
            .addUids(UidRange.newBuilder().setFirst(1).setLast(0))
            .setBody(true)
            .setFlags(true);
    var part =
        client
            .fetch(req.setBodyRange(ByteRange.newBuilder().setOffset(18).setLength(10)).build())
            .get(1);
    assertThat(new String(part.body(), StandardCharsets.US_ASCII)).isEqualTo("0123456789");
    assertThat(part.meta().getBodyOffset()).isEqualTo(18);
    assertThat(part.meta().getFlagsList()).isEmpty();

    var tail =
        client
            .fetch(
                req.setBodyRange(ByteRange.newBuilder().setOffset(30).setLength(1_000_000))
                    .setSetSeen(true)
                    .build())
            .get(1);
    assertThat(tail.body()).isEqualTo(Arrays.copyOfRange(content, 30, content.length));
    assertThat(tail.meta().getFlagsList()).containsExactly("\\Seen");

    var beyond =
        client.fetch(req.setBodyRange(ByteRange.newBuilder().setOffset(-1L)).build()).get(1);
    assertThat(beyond.meta().getBodyLength()).isZero();
    assertThat(beyond.body()).isEmpty();
  }

  @Test
  void fetchShouldRejectBadUidsAndChangedUidValidity() throws Exception {
    provision(ALICE, "", 0);
    var r = client.append(ALICE, "INBOX", "x".getBytes(StandardCharsets.US_ASCII));
    FetchRequest.Builder req =
        FetchRequest.newBuilder().setAccount(ALICE).setFolder("INBOX").setFlags(true);
    assertError(
        Status.Code.INVALID_ARGUMENT, ErrorReason.INVALID_REQUEST, () -> client.fetch(req.build()));
    req.addUids(UidRange.newBuilder().setFirst(1));
    assertError(
        Status.Code.FAILED_PRECONDITION,
        ErrorReason.UIDVALIDITY_CHANGED,
        () -> client.fetch(req.setUidValidity(r.getUidValidity() + 1).build()));
    assertError(
        Status.Code.INVALID_ARGUMENT,
        ErrorReason.INVALID_REQUEST,
        () ->
            client.fetch(req.setUidValidity(0).addUids(UidRange.newBuilder().setFirst(0)).build()));
  }

  @Test
  void appendShouldFailWithSizeMismatchWhenBytesDifferFromDeclaredSize() throws Exception {
    provision(ALICE, "", 0);
    byte[] content = randomBytes(1000, 1);
    assertError(
        Status.Code.INVALID_ARGUMENT,
        ErrorReason.SIZE_MISMATCH,
        () -> client.append(ALICE, "INBOX", content, 100, 2000));
    assertError(
        Status.Code.INVALID_ARGUMENT,
        ErrorReason.SIZE_MISMATCH,
        () -> client.append(ALICE, "INBOX", content, 100, 500));
    assertThat(storage.folderStatus(ALICE, "INBOX").messages()).isZero();
  }

  @Test
  void appendShouldFailWhenMessageTooBig() throws Exception {
    provision(ALICE, "", 0);
    assertError(
        Status.Code.INVALID_ARGUMENT,
        ErrorReason.MESSAGE_TOO_BIG,
        () -> client.append(ALICE, "INBOX", new byte[10], 10, MAX_MESSAGE + 1));
    byte[] big = new byte[(int) MAX_MESSAGE + 1];
    assertError(
        Status.Code.INVALID_ARGUMENT,
        ErrorReason.MESSAGE_TOO_BIG,
        () -> client.append(ALICE, "INBOX", big, 1024 * 1024, MAX_MESSAGE));
  }

  @Test
  void appendShouldFailWhenQuotaExceeded() throws Exception {
    provision(ALICE, "", 100);
    client.append(ALICE, "INBOX", new byte[80]);
    assertError(
        Status.Code.RESOURCE_EXHAUSTED,
        ErrorReason.QUOTA_EXCEEDED,
        () -> client.append(ALICE, "INBOX", new byte[21]));
    var quota =
        client
            .blocking()
            .getQuota(GetQuotaRequest.newBuilder().setAccount(ALICE).build())
            .getQuota();
    assertThat(quota.getBytesUsed()).isEqualTo(80);
    assertThat(quota.getMessagesUsed()).isEqualTo(1);
    assertThat(quota.getBytesLimit()).isEqualTo(100);
  }

  @Test
  void appendShouldFailForMissingFolderAndBadHeader() {
    provision(ALICE, "", 0);
    assertError(
        Status.Code.NOT_FOUND,
        ErrorReason.FOLDER_NOT_FOUND,
        () -> client.append(ALICE, "Nope", new byte[5]));
    assertError(
        Status.Code.INVALID_ARGUMENT,
        ErrorReason.INVALID_REQUEST,
        () -> client.append("", "INBOX", new byte[5]));
    assertError(
        Status.Code.INVALID_ARGUMENT,
        ErrorReason.INVALID_FOLDER_NAME,
        () -> client.append(ALICE, "a//b", new byte[5]));
  }

  @Test
  void deliverShouldReportPerRecipientResults() throws Exception {
    provision(ALICE, "", 0);
    provision("bob@example.test", "", 10);
    DeliverResponse r =
        client.deliver(
            DeliverHeader.newBuilder()
                .addRecipients(DeliveryRecipient.newBuilder().setAccount(ALICE))
                .addRecipients(DeliveryRecipient.newBuilder().setAccount("nobody@example.test"))
                .addRecipients(DeliveryRecipient.newBuilder().setAccount("bob@example.test"))
                .addRecipients(DeliveryRecipient.newBuilder().setAccount(ALICE).setFolder("Junk"))
                .setEnvelopeFrom("sender@remote.test")
                .setMessageId("Q123")
                .build(),
            randomBytes(5000, 3));
    assertThat(r.getResultsList())
        .extracting(x -> x.getDelivered())
        .containsExactly(true, false, false, true);
    assertThat(r.getResults(0).getFolder()).isEqualTo("INBOX");
    assertThat(r.getResults(0).getUid()).isEqualTo(1);
    assertThat(r.getResults(1).getReason()).isEqualTo(ErrorReason.ACCOUNT_NOT_FOUND);
    assertThat(r.getResults(1).getPermanent()).isTrue();
    assertThat(r.getResults(2).getReason()).isEqualTo(ErrorReason.QUOTA_EXCEEDED);
    assertThat(r.getResults(2).getPermanent()).isFalse();
    assertThat(r.getResults(3).getFolder()).isEqualTo("Junk");
    assertError(
        Status.Code.INVALID_ARGUMENT,
        ErrorReason.INVALID_REQUEST,
        () -> client.deliver(DeliverHeader.getDefaultInstance(), new byte[3]));
  }

  @Test
  void storeFlagsAndExpungeShouldWorkThroughTheApi() throws Exception {
    provision(ALICE, "", 0);
    client.append(ALICE, "INBOX", new byte[] {1});
    client.append(ALICE, "INBOX", new byte[] {2});
    var stored =
        client
            .blocking()
            .storeFlags(
                StoreFlagsRequest.newBuilder()
                    .setAccount(ALICE)
                    .setFolder("INBOX")
                    .addUids(UidRange.newBuilder().setFirst(2).setLast(2))
                    .setMode(StoreMode.STORE_MODE_ADD)
                    .addFlags("\\deleted")
                    .build());
    assertThat(stored.getUpdated(0).getFlagsList()).containsExactly("\\Deleted");
    var expunged =
        client
            .blocking()
            .expunge(ExpungeRequest.newBuilder().setAccount(ALICE).setFolder("INBOX").build());
    assertThat(expunged.getExpungedList()).containsExactly(2);
    assertThat(expunged.getHighestModseq()).isGreaterThan(stored.getHighestModseq());
    var selected =
        client
            .blocking()
            .selectFolder(
                SelectFolderRequest.newBuilder().setAccount(ALICE).setFolder("inbox").build());
    assertThat(selected.getUidsList()).containsExactly(1);
    assertThat(selected.getStatus().getUidNext()).isEqualTo(3);
    assertThat(selected.getFirstUnseenUid()).isEqualTo(1);
    assertError(
        Status.Code.INVALID_ARGUMENT,
        ErrorReason.INVALID_REQUEST,
        () ->
            client
                .blocking()
                .storeFlags(
                    StoreFlagsRequest.newBuilder()
                        .setAccount(ALICE)
                        .setFolder("INBOX")
                        .addUids(UidRange.newBuilder().setFirst(1))
                        .addFlags("\\Seen")
                        .build()));
  }

  // ------------------------------------------- structure, sections, copy/move, watch

  private static byte[] resource(String name) throws java.io.IOException {
    try (var in = MailStoreServiceTest.class.getResourceAsStream("/messages/" + name)) {
      return in.readAllBytes();
    }
  }

  private static SectionRequest sec(String part, SectionKind kind) {
    return SectionRequest.newBuilder().setPart(part).setKind(kind).build();
  }

  private static UidRange all() {
    return UidRange.newBuilder().setFirst(1).setLast(0).build();
  }

  @Test
  void fetchShouldReturnEnvelopeStructureAndSectionsInOrder() throws Exception {
    provision(ALICE, "", 0);
    client.append(
        ALICE,
        "INBOX",
        resource("alternative-with-attachment.eml"),
        100,
        resource("alternative-with-attachment.eml").length);
    FetchRequest req =
        FetchRequest.newBuilder()
            .setAccount(ALICE)
            .setFolder("INBOX")
            .addUids(all())
            .setEnvelope(true)
            .setBodyStructure(true)
            .addSections(sec("1.1", SectionKind.SECTION_KIND_UNSPECIFIED))
            .addSections(SectionRequest.newBuilder().setPart("1.1").setDecode(true))
            .addSections(
                SectionRequest.newBuilder()
                    .setKind(SectionKind.SECTION_KIND_HEADER_FIELDS)
                    .addFieldNames("SUBJECT")
                    .addFieldNames("to"))
            .addSections(
                SectionRequest.newBuilder()
                    .setPart("2")
                    .setDecode(true)
                    .setRange(ByteRange.newBuilder().setOffset(1).setLength(3)))
            .addSections(SectionRequest.newBuilder().setPart("2").setDecode(true).setSizeOnly(true))
            .addSections(sec("9", SectionKind.SECTION_KIND_UNSPECIFIED))
            .addSections(sec("1.1", SectionKind.SECTION_KIND_MIME))
            .build();
    var it = client.blocking().fetch(req);
    FetchedMessage m = it.next().getMessage();
    assertThat(m.getEnvelope().getMessageId()).isEqualTo("<B27397-0100000@Blurdybloop.example>");
    assertThat(m.getBodyStructure().getPartsCount()).isEqualTo(2);
    assertThat(m.getSectionsList())
        .extracting(FetchedSection::getFound)
        .containsExactly(true, true, true, true, true, false, true);
    Map<Integer, StringBuilder> bytes = new java.util.TreeMap<>();
    java.util.List<Integer> order = new java.util.ArrayList<>();
    while (it.hasNext()) {
      BodyChunk c = it.next().getBody();
      order.add(c.getSection());
      bytes
          .computeIfAbsent(c.getSection(), k -> new StringBuilder())
          .append(c.getData().toString(StandardCharsets.ISO_8859_1));
    }
    assertThat(order).isSorted();
    assertThat(bytes.get(1).toString()).isEqualTo("Hello =C8=99i salut\r\nsecond line");
    assertThat(
            new String(
                bytes.get(2).toString().getBytes(StandardCharsets.ISO_8859_1),
                StandardCharsets.UTF_8))
        .isEqualTo("Hello și salut\r\nsecond line");
    assertThat(bytes.get(3).toString())
        .startsWith("To: mooch@owatagu.example")
        .contains("\r\nSubject: =?UTF-8?B?")
        .endsWith("\r\n\r\n");
    byte[] pdf = java.util.Base64.getDecoder().decode("JVBERi0xLjQKJcfsj6IK");
    assertThat(bytes.get(4).toString().getBytes(StandardCharsets.ISO_8859_1))
        .isEqualTo(Arrays.copyOfRange(pdf, 1, 4));
    assertThat(m.getSections(3).getOffset()).isEqualTo(1);
    assertThat(m.getSections(4).getLength()).isEqualTo(pdf.length);
    assertThat(bytes).doesNotContainKey(5).doesNotContainKey(6);
    assertThat(bytes.get(7).toString()).startsWith("Content-Type: text/plain");
  }

  @Test
  void copyAndMoveShouldReturnUidMapsAndErrorReasons() throws Exception {
    provision(ALICE, "", 0);
    byte[] msg = "Subject: x\r\n\r\nbody\r\n".getBytes(StandardCharsets.UTF_8);
    client.append(ALICE, "INBOX", msg, 100, msg.length);
    client.append(ALICE, "INBOX", msg, 100, msg.length);
    CopyMessagesResponse c =
        client
            .blocking()
            .copyMessages(
                CopyMessagesRequest.newBuilder()
                    .setAccount(ALICE)
                    .setFolder("INBOX")
                    .addUids(all())
                    .setDestination("Trash")
                    .build());
    assertThat(c.getSourceUidsList()).containsExactly(1, 2);
    assertThat(c.getDestinationUidsList()).containsExactly(1, 2);
    MoveMessagesResponse mv =
        client
            .blocking()
            .moveMessages(
                MoveMessagesRequest.newBuilder()
                    .setAccount(ALICE)
                    .setFolder("INBOX")
                    .addUids(UidRange.newBuilder().setFirst(2).setLast(2))
                    .setDestination("Trash")
                    .build());
    assertThat(mv.getSourceUidsList()).containsExactly(2);
    assertThat(mv.getDestinationUidsList()).containsExactly(3);
    assertError(
        Status.Code.NOT_FOUND,
        ErrorReason.FOLDER_NOT_FOUND,
        () ->
            client
                .blocking()
                .moveMessages(
                    MoveMessagesRequest.newBuilder()
                        .setAccount(ALICE)
                        .setFolder("INBOX")
                        .addUids(all())
                        .setDestination("Nope")
                        .build()));
    assertError(
        Status.Code.INVALID_ARGUMENT,
        ErrorReason.INVALID_REQUEST,
        () ->
            client
                .blocking()
                .copyMessages(
                    CopyMessagesRequest.newBuilder()
                        .setAccount(ALICE)
                        .setFolder("INBOX")
                        .setDestination("Trash")
                        .build()));
    assertError(
        Status.Code.FAILED_PRECONDITION,
        ErrorReason.UIDVALIDITY_CHANGED,
        () ->
            client
                .blocking()
                .copyMessages(
                    CopyMessagesRequest.newBuilder()
                        .setAccount(ALICE)
                        .setFolder("INBOX")
                        .addUids(all())
                        .setUidValidity(1)
                        .setDestination("Trash")
                        .build()));
  }

  @Test
  void subscribeShouldListNonExistentNamesAndUnsubscribeUnknownShouldFail() {
    provision(ALICE, "", 0);
    client
        .blocking()
        .subscribe(SubscribeRequest.newBuilder().setAccount(ALICE).setFolder("Later/Box").build());
    client
        .blocking()
        .unsubscribe(UnsubscribeRequest.newBuilder().setAccount(ALICE).setFolder("Junk").build());
    var list =
        client.blocking().listFolders(ListFoldersRequest.newBuilder().setAccount(ALICE).build());
    assertThat(list.getSubscriptionsList()).contains("Later/Box", "INBOX").doesNotContain("Junk");
    assertThat(list.getFoldersList())
        .filteredOn(f -> f.getName().equals("Junk"))
        .extracting(f -> f.getSubscribed())
        .containsExactly(false);
    assertError(
        Status.Code.NOT_FOUND,
        ErrorReason.FOLDER_NOT_FOUND,
        () ->
            client
                .blocking()
                .unsubscribe(
                    UnsubscribeRequest.newBuilder().setAccount(ALICE).setFolder("Junk").build()));
    assertError(
        Status.Code.NOT_FOUND,
        ErrorReason.ACCOUNT_NOT_FOUND,
        () ->
            client
                .blocking()
                .subscribe(
                    SubscribeRequest.newBuilder()
                        .setAccount("nobody@x.test")
                        .setFolder("A")
                        .build()));
  }

  @Test
  void watchShouldDeliverEventsOfThousandMailboxesOnOneStreamAndCleanUpOnCancel() throws Exception {
    provision(ALICE, "", 0);
    java.util.concurrent.BlockingQueue<WatchEvent> events =
        new java.util.concurrent.LinkedBlockingQueue<>();
    java.util.concurrent.atomic.AtomicReference<ClientCallStreamObserver<WatchRequest>> call =
        new java.util.concurrent.atomic.AtomicReference<>();
    io.grpc.stub.StreamObserver<WatchRequest> requests =
        MailStoreGrpc.newStub(channel)
            .watch(
                new ClientResponseObserver<WatchRequest, WatchEvent>() {
                  @Override
                  public void beforeStart(ClientCallStreamObserver<WatchRequest> r) {
                    call.set(r);
                  }

                  @Override
                  public void onNext(WatchEvent e) {
                    events.add(e);
                  }

                  @Override
                  public void onError(Throwable t) {}

                  @Override
                  public void onCompleted() {}
                });
    WatchRequest.Builder add = WatchRequest.newBuilder();
    for (int i = 0; i < 999; i++) {
      add.addAdd(
          MailboxRef.newBuilder().setAccount("user" + i + "@example.test").setFolder("INBOX"));
    }
    add.addAdd(MailboxRef.newBuilder().setAccount(ALICE).setFolder("inbox"));
    requests.onNext(add.build());
    WatchEvent ack = events.poll(5, TimeUnit.SECONDS);
    assertThat(ack.getAck().getWatched()).isEqualTo(1000);
    // Names no folder can have are ignored, not a reason to end the stream.
    requests.onNext(
        WatchRequest.newBuilder()
            .addAdd(MailboxRef.newBuilder().setAccount(ALICE).setFolder("a//b"))
            .addAdd(MailboxRef.newBuilder().setAccount("").setFolder("INBOX"))
            .addRemove(MailboxRef.newBuilder().setAccount(ALICE).setFolder("*"))
            .build());
    assertThat(events.poll(5, TimeUnit.SECONDS).getAck().getWatched()).isEqualTo(1000);

    long start = System.nanoTime();
    DeliverResponse d =
        client.deliver(
            DeliverHeader.newBuilder()
                .addRecipients(DeliveryRecipient.newBuilder().setAccount(ALICE))
                .setSize(21)
                .build(),
            "Subject: hi\r\n\r\nhello\r\n".getBytes(StandardCharsets.UTF_8));
    assertThat(d.getResults(0).getDelivered()).isTrue();
    WatchEvent exists = events.poll(1, TimeUnit.SECONDS);
    assertThat(System.nanoTime() - start).isLessThan(TimeUnit.SECONDS.toNanos(1));
    assertThat(exists.getMailbox().getFolder()).isEqualTo("INBOX");
    assertThat(exists.getExists().getUidsList()).containsExactly(1);
    assertThat(exists.getExists().getUidNext()).isEqualTo(2);

    client
        .blocking()
        .storeFlags(
            StoreFlagsRequest.newBuilder()
                .setAccount(ALICE)
                .setFolder("INBOX")
                .addUids(all())
                .setMode(StoreMode.STORE_MODE_ADD)
                .addFlags("\\Deleted")
                .build());
    // An empty request is a barrier: its ack comes after every change committed before it.
    requests.onNext(WatchRequest.getDefaultInstance());
    assertThat(events.poll(1, TimeUnit.SECONDS).getFlags().getMessages(0).getFlagsList())
        .containsExactly("\\Deleted");
    assertThat(events.poll(5, TimeUnit.SECONDS).getAck().getWatched()).isEqualTo(1000);
    client
        .blocking()
        .expunge(ExpungeRequest.newBuilder().setAccount(ALICE).setFolder("INBOX").build());
    assertThat(events.poll(1, TimeUnit.SECONDS).getExpunge().getUidsList()).containsExactly(1);

    requests.onNext(
        WatchRequest.newBuilder()
            .addRemove(MailboxRef.newBuilder().setAccount(ALICE).setFolder("INBOX"))
            .build());
    assertThat(events.poll(5, TimeUnit.SECONDS).getAck().getWatched()).isEqualTo(999);
    call.get().cancel("done", null);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (registrations() > 0 && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(registrations()).isZero();
  }

  private MailStoreService service;

  private int registrations() {
    return service.watchRegistrations();
  }
}
