package io.mailtier.mailstore.grpc;

import static io.mailtier.mailstore.grpc.ProtoMapping.invalid;
import static io.mailtier.mailstore.grpc.ProtoMapping.required;
import static io.mailtier.mailstore.grpc.ProtoMapping.toStatus;
import static io.mailtier.mailstore.grpc.ProtoMapping.unsigned;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.mailtier.common.grpc.GrpcErrors;
import io.mailtier.mailstore.auth.PasswordHasher;
import io.mailtier.mailstore.search.SearchLimits;
import io.mailtier.mailstore.storage.Account;
import io.mailtier.mailstore.storage.AppendResult;
import io.mailtier.mailstore.storage.CopyResult;
import io.mailtier.mailstore.storage.Credentials;
import io.mailtier.mailstore.storage.Delivery;
import io.mailtier.mailstore.storage.ExpungeResult;
import io.mailtier.mailstore.storage.MailStorage;
import io.mailtier.mailstore.storage.MessageSpool;
import io.mailtier.mailstore.storage.Names;
import io.mailtier.mailstore.storage.Selection;
import io.mailtier.mailstore.storage.StorageException;
import io.mailtier.mailstore.storage.StoreMode;
import io.mailtier.mailstore.storage.StoreResult;
import io.mailtier.mailstore.storage.StoredMessage;
import io.mailtier.proto.mailstore.v1.AppendHeader;
import io.mailtier.proto.mailstore.v1.AppendRequest;
import io.mailtier.proto.mailstore.v1.AppendResponse;
import io.mailtier.proto.mailstore.v1.AuthenticateRequest;
import io.mailtier.proto.mailstore.v1.AuthenticateResponse;
import io.mailtier.proto.mailstore.v1.CopyMessagesRequest;
import io.mailtier.proto.mailstore.v1.CopyMessagesResponse;
import io.mailtier.proto.mailstore.v1.CreateFolderRequest;
import io.mailtier.proto.mailstore.v1.CreateFolderResponse;
import io.mailtier.proto.mailstore.v1.DeleteAccountRequest;
import io.mailtier.proto.mailstore.v1.DeleteAccountResponse;
import io.mailtier.proto.mailstore.v1.DeleteFolderRequest;
import io.mailtier.proto.mailstore.v1.DeleteFolderResponse;
import io.mailtier.proto.mailstore.v1.DeliverHeader;
import io.mailtier.proto.mailstore.v1.DeliverRequest;
import io.mailtier.proto.mailstore.v1.DeliverResponse;
import io.mailtier.proto.mailstore.v1.DeliveryRecipient;
import io.mailtier.proto.mailstore.v1.DeliveryResult;
import io.mailtier.proto.mailstore.v1.ErrorReason;
import io.mailtier.proto.mailstore.v1.ExpungeRequest;
import io.mailtier.proto.mailstore.v1.ExpungeResponse;
import io.mailtier.proto.mailstore.v1.FetchRequest;
import io.mailtier.proto.mailstore.v1.FetchResponse;
import io.mailtier.proto.mailstore.v1.GetAccountRequest;
import io.mailtier.proto.mailstore.v1.GetAccountResponse;
import io.mailtier.proto.mailstore.v1.GetFolderStatusRequest;
import io.mailtier.proto.mailstore.v1.GetFolderStatusResponse;
import io.mailtier.proto.mailstore.v1.GetQuotaRequest;
import io.mailtier.proto.mailstore.v1.GetQuotaResponse;
import io.mailtier.proto.mailstore.v1.ListAccountsRequest;
import io.mailtier.proto.mailstore.v1.ListAccountsResponse;
import io.mailtier.proto.mailstore.v1.ListFoldersRequest;
import io.mailtier.proto.mailstore.v1.ListFoldersResponse;
import io.mailtier.proto.mailstore.v1.MailStoreGrpc;
import io.mailtier.proto.mailstore.v1.MessageFlags;
import io.mailtier.proto.mailstore.v1.MoveMessagesRequest;
import io.mailtier.proto.mailstore.v1.MoveMessagesResponse;
import io.mailtier.proto.mailstore.v1.ProvisionAccountRequest;
import io.mailtier.proto.mailstore.v1.ProvisionAccountResponse;
import io.mailtier.proto.mailstore.v1.RenameFolderRequest;
import io.mailtier.proto.mailstore.v1.RenameFolderResponse;
import io.mailtier.proto.mailstore.v1.SearchRequest;
import io.mailtier.proto.mailstore.v1.SearchResponse;
import io.mailtier.proto.mailstore.v1.SelectFolderRequest;
import io.mailtier.proto.mailstore.v1.SelectFolderResponse;
import io.mailtier.proto.mailstore.v1.StoreFlagsRequest;
import io.mailtier.proto.mailstore.v1.StoreFlagsResponse;
import io.mailtier.proto.mailstore.v1.SubscribeRequest;
import io.mailtier.proto.mailstore.v1.SubscribeResponse;
import io.mailtier.proto.mailstore.v1.UnsubscribeRequest;
import io.mailtier.proto.mailstore.v1.UnsubscribeResponse;
import io.mailtier.proto.mailstore.v1.WatchEvent;
import io.mailtier.proto.mailstore.v1.WatchRequest;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The MailStore v1 gRPC service over a {@link MailStorage}. */
public final class MailStoreService extends MailStoreGrpc.MailStoreImplBase {
  private static final Logger log = LoggerFactory.getLogger(MailStoreService.class);

  /** The most recipients one Deliver may name. */
  public static final int MAX_RECIPIENTS = 1000;

  private static final int MAX_PASSWORD_CHARS = 1024;
  private static final int MAX_CLIENT_IP_CHARS = 64;

  private final MailStorage storage;
  private final PasswordHasher hasher;
  private final long maxMessageBytes;
  private final Counter appended;
  private final Counter delivered;
  private final Counter bytesStored;
  private final WatchHub watchHub = new WatchHub();
  private final SearchCall searchCall;

  public MailStoreService(
      MailStorage storage, PasswordHasher hasher, long maxMessageBytes, MeterRegistry registry) {
    this.storage = storage;
    this.hasher = hasher;
    this.maxMessageBytes = maxMessageBytes;
    this.appended =
        Counter.builder("mailstore.messages.appended")
            .description("Messages stored by Append")
            .register(registry);
    this.delivered =
        Counter.builder("mailstore.messages.delivered")
            .description("Recipient copies stored by Deliver")
            .register(registry);
    this.bytesStored =
        Counter.builder("mailstore.bytes.stored")
            .description("Message bytes received and stored")
            .baseUnit("bytes")
            .register(registry);
    storage.addChangeListener(watchHub::changed);
    this.searchCall = new SearchCall(storage, SearchLimits.DEFAULT_MAX_BYTES_SCANNED);
  }

  // ------------------------------------------------------------------ accounts

  @Override
  public void provisionAccount(
      ProvisionAccountRequest req, StreamObserver<ProvisionAccountResponse> out) {
    unary(
        out,
        () -> {
          String name = required(req.getAccount(), "account");
          long quotaBytes = unsigned(req.getQuotaBytes(), "quota_bytes");
          long quotaMessages = unsigned(req.getQuotaMessages(), "quota_messages");
          Names.account(name);
          String hash = null;
          if (!req.getPassword().isEmpty()) {
            if (req.getPassword().length() > MAX_PASSWORD_CHARS) {
              throw invalid("password longer than " + MAX_PASSWORD_CHARS + " characters");
            }
            hash = hasher.hash(req.getPassword());
          }
          Account a =
              storage.provisionAccount(name, req.getDisplayName(), hash, quotaBytes, quotaMessages);
          return ProvisionAccountResponse.newBuilder().setAccount(ProtoMapping.account(a)).build();
        });
  }

  @Override
  public void getAccount(GetAccountRequest req, StreamObserver<GetAccountResponse> out) {
    unary(
        out,
        () ->
            GetAccountResponse.newBuilder()
                .setAccount(
                    ProtoMapping.account(storage.getAccount(required(req.getAccount(), "account"))))
                .build());
  }

  @Override
  public void listAccounts(ListAccountsRequest req, StreamObserver<ListAccountsResponse> out) {
    unary(
        out,
        () -> {
          int size = req.getPageSize() == 0 ? 100 : Math.min(1000, Math.max(1, req.getPageSize()));
          if (req.getPageSize() < 0) {
            size = 1000;
          }
          if (req.getPageToken().length() > Names.MAX_ACCOUNT_NAME) {
            throw invalid("page_token is malformed");
          }
          List<Account> page = storage.listAccounts(req.getPageToken(), size + 1);
          ListAccountsResponse.Builder b = ListAccountsResponse.newBuilder();
          for (int i = 0; i < Math.min(size, page.size()); i++) {
            b.addAccounts(ProtoMapping.account(page.get(i)));
          }
          if (page.size() > size) {
            b.setNextPageToken(page.get(size - 1).name());
          }
          return b.build();
        });
  }

  @Override
  public void deleteAccount(DeleteAccountRequest req, StreamObserver<DeleteAccountResponse> out) {
    unary(
        out,
        () -> {
          storage.deleteAccount(required(req.getAccount(), "account"));
          return DeleteAccountResponse.getDefaultInstance();
        });
  }

  @Override
  public void authenticate(AuthenticateRequest req, StreamObserver<AuthenticateResponse> out) {
    unary(
        out,
        () -> {
          String name = required(req.getAccount(), "account");
          if (req.getPassword().length() > MAX_PASSWORD_CHARS
              || req.getClientIp().length() > MAX_CLIENT_IP_CHARS) {
            throw invalid("password or client_ip too long");
          }
          Credentials creds;
          try {
            creds = storage.credentials(name).orElse(null);
          } catch (StorageException e) {
            if (e.reason() != StorageException.Reason.INVALID_REQUEST) {
              throw e;
            }
            creds = null;
          }
          boolean ok;
          if (creds == null || !creds.enabled() || creds.passwordHash() == null) {
            ok = hasher.verifyDummy(req.getPassword());
          } else {
            ok = hasher.verify(req.getPassword(), creds.passwordHash());
          }
          if (!ok || req.getPassword().isEmpty()) {
            log.info(
                "authentication failed for {} from {}",
                sanitize(name),
                sanitize(req.getClientIp()));
            throw new CallFailure(
                GrpcErrors.error(
                    Status.Code.UNAUTHENTICATED,
                    ErrorReason.INVALID_CREDENTIALS,
                    "invalid credentials"));
          }
          return AuthenticateResponse.newBuilder()
              .setAccount(ProtoMapping.account(storage.getAccount(creds.account())))
              .build();
        });
  }

  @Override
  public void getQuota(GetQuotaRequest req, StreamObserver<GetQuotaResponse> out) {
    unary(
        out,
        () ->
            GetQuotaResponse.newBuilder()
                .setQuota(
                    ProtoMapping.quota(storage.getAccount(required(req.getAccount(), "account"))))
                .build());
  }

  // ------------------------------------------------------------------- folders

  @Override
  public void listFolders(ListFoldersRequest req, StreamObserver<ListFoldersResponse> out) {
    unary(
        out,
        () -> {
          ListFoldersResponse.Builder b =
              ListFoldersResponse.newBuilder().setHierarchyDelimiter(MailStorage.DELIMITER);
          String account = required(req.getAccount(), "account");
          storage.listFolders(account).forEach(f -> b.addFolders(ProtoMapping.folder(f)));
          b.addAllSubscriptions(storage.subscriptions(account));
          return b.build();
        });
  }

  @Override
  public void createFolder(CreateFolderRequest req, StreamObserver<CreateFolderResponse> out) {
    unary(
        out,
        () ->
            CreateFolderResponse.newBuilder()
                .setFolder(
                    ProtoMapping.folder(
                        storage.createFolder(
                            required(req.getAccount(), "account"),
                            req.getFolder(),
                            ProtoMapping.specialUse(req.getSpecialUse()))))
                .build());
  }

  @Override
  public void renameFolder(RenameFolderRequest req, StreamObserver<RenameFolderResponse> out) {
    unary(
        out,
        () -> {
          storage.renameFolder(
              required(req.getAccount(), "account"), req.getFromFolder(), req.getToFolder());
          return RenameFolderResponse.getDefaultInstance();
        });
  }

  @Override
  public void deleteFolder(DeleteFolderRequest req, StreamObserver<DeleteFolderResponse> out) {
    unary(
        out,
        () -> {
          storage.deleteFolder(required(req.getAccount(), "account"), req.getFolder());
          return DeleteFolderResponse.getDefaultInstance();
        });
  }

  @Override
  public void selectFolder(SelectFolderRequest req, StreamObserver<SelectFolderResponse> out) {
    unary(
        out,
        () -> {
          Selection s =
              storage.selectFolder(required(req.getAccount(), "account"), req.getFolder());
          SelectFolderResponse.Builder b =
              SelectFolderResponse.newBuilder()
                  .setStatus(ProtoMapping.status(s.status()))
                  .addAllFlags(s.flags())
                  .setFirstUnseenUid((int) s.firstUnseenUid())
                  .setSpecialUse(ProtoMapping.specialUse(s.specialUse()));
          for (long uid : s.uids()) {
            b.addUids((int) uid);
          }
          return b.build();
        });
  }

  @Override
  public void getFolderStatus(
      GetFolderStatusRequest req, StreamObserver<GetFolderStatusResponse> out) {
    unary(
        out,
        () ->
            GetFolderStatusResponse.newBuilder()
                .setStatus(
                    ProtoMapping.status(
                        storage.folderStatus(
                            required(req.getAccount(), "account"), req.getFolder())))
                .build());
  }

  // ------------------------------------------------------------------ messages

  @Override
  public StreamObserver<AppendRequest> append(StreamObserver<AppendResponse> out) {
    return new Upload<>(out) {
      private AppendHeader header;

      @Override
      long start(AppendRequest req) {
        if (req.getPartCase() != AppendRequest.PartCase.HEADER) {
          throw invalid("the first request of an Append must carry the header");
        }
        header = req.getHeader();
        Names.account(required(header.getAccount(), "header.account"));
        Names.folder(header.getFolder());
        if (header.getFlagsCount() > Names.MAX_FLAGS) {
          throw invalid("more than " + Names.MAX_FLAGS + " flags");
        }
        Names.flags(header.getFlagsList());
        ProtoMapping.instant(
            header.hasInternalDate(), header.getInternalDate(), "header.internal_date");
        return header.getSize();
      }

      @Override
      ByteString chunk(AppendRequest req) {
        if (req.getPartCase() != AppendRequest.PartCase.CHUNK) {
          throw invalid("only the first request of an Append may carry a header");
        }
        return req.getChunk();
      }

      @Override
      AppendResponse store(MessageSpool spool) {
        Instant date =
            ProtoMapping.instant(
                header.hasInternalDate(), header.getInternalDate(), "header.internal_date");
        long size = spool.size();
        AppendResult r =
            storage.append(
                header.getAccount(),
                header.getFolder(),
                Set.copyOf(header.getFlagsList()),
                date,
                spool);
        appended.increment();
        bytesStored.increment(size);
        return AppendResponse.newBuilder()
            .setUidValidity((int) r.uidValidity())
            .setUid((int) r.uid())
            .setModseq(r.modseq())
            .build();
      }
    };
  }

  @Override
  public void fetch(FetchRequest req, StreamObserver<FetchResponse> out) {
    List<StoredMessage> messages;
    try {
      String account = required(req.getAccount(), "account");
      var uids = ProtoMapping.uids(req.getUidsList(), "uids");
      messages =
          storage.fetch(
              account,
              req.getFolder(),
              uids,
              Integer.toUnsignedLong(req.getUidValidity()),
              (req.getBody() || req.getSectionsCount() > 0) && req.getSetSeen());
    } catch (StorageException e) {
      out.onError(toStatus(e));
      return;
    } catch (RuntimeException e) {
      log.error("Fetch failed", e);
      out.onError(internal());
      return;
    }
    FetchStreamer streamer =
        new FetchStreamer(storage, (ServerCallStreamObserver<FetchResponse>) out, req, messages);
    streamer.start();
  }

  @Override
  public void storeFlags(StoreFlagsRequest req, StreamObserver<StoreFlagsResponse> out) {
    unary(
        out,
        () -> {
          String account = required(req.getAccount(), "account");
          var uids = ProtoMapping.uids(req.getUidsList(), "uids");
          StoreMode mode =
              switch (req.getMode()) {
                case STORE_MODE_ADD -> StoreMode.ADD;
                case STORE_MODE_REMOVE -> StoreMode.REMOVE;
                case STORE_MODE_REPLACE -> StoreMode.REPLACE;
                default -> throw invalid("mode is required (ADD, REMOVE or REPLACE)");
              };
          if (req.getFlagsCount() > Names.MAX_FLAGS) {
            throw invalid("more than " + Names.MAX_FLAGS + " flags");
          }
          long unchangedSince =
              req.getUnchangedSince() < 0 ? Long.MAX_VALUE : req.getUnchangedSince();
          StoreResult r =
              storage.storeFlags(
                  account,
                  req.getFolder(),
                  uids,
                  mode,
                  Set.copyOf(req.getFlagsList()),
                  unchangedSince,
                  Integer.toUnsignedLong(req.getUidValidity()));
          StoreFlagsResponse.Builder b =
              StoreFlagsResponse.newBuilder().setHighestModseq(r.highestModseq());
          for (StoreResult.Updated u : r.updated()) {
            b.addUpdated(
                MessageFlags.newBuilder()
                    .setUid((int) u.uid())
                    .addAllFlags(u.flags())
                    .setModseq(u.modseq()));
          }
          r.modified().forEach(uid -> b.addModified(uid.intValue()));
          return b.build();
        });
  }

  @Override
  public void expunge(ExpungeRequest req, StreamObserver<ExpungeResponse> out) {
    unary(
        out,
        () -> {
          String account = required(req.getAccount(), "account");
          var uids = req.getUidsCount() == 0 ? null : ProtoMapping.uids(req.getUidsList(), "uids");
          ExpungeResult r = storage.expunge(account, req.getFolder(), uids);
          ExpungeResponse.Builder b =
              ExpungeResponse.newBuilder().setHighestModseq(r.highestModseq());
          r.expunged().forEach(uid -> b.addExpunged(uid.intValue()));
          return b.build();
        });
  }

  @Override
  public StreamObserver<DeliverRequest> deliver(StreamObserver<DeliverResponse> out) {
    return new Upload<>(out) {
      private DeliverHeader header;

      @Override
      long start(DeliverRequest req) {
        if (req.getPartCase() != DeliverRequest.PartCase.HEADER) {
          throw invalid("the first request of a Deliver must carry the header");
        }
        header = req.getHeader();
        if (header.getRecipientsCount() == 0) {
          throw invalid("header.recipients is empty");
        }
        if (header.getRecipientsCount() > MAX_RECIPIENTS) {
          throw invalid("more than " + MAX_RECIPIENTS + " recipients");
        }
        for (DeliveryRecipient r : header.getRecipientsList()) {
          required(r.getAccount(), "header.recipients.account");
          if (r.getAccount().length() > Names.MAX_ACCOUNT_NAME
              || r.getFolder().length() > Names.MAX_FOLDER_NAME * 4) {
            throw invalid("a recipient's account or folder is too long");
          }
        }
        ProtoMapping.instant(
            header.hasInternalDate(), header.getInternalDate(), "header.internal_date");
        return header.getSize();
      }

      @Override
      ByteString chunk(DeliverRequest req) {
        if (req.getPartCase() != DeliverRequest.PartCase.CHUNK) {
          throw invalid("only the first request of a Deliver may carry a header");
        }
        return req.getChunk();
      }

      @Override
      DeliverResponse store(MessageSpool spool) {
        Instant date =
            ProtoMapping.instant(
                header.hasInternalDate(), header.getInternalDate(), "header.internal_date");
        List<Delivery.Recipient> recipients = new ArrayList<>();
        for (DeliveryRecipient r : header.getRecipientsList()) {
          recipients.add(new Delivery.Recipient(r.getAccount(), r.getFolder()));
        }
        long size = spool.size();
        List<Delivery.Outcome> outcomes = storage.deliver(recipients, date, spool);
        DeliverResponse.Builder b = DeliverResponse.newBuilder();
        int stored = 0;
        for (Delivery.Outcome o : outcomes) {
          DeliveryResult.Builder r =
              DeliveryResult.newBuilder().setAccount(o.account()).setDelivered(o.delivered());
          if (o.delivered()) {
            stored++;
            r.setFolder(o.folder()).setUid((int) o.uid()).setUidValidity((int) o.uidValidity());
          } else {
            r.setReason(ProtoMapping.reason(o.failure())).setPermanent(o.permanent());
          }
          b.addResults(r);
        }
        delivered.increment(stored);
        if (stored > 0) {
          bytesStored.increment(size);
        }
        log.info(
            "delivered message {} from <{}>: {} of {} recipients",
            sanitize(header.getMessageId()),
            sanitize(header.getEnvelopeFrom()),
            stored,
            outcomes.size());
        return b.build();
      }
    };
  }

  @Override
  public void copyMessages(CopyMessagesRequest req, StreamObserver<CopyMessagesResponse> out) {
    unary(
        out,
        () -> {
          CopyResult r =
              storage.copy(
                  required(req.getAccount(), "account"),
                  req.getFolder(),
                  ProtoMapping.uids(req.getUidsList(), "uids"),
                  req.getDestination(),
                  Integer.toUnsignedLong(req.getUidValidity()));
          CopyMessagesResponse.Builder b =
              CopyMessagesResponse.newBuilder()
                  .setDestinationUidValidity((int) r.destinationUidValidity())
                  .setDestinationHighestModseq(r.destinationHighestModseq());
          r.sourceUids().forEach(u -> b.addSourceUids(u.intValue()));
          r.destinationUids().forEach(u -> b.addDestinationUids(u.intValue()));
          return b.build();
        });
  }

  @Override
  public void moveMessages(MoveMessagesRequest req, StreamObserver<MoveMessagesResponse> out) {
    unary(
        out,
        () -> {
          CopyResult r =
              storage.move(
                  required(req.getAccount(), "account"),
                  req.getFolder(),
                  ProtoMapping.uids(req.getUidsList(), "uids"),
                  req.getDestination(),
                  Integer.toUnsignedLong(req.getUidValidity()));
          MoveMessagesResponse.Builder b =
              MoveMessagesResponse.newBuilder()
                  .setDestinationUidValidity((int) r.destinationUidValidity())
                  .setDestinationHighestModseq(r.destinationHighestModseq())
                  .setSourceHighestModseq(r.sourceHighestModseq());
          r.sourceUids().forEach(u -> b.addSourceUids(u.intValue()));
          r.destinationUids().forEach(u -> b.addDestinationUids(u.intValue()));
          return b.build();
        });
  }

  @Override
  public void subscribe(SubscribeRequest req, StreamObserver<SubscribeResponse> out) {
    unary(
        out,
        () -> {
          storage.subscribe(required(req.getAccount(), "account"), req.getFolder());
          return SubscribeResponse.getDefaultInstance();
        });
  }

  @Override
  public void unsubscribe(UnsubscribeRequest req, StreamObserver<UnsubscribeResponse> out) {
    unary(
        out,
        () -> {
          storage.unsubscribe(required(req.getAccount(), "account"), req.getFolder());
          return UnsubscribeResponse.getDefaultInstance();
        });
  }

  @Override
  public StreamObserver<WatchRequest> watch(StreamObserver<WatchEvent> out) {
    return watchHub.open(out);
  }

  @Override
  public void search(SearchRequest req, StreamObserver<SearchResponse> out) {
    SearchResponse response;
    try {
      response = searchCall.run(req);
    } catch (StorageException e) {
      out.onError(toStatus(e));
      return;
    } catch (StatusRuntimeException e) {
      out.onError(e);
      return;
    } catch (RuntimeException e) {
      log.error("Search failed", e);
      out.onError(internal());
      return;
    }
    out.onNext(response);
    out.onCompleted();
  }

  /** The number of (stream, folder) watch registrations. */
  int watchRegistrations() {
    return watchHub.registrations();
  }

  // ------------------------------------------------------------------- helpers

  /** A failure that already is a gRPC status. */
  private static final class CallFailure extends RuntimeException {
    final RuntimeException status;

    CallFailure(RuntimeException status) {
      super(status.getMessage(), null, false, false);
      this.status = status;
    }
  }

  private static <T> void unary(StreamObserver<T> out, Supplier<T> work) {
    T result;
    try {
      result = work.get();
    } catch (StorageException e) {
      out.onError(toStatus(e));
      return;
    } catch (CallFailure e) {
      out.onError(e.status);
      return;
    } catch (RuntimeException e) {
      log.error("request failed", e);
      out.onError(internal());
      return;
    }
    out.onNext(result);
    out.onCompleted();
  }

  private static RuntimeException internal() {
    return GrpcErrors.error(
        Status.Code.INTERNAL, ErrorReason.STORAGE_FAILURE, "the node's storage failed");
  }

  static String sanitize(String s) {
    if (s == null) {
      return "";
    }
    String t = s.length() > 100 ? s.substring(0, 100) + "..." : s;
    return t.replaceAll("[\\p{Cntrl}]", "?");
  }

  /**
   * A client-streaming upload: a header, then chunks spooled to a file (never held in memory),
   * checked against the declared size and the node's maximum, stored when the client half-closes.
   */
  private abstract class Upload<Q, R> implements StreamObserver<Q> {
    private final StreamObserver<R> out;
    private MessageSpool spool;
    private long declared = -1;
    private boolean done;

    Upload(StreamObserver<R> out) {
      this.out = out;
    }

    /** Validates the first request and returns the declared size. */
    abstract long start(Q first);

    /** The bytes of a later request. */
    abstract ByteString chunk(Q req);

    /** Stores the finished spool and builds the response. */
    abstract R store(MessageSpool spool);

    @Override
    public void onNext(Q req) {
      if (done) {
        return;
      }
      try {
        if (declared < 0) {
          long size = start(req);
          if (size < 0 || size > maxMessageBytes) {
            throw new SizeFailure(
                ErrorReason.MESSAGE_TOO_BIG,
                "the declared size is larger than the node's maximum of "
                    + maxMessageBytes
                    + " bytes");
          }
          declared = size;
          spool = storage.newSpool();
          return;
        }
        ByteString bytes = chunk(req);
        long total = spool.size() + bytes.size();
        if (total > maxMessageBytes) {
          throw new SizeFailure(
              ErrorReason.MESSAGE_TOO_BIG, "message larger than " + maxMessageBytes + " bytes");
        }
        if (total > declared) {
          throw new SizeFailure(
              ErrorReason.SIZE_MISMATCH, "more bytes than the declared size " + declared);
        }
        for (var buffer : bytes.asReadOnlyByteBufferList()) {
          spool.write(buffer);
        }
      } catch (IOException e) {
        log.error("cannot spool a message", e);
        fail(internal());
      } catch (RuntimeException e) {
        fail(failure(e));
      }
    }

    @Override
    public void onError(Throwable t) {
      done = true;
      cleanup();
    }

    @Override
    public void onCompleted() {
      if (done) {
        return;
      }
      done = true;
      try {
        if (declared < 0) {
          throw invalid("the stream carried no header");
        }
        if (spool.size() != declared) {
          throw new SizeFailure(
              ErrorReason.SIZE_MISMATCH,
              "received " + spool.size() + " bytes, the header declared " + declared);
        }
        spool.finish();
        R response = store(spool);
        out.onNext(response);
        out.onCompleted();
      } catch (IOException e) {
        log.error("cannot spool a message", e);
        out.onError(internal());
      } catch (RuntimeException e) {
        out.onError(failure(e));
      } finally {
        cleanup();
      }
    }

    private RuntimeException failure(RuntimeException e) {
      if (e instanceof SizeFailure sf) {
        return GrpcErrors.error(Status.Code.INVALID_ARGUMENT, sf.reason, sf.getMessage());
      }
      if (e instanceof StorageException se) {
        return toStatus(se);
      }
      log.error("upload failed", e);
      return internal();
    }

    private void fail(RuntimeException status) {
      done = true;
      cleanup();
      out.onError(status);
    }

    private void cleanup() {
      if (spool != null) {
        spool.close();
      }
    }
  }

  /** A size check failure with its reason. */
  private static final class SizeFailure extends RuntimeException {
    final ErrorReason reason;

    SizeFailure(ErrorReason reason, String message) {
      super(message, null, false, false);
      this.reason = reason;
    }
  }
}
