package io.mailtier.frontend.backend;

import io.grpc.ManagedChannel;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.mailtier.proto.mailstore.v1.MailStoreGrpc;
import io.mailtier.proto.mailstore.v1.MailboxRef;
import io.mailtier.proto.mailstore.v1.WatchEvent;
import io.mailtier.proto.mailstore.v1.WatchRequest;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The front-end's side of the node's {@code Watch} stream (ADR 0031, 0050): ONE bidirectional
 * stream per node, multiplexing the selected mailboxes of every session of this front-end on that
 * node. Sessions {@link #watch register} a mailbox when they select it and cancel the registration
 * when they leave it; the first registration of an (account, folder) adds it to the stream, the
 * last one removes it. Events are handed to each registered listener on the listener's own Vert.x
 * context, in the order the node sent them.
 *
 * <p>Every request on the stream is answered by one ack, in order. That makes two guarantees:
 *
 * <ul>
 *   <li>{@link #watch} completes once the node has applied the registration: a change committed
 *       after that reaches the listener, so a SELECT run after it misses nothing (events it already
 *       saw are recognised by their modseq);
 *   <li>{@link #sync} sends an empty request and completes at its ack: every change committed
 *       before the call has reached the listeners by then (NOOP, CHECK, APPEND to the selected
 *       mailbox).
 * </ul>
 *
 * <p>When the stream breaks (node restart, network), it is opened again with exponential backoff,
 * every watched folder is added again, and each listener is told to {@link Listener#resync}.
 */
public final class MailboxWatcher implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(MailboxWatcher.class);

  /** What a session does with the events of its selected mailbox. Called on its own context. */
  public interface Listener {
    /** A change committed to the mailbox. */
    void event(WatchEvent event);

    /** The stream was re-opened: events may have been lost; compare with the node's state. */
    void resync();
  }

  /** A registration; {@link #cancel} is idempotent. */
  public interface Registration {
    void cancel();
  }

  private record Key(String backend, String account, String folder) {}

  private final ChannelPool channels;
  private final Vertx vertx;
  private final Duration minBackoff;
  private final Duration maxBackoff;
  private final Map<String, NodeStream> nodes = new ConcurrentHashMap<>();
  private final AtomicLong reconnects = new AtomicLong();
  private volatile boolean closed;

  public MailboxWatcher(
      ChannelPool channels, Vertx vertx, Duration minBackoff, Duration maxBackoff) {
    this.channels = channels;
    this.vertx = vertx;
    this.minBackoff = minBackoff;
    this.maxBackoff = maxBackoff;
  }

  public MailboxWatcher(ChannelPool channels, Vertx vertx) {
    this(channels, vertx, Duration.ofMillis(100), Duration.ofSeconds(5));
  }

  /**
   * The node's canonical spelling of a folder: INBOX in any case as the first level is "INBOX" (the
   * node reports events under that name).
   */
  public static String canonicalFolder(String folder) {
    int slash = folder.indexOf('/');
    String first = slash < 0 ? folder : folder.substring(0, slash);
    return first.equalsIgnoreCase("INBOX") ? "INBOX" + folder.substring(first.length()) : folder;
  }

  /**
   * Registers a listener for a mailbox. Must be called on a Vert.x context (the session's); the
   * future completes there once the node watches the folder for this front-end (at once when the
   * stream is down: the listener is then told to resync when it is back).
   */
  public Future<Registration> watch(
      String backend, String account, String folder, Listener listener) {
    Context context = Vertx.currentContext();
    Key key = new Key(backend, account.toLowerCase(Locale.ROOT), canonicalFolder(folder));
    NodeStream node = node(backend);
    Sub sub = new Sub(key, listener, context);
    Promise<Registration> promise = Promise.promise();
    node.add(sub, () -> complete(context, () -> promise.tryComplete(() -> node.remove(sub))));
    return promise.future();
  }

  /**
   * Completes (on the caller's context) once every change the node committed before this call has
   * been handed to the listeners on this front-end; at once when the stream to the node is down.
   */
  public Future<Void> sync(String backend) {
    Context context = Vertx.currentContext();
    Promise<Void> promise = Promise.promise();
    node(backend).barrier(() -> complete(context, () -> promise.tryComplete()));
    return promise.future();
  }

  /** How many times a stream was re-opened after it broke (for tests and metrics). */
  public long reconnects() {
    return reconnects.get();
  }

  /** Registers the watcher's meters: folders watched, streams re-opened. */
  public void bindTo(io.micrometer.core.instrument.MeterRegistry registry) {
    io.micrometer.core.instrument.Gauge.builder(
            "mailtier_imap_watched_folders",
            this,
            w -> w.nodes.values().stream().mapToInt(NodeStream::watchedCount).sum())
        .description("folders selected by sessions of this front-end, watched on the nodes")
        .register(registry);
    io.micrometer.core.instrument.FunctionCounter.builder(
            "mailtier_imap_watch_reopened", reconnects, AtomicLong::get)
        .description("watch streams re-opened after they broke (node restart, network)")
        .register(registry);
  }

  /** How many folders are watched on a node (for tests). */
  public int watchedFolders(String backend) {
    NodeStream n = nodes.get(backend);
    return n == null ? 0 : n.watchedCount();
  }

  /** Whether the stream to a node is open and acknowledged (for tests). */
  public boolean connected(String backend) {
    NodeStream n = nodes.get(backend);
    return n != null && n.isOpen();
  }

  private NodeStream node(String backend) {
    return nodes.computeIfAbsent(backend, NodeStream::new);
  }

  private static void complete(Context context, Runnable action) {
    if (context == null) {
      action.run();
    } else {
      context.runOnContext(v -> action.run());
    }
  }

  @Override
  public void close() {
    closed = true;
    for (NodeStream n : nodes.values()) {
      n.shutdown();
    }
    nodes.clear();
  }

  /** One registration of one session. */
  private static final class Sub {
    final Key key;
    final Listener listener;
    final Context context;

    Sub(Key key, Listener listener, Context context) {
      this.key = key;
      this.listener = listener;
      this.context = context;
    }

    void deliver(WatchEvent event) {
      complete(context, () -> listener.event(event));
    }

    void resync() {
      complete(context, listener::resync);
    }
  }

  /** The stream to one node and the registrations it carries. Guarded by its own lock. */
  private final class NodeStream {
    final String backend;

    /** Registrations by folder; a folder is on the stream while it has at least one. */
    final Map<Key, Set<Sub>> subs = new HashMap<>();

    /** One entry per request sent on the current stream, run when its ack arrives. */
    final Queue<Runnable> acks = new ArrayDeque<>();

    ClientCallStreamObserver<WatchRequest> requests;

    /** The current stream has acknowledged its first request (the re-adds). */
    boolean open;

    long generation;
    long backoffMillis;
    boolean shut;

    NodeStream(String backend) {
      this.backend = backend;
      this.backoffMillis = minBackoff.toMillis();
    }

    synchronized boolean isOpen() {
      return open;
    }

    synchronized int watchedCount() {
      return subs.size();
    }

    synchronized void add(Sub sub, Runnable acked) {
      Set<Sub> set = subs.get(sub.key);
      boolean first = set == null;
      if (first) {
        set = new LinkedHashSet<>();
        subs.put(sub.key, set);
      }
      set.add(sub);
      if (shut) {
        acked.run();
        return;
      }
      if (requests == null) {
        // The first stream to this node: its first request adds every folder, this one included.
        // A broken stream: the re-open (already scheduled) resynchronizes this session too.
        if (generation > 0 || !connect(acked)) {
          acked.run();
        }
        return;
      }
      if (first) {
        send(WatchRequest.newBuilder().addAdd(ref(sub.key)).build(), acked);
      } else {
        // The folder is on the stream, or its add is still in flight: wait for whatever was sent
        // last, which is at or after that add.
        send(WatchRequest.getDefaultInstance(), acked);
      }
    }

    synchronized void remove(Sub sub) {
      Set<Sub> set = subs.get(sub.key);
      if (set == null || !set.remove(sub)) {
        return;
      }
      if (set.isEmpty()) {
        subs.remove(sub.key);
        if (requests != null) {
          send(WatchRequest.newBuilder().addRemove(ref(sub.key)).build(), () -> {});
        }
      }
    }

    synchronized void barrier(Runnable acked) {
      if (requests == null || !open || shut) {
        acked.run();
        return;
      }
      send(WatchRequest.getDefaultInstance(), acked);
    }

    /** Sends on the current stream; called with the lock held and {@code requests} set. */
    private void send(WatchRequest request, Runnable acked) {
      if (requests == null) { // the stream failed while it was being opened
        acked.run();
        return;
      }
      acks.add(acked);
      try {
        requests.onNext(request);
      } catch (RuntimeException e) {
        LOG.debug("watch request to {} failed: {}", backend, e.toString());
        // The response observer's onError follows and runs the pending acks.
      }
    }

    /**
     * Opens a new stream and re-adds every watched folder as its first request; {@code onAck} runs
     * at its ack. False when there is no channel to the node.
     */
    private boolean connect(Runnable onAck) {
      ManagedChannel channel = channels.channel(backend).orElse(null);
      if (channel == null || closed) {
        shut = closed;
        return false;
      }
      long gen = ++generation;
      open = false;
      var observer =
          new ClientResponseObserver<WatchRequest, WatchEvent>() {
            @Override
            public void beforeStart(ClientCallStreamObserver<WatchRequest> r) {
              requests = r;
            }

            @Override
            public void onNext(WatchEvent event) {
              received(gen, event);
            }

            @Override
            public void onError(Throwable t) {
              broken(gen, t);
            }

            @Override
            public void onCompleted() {
              broken(gen, null);
            }
          };
      MailStoreGrpc.newStub(channel).withWaitForReady().watch(observer);
      WatchRequest.Builder all = WatchRequest.newBuilder();
      for (Key k : subs.keySet()) {
        all.addAdd(ref(k));
      }
      boolean reconnect = gen > 1;
      List<Sub> toResync = new ArrayList<>();
      if (reconnect) {
        subs.values().forEach(toResync::addAll);
      }
      send(
          all.build(),
          () -> {
            boolean live;
            synchronized (this) {
              // Also run when the stream broke before its ack: then it is not live.
              live = gen == generation && requests != null;
              if (live) {
                open = true;
                backoffMillis = minBackoff.toMillis();
              }
            }
            if (reconnect && live) {
              reconnects.incrementAndGet();
              LOG.info(
                  "watch stream to {} re-opened; resynchronizing {} session(s)",
                  backend,
                  toResync.size());
              toResync.forEach(Sub::resync);
            }
            onAck.run();
          });
      return true;
    }

    private void received(long gen, WatchEvent event) {
      if (event.hasAck()) {
        Runnable r;
        synchronized (this) {
          if (gen != generation) {
            return;
          }
          r = acks.poll();
        }
        if (r != null) {
          r.run();
        }
        return;
      }
      Sub[] targets;
      synchronized (this) {
        if (gen != generation) {
          return;
        }
        MailboxRef m = event.getMailbox();
        Set<Sub> set =
            subs.get(new Key(backend, m.getAccount().toLowerCase(Locale.ROOT), m.getFolder()));
        if (set == null) {
          return;
        }
        targets = set.toArray(new Sub[0]);
      }
      for (Sub s : targets) {
        s.deliver(event);
      }
    }

    private void broken(long gen, Throwable t) {
      List<Runnable> pending;
      long delay;
      synchronized (this) {
        if (gen != generation) {
          return;
        }
        requests = null;
        open = false;
        pending = new ArrayList<>(acks);
        acks.clear();
        delay = backoffMillis;
        backoffMillis = Math.min(maxBackoff.toMillis(), backoffMillis * 2);
      }
      // Nobody may wait forever for an ack that will not come; the resync follows the re-open.
      pending.forEach(Runnable::run);
      if (closed || shut) {
        return;
      }
      LOG.warn(
          "watch stream to {} broke ({}); re-opening in {} ms",
          backend,
          t == null ? "closed by the node" : t.toString(),
          delay);
      vertx.setTimer(Math.max(1, delay), id -> reopen(gen));
    }

    private synchronized void reopen(long gen) {
      if (closed || shut || gen != generation || requests != null) {
        return;
      }
      channels.channel(backend).ifPresent(ManagedChannel::resetConnectBackoff);
      connect(() -> {});
    }

    synchronized void shutdown() {
      shut = true;
      generation++;
      if (requests != null) {
        try {
          requests.onCompleted();
        } catch (RuntimeException e) {
          // already gone
        }
        requests = null;
      }
      List<Runnable> pending = new ArrayList<>(acks);
      acks.clear();
      pending.forEach(Runnable::run);
    }
  }

  private static MailboxRef ref(Key k) {
    return MailboxRef.newBuilder().setAccount(k.account()).setFolder(k.folder()).build();
  }
}
