package io.mailtier.frontend.imap.session;

import io.mailtier.frontend.backend.MailboxWatcher;
import io.mailtier.frontend.backend.MailstoreClient;
import io.mailtier.frontend.imap.response.FetchData;
import io.mailtier.frontend.imap.response.ImapResponse;
import io.mailtier.frontend.imap.response.UntaggedData;
import io.mailtier.frontend.routing.Route;
import io.mailtier.proto.mailstore.v1.FetchRequest;
import io.mailtier.proto.mailstore.v1.FetchResponse;
import io.mailtier.proto.mailstore.v1.MessageFlags;
import io.mailtier.proto.mailstore.v1.SelectFolderRequest;
import io.mailtier.proto.mailstore.v1.UidRange;
import io.mailtier.proto.mailstore.v1.WatchEvent;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The changes other sessions (on any front-end) made to this session's selected mailbox, waiting to
 * be announced (ADR 0050). One per session, used only on the session's event loop.
 *
 * <p>The session registers its mailbox with the {@link MailboxWatcher} <em>before</em> it reads the
 * mailbox (SELECT), so no change falls between the two; the SELECT's HIGHESTMODSEQ then tells which
 * of the queued events the SELECT already saw. Events wait here until the session may announce
 * them: after each command, in IDLE at once, and in NOOP/CHECK after a {@link #sync barrier}.
 * {@link #drain} turns them into EXISTS, EXPUNGE and FETCH FLAGS responses against the session's
 * message map; EXPUNGEs not allowed in the current response (FETCH, STORE, SEARCH) are held, and
 * the expunged messages keep their sequence numbers until they are announced (RFC 9051 7.5.1, RFC
 * 2180 4.1).
 */
public final class SessionUpdates implements MailboxWatcher.Listener {
  private static final Logger LOG = LoggerFactory.getLogger(SessionUpdates.class);

  /** The most events kept for a session that does not look; beyond, one resync replaces them. */
  static final int MAX_PENDING = 1_000;

  /** The most own modseqs remembered (beyond, some own flag changes are announced again). */
  static final int MAX_OWN = 100_000;

  /** How a drain ends the session's view of the mailbox. */
  public enum Ending {
    /** The mailbox is still selected. */
    NONE,
    /** The mailbox was deleted, renamed or recreated: its UIDs are no longer valid. */
    MAILBOX_GONE
  }

  /** What {@link #drain} produced: responses in order, the new message map, the ending. */
  public record Drained(List<ImapResponse> responses, MessageMap map, Ending ending) {}

  /** A queued item: a node event, or the state the node reported after a resync. */
  private sealed interface Item {}

  private record Event(WatchEvent event) implements Item {}

  private record Snapshot(
      long uidValidity, List<Long> uids, long highestModseq, List<MessageFlags> changed) {}

  /**
   * Where a resync was asked for: events before it are older than the stream break, events after it
   * come from the re-opened stream. Nothing at or after it is announced until the node's state
   * ({@link #snapshot}) is here, so the snapshot applies exactly at its place.
   */
  private static final class Resync implements Item {
    Snapshot snapshot;
  }

  private final MailboxWatcher watcher;
  private final MailstoreClient mailstore;
  private final Duration registerTimeout;
  private final String sessionId;

  private Route route;
  private String mailbox;
  private MailboxWatcher.Registration registration;

  /** Bumped on every (de)registration: callbacks of an earlier one are ignored. */
  private long epoch;

  /** SELECT has returned: its UIDVALIDITY and HIGHESTMODSEQ are known. */
  private boolean armed;

  private long uidValidity;

  /** Events at or below this modseq are already in the session's map. */
  private long floor;

  /** The highest modseq this session knows about (SELECT, events, snapshots). */
  private long seen;

  private ArrayDeque<Item> pending;
  private TreeSet<Long> held;
  private Set<Long> own;
  private Runnable onPending;
  private boolean closedUnderstood;

  public SessionUpdates(
      MailboxWatcher watcher, MailstoreClient mailstore, Duration registerTimeout, String id) {
    this.watcher = watcher;
    this.mailstore = mailstore;
    this.registerTimeout = registerTimeout;
    this.sessionId = id;
  }

  /** Updates that never come: no watcher (unit tests, tools). */
  public static SessionUpdates none() {
    return new SessionUpdates(null, null, Duration.ZERO, "-");
  }

  /** Whether changes come from a watch (else NOOP polls the node). */
  public boolean active() {
    return watcher != null;
  }

  /**
   * Whether the client understands {@code * OK [CLOSED]} (IMAP4rev2 / QRESYNC enabled): then a
   * mailbox that goes away is closed instead of ending the session with BYE.
   */
  public void closedUnderstood(boolean value) {
    this.closedUnderstood = value;
  }

  public boolean closedUnderstood() {
    return closedUnderstood;
  }

  /**
   * Leaves the current mailbox (if any) and watches another; completes once the node watches it for
   * this front-end, or after the register timeout (the session is then resynchronized when the
   * registration completes). Call before reading the mailbox.
   */
  public Future<Void> watch(Route route, String mailbox) {
    clear();
    if (watcher == null) {
      return Future.succeededFuture();
    }
    attach(route, mailbox);
    long my = epoch;
    Promise<Void> ready = Promise.promise();
    Context context = Vertx.currentContext();
    long timer =
        context == null
            ? -1
            : context
                .owner()
                .setTimer(
                    Math.max(1, registerTimeout.toMillis()),
                    id -> {
                      if (ready.tryComplete()) {
                        LOG.debug("[{}] watch registration is slow; SELECT goes on", sessionId);
                      }
                    });
    watcher
        .watch(route.backend(), route.account(), mailbox, this)
        .onComplete(ar -> {
          if (timer != -1) {
            context.owner().cancelTimer(timer);
          }
          if (ar.failed()) {
            ready.tryComplete();
            return;
          }
          if (my != epoch) {
            ar.result().cancel(); // the session left the mailbox meanwhile
            return;
          }
          registration = ar.result();
          if (!ready.tryComplete()) {
            resync(); // registered after the SELECT read the mailbox: look again
          }
        });
    return ready.future();
  }

  /** Starts queuing events of a mailbox (the registration follows). */
  void attach(Route route, String mailbox) {
    this.route = route;
    this.mailbox = mailbox;
  }

  /** SELECT read the mailbox: events up to {@code highestModseq} are in its map. */
  public void selected(long uidValidity, long highestModseq) {
    this.uidValidity = uidValidity;
    this.floor = highestModseq;
    this.seen = highestModseq;
    this.armed = true;
  }

  /** Leaves the mailbox: drops the registration and everything queued. */
  public void clear() {
    epoch++;
    if (registration != null) {
      registration.cancel();
      registration = null;
    }
    route = null;
    mailbox = null;
    armed = false;
    pending = null;
    held = null;
    own = null;
    onPending = null;
  }

  /**
   * Completes once every change committed before the call is queued here (a barrier on the watch
   * stream); at once without a watch.
   */
  public Future<Void> sync() {
    if (watcher == null || route == null) {
      return Future.succeededFuture();
    }
    return watcher.sync(route.backend());
  }

  /** Flag changes this session made itself (STORE, FETCH setting \Seen): not announced again. */
  public void ownChanges(Collection<MessageFlags> changed) {
    if (route == null) {
      return;
    }
    for (MessageFlags m : changed) {
      if (m.getModseq() > seen) {
        if (own == null) {
          own = new HashSet<>();
        }
        if (own.size() < MAX_OWN) {
          own.add(m.getModseq());
        }
      }
    }
  }

  /** Runs (on the session's context) whenever something is queued; null to stop (end of IDLE). */
  public void onPending(Runnable callback) {
    this.onPending = callback;
  }

  /** Whether anything waits to be announced. */
  public boolean hasPending() {
    return armed && ((pending != null && !pending.isEmpty()) || (held != null && !held.isEmpty()));
  }

  @Override
  public void event(WatchEvent event) {
    if (route == null) {
      return;
    }
    if (pending == null) {
      pending = new ArrayDeque<>();
    }
    if (pending.size() >= MAX_PENDING) {
      LOG.debug("[{}] {} updates waiting; replacing them by a resync", sessionId, MAX_PENDING);
      pending.clear();
      resync();
      return;
    }
    pending.add(new Event(event));
    notifyPending();
  }

  @Override
  public void resync() {
    if (route == null || mailstore == null) {
      return;
    }
    long my = epoch;
    Route r = route;
    String box = mailbox;
    Resync marker = new Resync();
    if (pending == null) {
      pending = new ArrayDeque<>();
    }
    pending.add(marker);
    mailstore
        .selectFolder(
            r.backend(),
            SelectFolderRequest.newBuilder().setAccount(r.account()).setFolder(box).build())
        .compose(select -> {
          long validity = Integer.toUnsignedLong(select.getStatus().getUidValidity());
          long highest = select.getStatus().getHighestModseq();
          List<Long> uids = new ArrayList<>(select.getUidsCount());
          select.getUidsList().forEach(u -> uids.add(Integer.toUnsignedLong(u)));
          if (highest <= seen || uids.isEmpty()) {
            return Future.succeededFuture(new Snapshot(validity, uids, highest, List.of()));
          }
          // Flags changed while the stream was down: those with a modseq above what we saw.
          long since = seen;
          FetchRequest fetch =
              FetchRequest.newBuilder()
                  .setAccount(r.account())
                  .setFolder(box)
                  .addUids(
                      UidRange.newBuilder()
                          .setFirst((int) (long) uids.get(0))
                          .setLast((int) (long) uids.get(uids.size() - 1)))
                  .setFlags(true)
                  .build();
          return mailstore
              .fetch(r.backend(), fetch)
              .map(items -> {
                List<MessageFlags> changed = new ArrayList<>();
                for (FetchResponse f : items) {
                  if (f.hasMessage() && f.getMessage().getModseq() > since) {
                    changed.add(
                        MessageFlags.newBuilder()
                            .setUid(f.getMessage().getUid())
                            .addAllFlags(f.getMessage().getFlagsList())
                            .setModseq(f.getMessage().getModseq())
                            .build());
                  }
                }
                return new Snapshot(validity, uids, highest, changed);
              });
        })
        .onComplete(ar -> {
          if (my != epoch || pending == null) {
            return;
          }
          if (ar.succeeded()) {
            marker.snapshot = ar.result();
          } else {
            // Go on with the events alone rather than stall the session.
            LOG.debug("[{}] resync failed: {}", sessionId, ar.cause().toString());
            pending.remove(marker);
          }
          notifyPending();
        });
  }

  private void notifyPending() {
    if (armed && onPending != null) {
      onPending.run();
    }
  }

  /**
   * Turns what is queued into responses against the session's map.
   *
   * @param map the client's view (held expunges still in it)
   * @param expungeAllowed false while answering FETCH, STORE or SEARCH: EXPUNGEs are held
   * @param withUid include UID in unsolicited FETCH responses
   */
  public Drained drain(MessageMap map, boolean expungeAllowed, boolean withUid) {
    List<ImapResponse> out = new ArrayList<>();
    if (!armed) {
      return new Drained(out, map, Ending.NONE);
    }
    long announced = map.size();
    if (expungeAllowed && held != null && !held.isEmpty()) {
      map = expunge(map, held, out);
      announced = map.size();
      held = null;
    }
    Ending ending = Ending.NONE;
    while (pending != null && !pending.isEmpty()) {
      if (pending.peek() instanceof Resync r && r.snapshot == null) {
        break; // wait for the node's state before announcing anything newer
      }
      Item item = pending.poll();
      if (item instanceof Resync r) {
        Snapshot s = r.snapshot;
        if (s.uidValidity() != uidValidity) {
          ending = Ending.MAILBOX_GONE;
          break;
        }
        Set<Long> present = new HashSet<>(s.uids());
        List<Long> gone = new ArrayList<>();
        for (int i = 1; i <= map.size(); i++) {
          long u = map.uid(i);
          if (!present.contains(u) && (held == null || !held.contains(u))) {
            gone.add(u);
          }
        }
        long known = map.highestUid();
        map = map.withNewer(s.uids());
        announced = flushExists(map, announced, out);
        if (!gone.isEmpty()) {
          if (expungeAllowed) {
            map = expunge(map, gone, out);
            announced = map.size();
          } else {
            hold(gone);
          }
        }
        for (MessageFlags m : s.changed()) {
          // New messages' flags are not news: the client fetches them.
          if (Integer.toUnsignedLong(m.getUid()) <= known) {
            announceFlags(map, m, withUid, out);
          }
        }
        floor = Math.max(floor, s.highestModseq());
        seen = Math.max(seen, s.highestModseq());
        continue;
      }
      WatchEvent e = ((Event) item).event();
      switch (e.getEventCase()) {
        case UID_VALIDITY -> {
          if (Integer.toUnsignedLong(e.getUidValidity().getUidValidity()) != uidValidity) {
            ending = Ending.MAILBOX_GONE;
          }
        }
        case EXISTS -> {
          long mod = e.getExists().getHighestModseq();
          if (mod > floor) {
            seen = Math.max(seen, mod);
            List<Long> uids = new ArrayList<>(e.getExists().getUidsCount());
            e.getExists().getUidsList().forEach(u -> uids.add(Integer.toUnsignedLong(u)));
            map = map.withNewer(uids);
          }
        }
        case EXPUNGE -> {
          long mod = e.getExpunge().getHighestModseq();
          if (mod > floor) {
            seen = Math.max(seen, mod);
            List<Long> gone = new ArrayList<>();
            for (int u : e.getExpunge().getUidsList()) {
              long uid = Integer.toUnsignedLong(u);
              if (map.msn(uid) > 0 && (held == null || !held.contains(uid))) {
                gone.add(uid);
              }
            }
            if (!gone.isEmpty()) {
              announced = flushExists(map, announced, out);
              if (expungeAllowed) {
                map = expunge(map, gone, out);
                announced = map.size();
              } else {
                hold(gone);
              }
            }
          }
        }
        case FLAGS -> {
          long mod = e.getFlags().getHighestModseq();
          if (mod > floor) {
            seen = Math.max(seen, mod);
            announced = flushExists(map, announced, out);
            for (MessageFlags m : e.getFlags().getMessagesList()) {
              if (own != null && own.remove(m.getModseq())) {
                continue;
              }
              announceFlags(map, m, withUid, out);
            }
          }
        }
        case ACK, EVENT_NOT_SET -> {}
      }
      if (ending != Ending.NONE) {
        break;
      }
    }
    if (ending == Ending.NONE) {
      flushExists(map, announced, out);
    } else {
      pending = null;
      held = null;
    }
    if (own != null) {
      long s = seen;
      own.removeIf(m -> m <= s);
    }
    return new Drained(out, map, ending);
  }

  private static long flushExists(MessageMap map, long announced, List<ImapResponse> out) {
    if (map.size() != announced) {
      out.add(new UntaggedData.Exists(map.size()));
    }
    return map.size();
  }

  /** Announces expunges, highest sequence number first so no number shifts under another. */
  private static MessageMap expunge(MessageMap map, Collection<Long> gone, List<ImapResponse> out) {
    TreeSet<Long> msns = new TreeSet<>();
    for (long u : gone) {
      long msn = map.msn(u);
      if (msn > 0) {
        msns.add(msn);
      }
    }
    for (long msn : msns.descendingSet()) {
      out.add(new UntaggedData.Expunge(msn));
    }
    return map.withoutAll(gone);
  }

  private void hold(Collection<Long> gone) {
    if (held == null) {
      held = new TreeSet<>();
    }
    held.addAll(gone);
  }

  private static void announceFlags(
      MessageMap map, MessageFlags m, boolean withUid, List<ImapResponse> out) {
    long uid = Integer.toUnsignedLong(m.getUid());
    long msn = map.msn(uid);
    if (msn == 0) {
      return;
    }
    List<FetchData.Item> items = new ArrayList<>(2);
    if (withUid) {
      items.add(new FetchData.Uid(uid));
    }
    items.add(new FetchData.Flags(m.getFlagsList()));
    out.add(new FetchData(msn, items));
  }
}
