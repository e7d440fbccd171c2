package io.mailtier.mailstore.grpc;

import com.google.protobuf.Timestamp;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.mailtier.common.grpc.GrpcErrors;
import io.mailtier.mailstore.storage.Account;
import io.mailtier.mailstore.storage.Folder;
import io.mailtier.mailstore.storage.FolderStatus;
import io.mailtier.mailstore.storage.SpecialUse;
import io.mailtier.mailstore.storage.StorageException;
import io.mailtier.mailstore.storage.UidSet;
import io.mailtier.proto.mailstore.v1.ErrorReason;
import io.mailtier.proto.mailstore.v1.Quota;
import io.mailtier.proto.mailstore.v1.UidRange;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Conversions between the storage model and the MailStore v1 messages, errors included. */
final class ProtoMapping {
  private static final long MIN_SECONDS = Instant.parse("0001-01-01T00:00:00Z").getEpochSecond();
  private static final long MAX_SECONDS = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();

  private ProtoMapping() {}

  /** The gRPC error for a storage failure: the reason's canonical code and its ErrorInfo. */
  static StatusRuntimeException toStatus(StorageException e) {
    Status.Code code =
        switch (e.reason()) {
          case ACCOUNT_NOT_FOUND, FOLDER_NOT_FOUND -> Status.Code.NOT_FOUND;
          case ACCOUNT_EXISTS, FOLDER_EXISTS -> Status.Code.ALREADY_EXISTS;
          case INVALID_FOLDER_NAME, INVALID_REQUEST -> Status.Code.INVALID_ARGUMENT;
          case FOLDER_NOT_DELETABLE, UIDVALIDITY_CHANGED -> Status.Code.FAILED_PRECONDITION;
          case QUOTA_EXCEEDED -> Status.Code.RESOURCE_EXHAUSTED;
          case STORAGE_FAILURE -> Status.Code.INTERNAL;
        };
    String message =
        e.reason() == StorageException.Reason.STORAGE_FAILURE
            ? "the node's storage failed"
            : e.getMessage();
    return GrpcErrors.error(code, reason(e.reason()), message);
  }

  static ErrorReason reason(StorageException.Reason reason) {
    return ErrorReason.valueOf(reason.name());
  }

  static StorageException invalid(String message) {
    return new StorageException(StorageException.Reason.INVALID_REQUEST, message);
  }

  static io.mailtier.proto.mailstore.v1.Account account(Account a) {
    return io.mailtier.proto.mailstore.v1.Account.newBuilder()
        .setName(a.name())
        .setDisplayName(a.displayName())
        .setEnabled(a.enabled())
        .setQuota(quota(a))
        .setCreatedAt(timestamp(a.createdAt()))
        .build();
  }

  static Quota quota(Account a) {
    return Quota.newBuilder()
        .setBytesLimit(a.quotaBytes())
        .setBytesUsed(a.bytesUsed())
        .setMessagesLimit(a.quotaMessages())
        .setMessagesUsed(a.messagesUsed())
        .build();
  }

  static io.mailtier.proto.mailstore.v1.Folder folder(Folder f) {
    return io.mailtier.proto.mailstore.v1.Folder.newBuilder()
        .setName(f.name())
        .setSpecialUse(specialUse(f.specialUse()))
        .setSubscribed(f.subscribed())
        .setHasChildren(f.hasChildren())
        .build();
  }

  static io.mailtier.proto.mailstore.v1.FolderStatus status(FolderStatus s) {
    return io.mailtier.proto.mailstore.v1.FolderStatus.newBuilder()
        .setUidValidity((int) s.uidValidity())
        .setUidNext((int) s.uidNext())
        .setHighestModseq(s.highestModseq())
        .setMessages(s.messages())
        .setUnseen(s.unseen())
        .setSize(s.size())
        .setDeleted(s.deleted())
        .build();
  }

  static io.mailtier.proto.mailstore.v1.SpecialUse specialUse(SpecialUse use) {
    return io.mailtier.proto.mailstore.v1.SpecialUse.valueOf("SPECIAL_USE_" + use.name());
  }

  static SpecialUse specialUse(io.mailtier.proto.mailstore.v1.SpecialUse use) {
    if (use == io.mailtier.proto.mailstore.v1.SpecialUse.UNRECOGNIZED) {
      throw invalid("unknown special_use value");
    }
    return SpecialUse.valueOf(use.name().substring("SPECIAL_USE_".length()));
  }

  static Timestamp timestamp(Instant i) {
    return Timestamp.newBuilder().setSeconds(i.getEpochSecond()).setNanos(i.getNano()).build();
  }

  /** The instant of a timestamp field, null when absent; INVALID_REQUEST when out of range. */
  static Instant instant(boolean present, Timestamp t, String field) {
    if (!present) {
      return null;
    }
    if (t.getSeconds() < MIN_SECONDS
        || t.getSeconds() > MAX_SECONDS
        || t.getNanos() < 0
        || t.getNanos() > 999_999_999) {
      throw invalid(field + " is out of range");
    }
    return Instant.ofEpochSecond(t.getSeconds(), t.getNanos());
  }

  /** A UID set from the request's ranges; INVALID_REQUEST when empty or out of bounds. */
  static UidSet uids(List<UidRange> ranges, String field) {
    if (ranges.isEmpty()) {
      throw invalid(field + " is empty");
    }
    if (ranges.size() > UidSet.MAX_RANGES) {
      throw invalid(field + " has more than " + UidSet.MAX_RANGES + " ranges");
    }
    List<UidSet.Range> out = new ArrayList<>(ranges.size());
    for (UidRange r : ranges) {
      long first = Integer.toUnsignedLong(r.getFirst());
      if (first == 0) {
        throw invalid(field + ": a range starts at UID 0 (UIDs start at 1)");
      }
      out.add(new UidSet.Range(first, Integer.toUnsignedLong(r.getLast())));
    }
    return new UidSet(out);
  }

  /** An unsigned 64-bit field as a non-negative long; INVALID_REQUEST when above Long.MAX. */
  static long unsigned(long value, String field) {
    if (value < 0) {
      throw invalid(field + " is too large");
    }
    return value;
  }

  static String required(String value, String field) {
    if (value == null || value.isEmpty()) {
      throw invalid(field + " is required");
    }
    return value;
  }
}
