package io.mailtier.mailstore.grpc;

import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.mailtier.common.grpc.GrpcErrors;
import io.mailtier.mailstore.storage.MailboxChange;
import io.mailtier.mailstore.storage.Names;
import io.mailtier.mailstore.storage.StorageException;
import io.mailtier.mailstore.storage.StoreResult;
import io.mailtier.proto.mailstore.v1.ErrorReason;
import io.mailtier.proto.mailstore.v1.ExistsEvent;
import io.mailtier.proto.mailstore.v1.ExpungeEvent;
import io.mailtier.proto.mailstore.v1.FlagsEvent;
import io.mailtier.proto.mailstore.v1.MailboxRef;
import io.mailtier.proto.mailstore.v1.MessageFlags;
import io.mailtier.proto.mailstore.v1.UidValidityEvent;
import io.mailtier.proto.mailstore.v1.WatchAck;
import io.mailtier.proto.mailstore.v1.WatchEvent;
import io.mailtier.proto.mailstore.v1.WatchRequest;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Fans committed storage changes out to Watch streams. Each stream registers the (account, folder)
 * pairs it watches in one index, so a change costs a map lookup whatever the number of streams and
 * watched folders. Events wait in a bounded per-stream queue while the stream is not ready; a
 * stream that overflows it is closed with RESOURCE_EXHAUSTED / INVALID_REQUEST.
 */
final class WatchHub {
  /** The most folders one stream may watch. */
  static final int MAX_WATCHED = 100_000;

  /** The most events queued for a stream that does not read. */
  static final int MAX_QUEUED = 10_000;

  private record Key(String account, String folder) {}

  private final Map<Key, Set<Stream>> index = new ConcurrentHashMap<>();

  /** Called by the storage after each commit. */
  void changed(MailboxChange change) {
    Set<Stream> streams = index.get(new Key(change.account(), change.folder()));
    if (streams == null || streams.isEmpty()) {
      return;
    }
    WatchEvent event = event(change);
    for (Stream s : streams.toArray(new Stream[0])) {
      s.send(event);
    }
  }

  StreamObserver<WatchRequest> open(StreamObserver<WatchEvent> observer) {
    Stream s = new Stream((ServerCallStreamObserver<WatchEvent>) observer);
    s.out.setOnReadyHandler(s::flush);
    s.out.setOnCancelHandler(s::close);
    return s;
  }

  /** The number of (stream, folder) registrations, for tests and metrics. */
  int registrations() {
    return index.values().stream().mapToInt(Set::size).sum();
  }

  private final class Stream implements StreamObserver<WatchRequest> {
    final ServerCallStreamObserver<WatchEvent> out;
    final Set<Key> watched = new HashSet<>();
    final Queue<WatchEvent> queue = new ArrayDeque<>();
    boolean closed;

    Stream(ServerCallStreamObserver<WatchEvent> out) {
      this.out = out;
    }

    @Override
    public void onNext(WatchRequest req) {
      int count;
      synchronized (this) {
        if (closed) {
          return;
        }
        for (MailboxRef r : req.getRemoveList()) {
          Key k = key(r);
          if (k != null && watched.remove(k)) {
            unregister(k);
          }
        }
        for (MailboxRef r : req.getAddList()) {
          Key k = key(r);
          if (k != null && !watched.contains(k)) {
            if (watched.size() >= MAX_WATCHED) {
              fail(
                  GrpcErrors.error(
                      Status.Code.RESOURCE_EXHAUSTED,
                      ErrorReason.INVALID_REQUEST,
                      "a stream may watch at most " + MAX_WATCHED + " folders"));
              return;
            }
            watched.add(k);
            index.computeIfAbsent(k, x -> ConcurrentHashMap.newKeySet()).add(this);
          }
        }
        count = watched.size();
        // Still under the stream's lock: a change published after the registration above cannot
        // be queued before this ack, so the ack is an exact resume point (ADR 0050).
        send(WatchEvent.newBuilder().setAck(WatchAck.newBuilder().setWatched(count)).build());
      }
    }

    /**
     * The index key, or null for a name no folder can have: such a folder never changes, so it is
     * ignored rather than failing the stream that all of a front-end's sessions share (ADR 0050).
     */
    private Key key(MailboxRef r) {
      try {
        return new Key(Names.account(r.getAccount()), Names.folder(r.getFolder()));
      } catch (StorageException e) {
        return null;
      }
    }

    synchronized void send(WatchEvent event) {
      if (closed) {
        return;
      }
      if (queue.size() >= MAX_QUEUED) {
        fail(
            GrpcErrors.error(
                Status.Code.RESOURCE_EXHAUSTED,
                ErrorReason.INVALID_REQUEST,
                "the watch stream fell behind; resynchronize"));
        return;
      }
      queue.add(event);
      flush();
    }

    synchronized void flush() {
      while (!closed && !queue.isEmpty() && out.isReady()) {
        out.onNext(queue.poll());
      }
    }

    private void fail(RuntimeException status) {
      close();
      out.onError(status);
    }

    synchronized void close() {
      if (closed) {
        return;
      }
      closed = true;
      queue.clear();
      for (Key k : watched) {
        unregister(k);
      }
      watched.clear();
    }

    private void unregister(Key k) {
      index.computeIfPresent(
          k,
          (x, set) -> {
            set.remove(this);
            return set.isEmpty() ? null : set;
          });
    }

    @Override
    public void onError(Throwable t) {
      close();
    }

    @Override
    public void onCompleted() {
      boolean wasOpen;
      synchronized (this) {
        wasOpen = !closed;
        close();
      }
      if (wasOpen) {
        out.onCompleted();
      }
    }
  }

  private static WatchEvent event(MailboxChange change) {
    WatchEvent.Builder b =
        WatchEvent.newBuilder()
            .setMailbox(
                MailboxRef.newBuilder().setAccount(change.account()).setFolder(change.folder()));
    switch (change) {
      case MailboxChange.Exists e -> {
        ExistsEvent.Builder x =
            ExistsEvent.newBuilder()
                .setUidNext((int) e.uidNext())
                .setHighestModseq(e.highestModseq());
        e.uids().forEach(u -> x.addUids(u.intValue()));
        b.setExists(x);
      }
      case MailboxChange.Expunged e -> {
        ExpungeEvent.Builder x = ExpungeEvent.newBuilder().setHighestModseq(e.highestModseq());
        e.uids().forEach(u -> x.addUids(u.intValue()));
        b.setExpunge(x);
      }
      case MailboxChange.FlagsChanged e -> {
        FlagsEvent.Builder x = FlagsEvent.newBuilder().setHighestModseq(e.highestModseq());
        for (StoreResult.Updated u : e.messages()) {
          x.addMessages(
              MessageFlags.newBuilder()
                  .setUid((int) u.uid())
                  .addAllFlags(u.flags())
                  .setModseq(u.modseq()));
        }
        b.setFlags(x);
      }
      case MailboxChange.UidValidityChanged e ->
          b.setUidValidity(UidValidityEvent.newBuilder().setUidValidity((int) e.uidValidity()));
    }
    return b.build();
  }
}
