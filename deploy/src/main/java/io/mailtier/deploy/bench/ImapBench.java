package io.mailtier.deploy.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * The IMAP load generator behind {@code mailtier bench imap}. Every simulated client is a virtual
 * thread with a blocking socket (ADR 0060): thousands of them cost a few KiB each, and the tool
 * measures and reports its own CPU use so a run can show it was not the bottleneck.
 */
final class ImapBench {
  /** The measurement modes. */
  enum Mode {
    SESSIONS,
    FETCH_BODIES,
    IDLE
  }

  /**
   * @param concurrency simultaneous clients (sessions, fetch-bodies), or the number of sessions set
   *     up at once (idle)
   * @param duration how long to measure after the warm-up (sessions, fetch-bodies)
   * @param warmup how long to run before measuring
   * @param maxSessions the most sessions (sessions mode) or FETCH commands (fetch-bodies) counted;
   *     the run ends early when reached
   * @param fetchBatch messages per FETCH command in fetch-bodies mode
   * @param idleSessions K, the concurrent IDLE sessions in idle mode
   * @param idleRounds deliveries (one APPEND per distinct idling user each) in idle mode
   * @param idleWait how long each round waits for every idler's EXISTS
   * @param metricsUrl the target's Prometheus /metrics URL (heap in idle mode), or null
   * @param gcCommand a shell command run before each heap sample (e.g. {@code jcmd PID GC.run}), or
   *     null
   */
  record Settings(
      Mode mode,
      ImapTarget target,
      UserSet users,
      int concurrency,
      Duration duration,
      Duration warmup,
      long maxSessions,
      int fetchBatch,
      int idleSessions,
      int idleRounds,
      Duration idleWait,
      String metricsUrl,
      String gcCommand) {
    Settings {
      if (concurrency < 1 || concurrency > 20_000) {
        throw new IllegalArgumentException("concurrency must be 1..20000: " + concurrency);
      }
      if (duration.isNegative() || duration.compareTo(Duration.ofHours(1)) > 0) {
        throw new IllegalArgumentException("duration must be 0..1h: " + duration);
      }
      if (warmup.isNegative() || warmup.compareTo(Duration.ofMinutes(10)) > 0) {
        throw new IllegalArgumentException("warm-up must be 0..10m: " + warmup);
      }
      if (maxSessions < 1) {
        throw new IllegalArgumentException("max sessions must be at least 1");
      }
      if (fetchBatch < 1 || fetchBatch > 1000) {
        throw new IllegalArgumentException("fetch batch must be 1..1000: " + fetchBatch);
      }
      if (idleSessions < 1 || idleSessions > 50_000) {
        throw new IllegalArgumentException("idle sessions must be 1..50000: " + idleSessions);
      }
      if (idleRounds < 1 || idleRounds > 100) {
        throw new IllegalArgumentException("idle rounds must be 1..100: " + idleRounds);
      }
    }
  }

  private final Settings s;
  private final BenchReport report;

  ImapBench(Settings settings) {
    this.s = settings;
    this.report =
        new BenchReport(
            settings.mode().name().toLowerCase(Locale.ROOT).replace('_', '-'),
            settings.target().toString());
    report.settings.put("users", settings.users().size());
    report.settings.put("concurrency", settings.concurrency());
    if (settings.mode() == Mode.IDLE) {
      report.settings.put("idle_sessions", settings.idleSessions());
      report.settings.put("rounds", settings.idleRounds());
    } else {
      report.settings.put("warmup_seconds", settings.warmup().toMillis() / 1000.0);
      report.settings.put("duration_seconds", settings.duration().toMillis() / 1000.0);
      report.settings.put("max_count", settings.maxSessions());
    }
    if (settings.mode() == Mode.FETCH_BODIES) {
      report.settings.put("fetch_batch", settings.fetchBatch());
    }
  }

  /** Runs the configured mode to completion (bounded by its durations) and returns the report. */
  BenchReport run() throws InterruptedException {
    report.loadBefore = loadAverage();
    switch (s.mode()) {
      case SESSIONS -> sessions();
      case FETCH_BODIES -> fetchBodies();
      case IDLE -> idle();
    }
    report.loadAfter = loadAverage();
    return report;
  }

  // ---------------------------------------------------------------- sessions

  private void sessions() throws InterruptedException {
    for (String step : List.of("connect", "login", "select", "fetch", "logout", "session")) {
      report.latency(step);
    }
    AtomicLong tickets = new AtomicLong();
    LongAdder completed = new LongAdder();
    Window w = new Window(s.warmup(), s.duration());
    runWorkers(
        s.concurrency(),
        worker -> {
          int n = worker;
          while (w.running()) {
            boolean measured = w.measuring();
            if (measured && tickets.incrementAndGet() > s.maxSessions()) {
              w.stop();
              return;
            }
            String user = s.users().user(n);
            n += s.concurrency();
            try {
              long[] t = oneSession(user);
              if (measured) {
                report.latency("connect").recordNanos(t[1] - t[0]);
                report.latency("login").recordNanos(t[2] - t[1]);
                report.latency("select").recordNanos(t[3] - t[2]);
                report.latency("fetch").recordNanos(t[4] - t[3]);
                report.latency("logout").recordNanos(t[5] - t[4]);
                report.latency("session").recordNanos(t[5] - t[0]);
                completed.increment();
              }
            } catch (BenchFailure f) {
              if (measured) {
                report.error(f.kind());
              }
              pause(10);
            }
          }
        });
    w.finish(report);
    report.figures.put("sessions", (double) completed.sum());
    report.figures.put("sessions_per_second", completed.sum() / report.elapsedSeconds);
  }

  /** One session; returns the six timestamps around its five steps. */
  private long[] oneSession(String user) throws BenchFailure {
    long[] t = new long[6];
    t[0] = System.nanoTime();
    try (ImapConnection c = ImapConnection.open(s.target(), 8192)) {
      t[1] = System.nanoTime();
      c.login(user, s.users().password());
      t[2] = System.nanoTime();
      c.expectOk("SELECT INBOX");
      t[3] = System.nanoTime();
      c.expectOk("FETCH 1:10 (FLAGS RFC822.SIZE)");
      t[4] = System.nanoTime();
      c.expectOk("LOGOUT");
      t[5] = System.nanoTime();
    }
    return t;
  }

  // ---------------------------------------------------------------- fetch-bodies

  private void fetchBodies() throws InterruptedException {
    report.latency("fetch");
    AtomicLong tickets = new AtomicLong();
    LongAdder bytes = new LongAdder();
    LongAdder messages = new LongAdder();
    Window w = new Window(s.warmup(), s.duration());
    runWorkers(
        s.concurrency(),
        worker -> {
          int attempt = 0;
          while (w.running()) {
            String user = s.users().user(worker + attempt++ * s.concurrency());
            try (ImapConnection c = ImapConnection.open(s.target(), 65536)) {
              c.login(user, s.users().password());
              long exists = c.expectOk("SELECT INBOX").exists();
              if (exists < 1) {
                throw new BenchFailure("empty INBOX", user + " has no messages: seed first");
              }
              long next = 1 + (worker * 7L) % exists;
              while (w.running()) {
                long last = Math.min(exists, next + s.fetchBatch() - 1);
                boolean measured = w.measuring();
                if (measured && tickets.incrementAndGet() > s.maxSessions()) {
                  w.stop();
                  return;
                }
                long t0 = System.nanoTime();
                ImapConnection.Reply r = c.expectOk("FETCH " + next + ":" + last + " BODY.PEEK[]");
                long t1 = System.nanoTime();
                if (measured) {
                  report.latency("fetch").recordNanos(t1 - t0);
                  bytes.add(r.literalBytes());
                  messages.add(r.literals());
                }
                next = last >= exists ? 1 : last + 1;
              }
              c.command("LOGOUT");
            } catch (BenchFailure f) {
              if (w.measuring()) {
                report.error(f.kind());
              }
              pause(10);
            }
          }
        });
    w.finish(report);
    report.figures.put("messages", (double) messages.sum());
    report.figures.put("messages_per_second", messages.sum() / report.elapsedSeconds);
    report.figures.put("megabytes_per_second", bytes.sum() / 1e6 / report.elapsedSeconds);
  }

  // ---------------------------------------------------------------- idle

  private void idle() throws InterruptedException {
    report.latency("setup");
    report.latency("time_to_exists");
    report.latency("append");
    long heapBefore = heapBytes();
    int k = s.idleSessions();
    List<Idler> idlers = new ArrayList<>(k);
    Map<String, Integer> userIndex = new LinkedHashMap<>();
    for (int i = 0; i < k; i++) {
      String user = s.users().user(i);
      userIndex.putIfAbsent(user, userIndex.size());
      idlers.add(new Idler(user, userIndex.get(user)));
    }
    AtomicLongArray sentAt = new AtomicLongArray(userIndex.size());
    AtomicInteger round = new AtomicInteger(0);
    CountDownLatch ready = new CountDownLatch(k);
    Semaphore setupSlots = new Semaphore(s.concurrency());
    List<Thread> threads = new ArrayList<>(k);
    long setupStart = System.nanoTime();
    for (Idler idler : idlers) {
      threads.add(
          Thread.ofVirtual()
              .name("bench-idle-", threads.size())
              .start(() -> idler.run(setupSlots, ready, round, sentAt)));
    }
    boolean allUp = ready.await(Math.max(30, k / 20), TimeUnit.SECONDS);
    double setupSeconds = (System.nanoTime() - setupStart) / 1e9;
    long idling = idlers.stream().filter(i -> i.idling).count();
    report.figures.put("idle_sessions_established", (double) idling);
    report.figures.put("setup_seconds", setupSeconds);
    if (!allUp) {
      report.error("setup not finished in time");
    }
    long heapIdle = heapBytes();
    if (heapBefore >= 0 && heapIdle >= 0) {
      report.figures.put("target_heap_before_mb", heapBefore / 1048576.0);
      report.figures.put("target_heap_idle_mb", heapIdle / 1048576.0);
      if (idling > 0) {
        report.figures.put("target_heap_per_session_kb", (heapIdle - heapBefore) / 1024.0 / idling);
      }
    } else if (s.metricsUrl() != null) {
      report.notes.put("heap", "no jvm_memory_used_bytes{area=\"heap\"} at " + s.metricsUrl());
    }

    long measureStart = System.nanoTime();
    long cpuStart = cpuNanos();
    if (idling > 0) {
      Map<String, Integer> idlingUsers = new LinkedHashMap<>();
      for (Idler i : idlers) {
        if (i.idling) {
          idlingUsers.put(i.user, i.userIndex);
        }
      }
      for (int r = 1; r <= s.idleRounds(); r++) {
        deliverRound(r, idlingUsers, idlers, sentAt, round);
      }
    }
    report.elapsedSeconds = (System.nanoTime() - measureStart) / 1e9;
    report.toolCpuSeconds = (cpuNanos() - cpuStart) / 1e9;
    for (Idler i : idlers) {
      i.finish();
    }
    for (Thread t : threads) {
      t.join(s.target().timeout().toMillis() + 1000);
    }
  }

  private void deliverRound(
      int r,
      Map<String, Integer> users,
      List<Idler> idlers,
      AtomicLongArray sentAt,
      AtomicInteger round)
      throws InterruptedException {
    long expected = idlers.stream().filter(i -> i.idling).count();
    AtomicLong seen = new AtomicLong();
    for (Idler i : idlers) {
      i.seenCounter = seen;
    }
    round.set(r);
    byte[] message = Messages.message("idle round " + r, 1024, r);
    Semaphore slots = new Semaphore(Math.max(1, Math.min(s.concurrency(), 64)));
    List<Thread> senders = new ArrayList<>();
    for (Map.Entry<String, Integer> u : users.entrySet()) {
      senders.add(
          Thread.ofVirtual()
              .start(() -> {
                try {
                  slots.acquire();
                } catch (InterruptedException e) {
                  return;
                }
                try (ImapConnection c = ImapConnection.open(s.target(), 8192)) {
                  c.login(u.getKey(), s.users().password());
                  long t0 = System.nanoTime();
                  sentAt.set(u.getValue(), t0);
                  c.append("INBOX", message);
                  report.latency("append").recordNanos(System.nanoTime() - t0);
                  c.command("LOGOUT");
                } catch (BenchFailure f) {
                  report.error("delivery " + f.kind());
                } finally {
                  slots.release();
                }
              }));
    }
    for (Thread t : senders) {
      t.join(s.target().timeout().toMillis() * 3 + 1000);
    }
    long deadline = System.nanoTime() + s.idleWait().toNanos();
    while (seen.get() < expected && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    long missing = expected - seen.get();
    if (missing > 0) {
      report
          .errors
          .computeIfAbsent(
              "no EXISTS within " + s.idleWait().toSeconds() + " s", x -> new LongAdder())
          .add(missing);
    }
    round.set(0);
    Thread.sleep(200);
  }

  /** One IDLE session: set up, then read untagged responses until told to finish. */
  private final class Idler {
    final String user;
    final int userIndex;
    volatile boolean idling;
    volatile AtomicLong seenCounter;
    private volatile ImapConnection connection;
    private volatile boolean finishing;
    private int recordedRound;

    Idler(String user, int userIndex) {
      this.user = user;
      this.userIndex = userIndex;
    }

    void run(
        Semaphore setupSlots, CountDownLatch ready, AtomicInteger round, AtomicLongArray sentAt) {
      long exists;
      String tag;
      try {
        setupSlots.acquire();
      } catch (InterruptedException e) {
        ready.countDown();
        return;
      }
      try {
        long t0 = System.nanoTime();
        connection = ImapConnection.open(withoutReadTimeout(), 2048);
        connection.login(user, s.users().password());
        exists = connection.expectOk("SELECT INBOX").exists();
        List<String> early = new ArrayList<>();
        tag = connection.idle(early);
        for (String line : early) {
          exists = Math.max(exists, ImapConnection.existsOf(line));
        }
        report.latency("setup").recordNanos(System.nanoTime() - t0);
        idling = true;
      } catch (BenchFailure f) {
        report.error("setup " + f.kind());
        if (connection != null) {
          connection.close();
        }
        return;
      } finally {
        setupSlots.release();
        ready.countDown();
      }
      try {
        while (true) {
          String line = connection.readLine();
          if (line.startsWith(tag + " ")) {
            break;
          }
          long n = ImapConnection.existsOf(line);
          if (n > exists) {
            long now = System.nanoTime();
            exists = n;
            int r = round.get();
            if (r > 0 && r != recordedRound) {
              recordedRound = r;
              report.latency("time_to_exists").recordNanos(now - sentAt.get(userIndex));
              seenCounter.incrementAndGet();
            }
          }
        }
        connection.command("LOGOUT");
      } catch (IOException | BenchFailure e) {
        if (!finishing) {
          report.error(
              "idle "
                  + (e instanceof BenchFailure f
                      ? f.kind()
                      : ImapConnection.failure("read", (IOException) e).kind()));
        }
      } finally {
        connection.close();
      }
    }

    void finish() {
      finishing = true;
      ImapConnection c = connection;
      if (c != null && idling) {
        try {
          c.sendDone();
        } catch (IOException e) {
          c.close();
        }
      }
    }
  }

  /** Idle sessions wait for as long as the run needs: only connect and set-up are bounded. */
  private ImapTarget withoutReadTimeout() {
    Duration longest =
        s.target().timeout().plus(s.idleWait().plusSeconds(60).multipliedBy(s.idleRounds() + 1));
    return new ImapTarget(s.target().host(), s.target().port(), s.target().tls(), longest);
  }

  /** The target's heap in bytes from its /metrics (after the GC command, if any), or -1. */
  private long heapBytes() {
    if (s.metricsUrl() == null) {
      return -1;
    }
    if (s.gcCommand() != null) {
      try {
        Process p = new ProcessBuilder("sh", "-c", s.gcCommand()).redirectErrorStream(true).start();
        p.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
          p.destroyForcibly();
        }
      } catch (IOException | InterruptedException e) {
        report.notes.put("gc command", "failed: " + e.getMessage());
      }
    }
    try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(URI.create(s.metricsUrl()))
                  .timeout(Duration.ofSeconds(10))
                  .build(),
              HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      return r.statusCode() == 200 ? heapFromPrometheus(r.body()) : -1;
    } catch (IOException | InterruptedException | IllegalArgumentException e) {
      report.notes.put("metrics", "cannot read " + s.metricsUrl() + ": " + e.getMessage());
      return -1;
    }
  }

  /** Sums {@code jvm_memory_used_bytes} over the heap pools; -1 when absent. */
  static long heapFromPrometheus(String text) {
    double sum = 0;
    boolean found = false;
    for (String line : text.split("\n")) {
      if (line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\"")) {
        int sp = line.lastIndexOf(' ');
        try {
          sum += Double.parseDouble(line.substring(sp + 1).strip());
          found = true;
        } catch (NumberFormatException ignored) {
          // a malformed sample is skipped, the others still count
        }
      }
    }
    return found ? (long) sum : -1;
  }

  // ---------------------------------------------------------------- common

  /** The measurement window: warm-up, then the measured duration, or an early stop. */
  private static final class Window {
    private final long measureStart;
    private final long end;
    private final long cpuAtStart;
    private final AtomicBoolean stopped = new AtomicBoolean();
    private volatile long cpuAtMeasure = -1;

    Window(Duration warmup, Duration duration) {
      long now = System.nanoTime();
      measureStart = now + warmup.toNanos();
      end = measureStart + duration.toNanos();
      cpuAtStart = cpuNanos();
    }

    boolean measuring() {
      long now = System.nanoTime();
      if (now >= measureStart && cpuAtMeasure < 0) {
        synchronized (this) {
          if (cpuAtMeasure < 0) {
            cpuAtMeasure = cpuNanos();
          }
        }
      }
      return now >= measureStart;
    }

    boolean running() {
      return !stopped.get() && System.nanoTime() < end;
    }

    void stop() {
      stopped.set(true);
    }

    /** Called once every worker has returned. */
    void finish(BenchReport report) {
      long now = System.nanoTime();
      report.elapsedSeconds = Math.max(1e-9, (now - measureStart) / 1e9);
      long cpuStart = cpuAtMeasure < 0 ? cpuAtStart : cpuAtMeasure;
      report.toolCpuSeconds = (cpuNanos() - cpuStart) / 1e9;
    }
  }

  private interface Worker {
    void run(int index) throws InterruptedException;
  }

  private void runWorkers(int n, Worker worker) throws InterruptedException {
    ConcurrentLinkedQueue<Throwable> crashes = new ConcurrentLinkedQueue<>();
    List<Thread> threads = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      int index = i;
      threads.add(
          Thread.ofVirtual()
              .name("bench-", i)
              .start(() -> {
                try {
                  worker.run(index);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                } catch (RuntimeException e) {
                  crashes.add(e);
                }
              }));
    }
    long bound = s.warmup().plus(s.duration()).toMillis() + s.target().timeout().toMillis() * 6;
    long deadline = System.currentTimeMillis() + bound + 5000;
    for (Thread t : threads) {
      t.join(Math.max(1, deadline - System.currentTimeMillis()));
    }
    for (Throwable t : crashes) {
      report.error("tool " + t.getClass().getSimpleName());
    }
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static long cpuNanos() {
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuTime();
    }
    return 0;
  }

  /** The 1, 5 and 15 minute load averages of this machine ("" where unknown). */
  static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (IOException | RuntimeException e) {
      double l = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
      return l < 0 ? "" : String.format(Locale.ROOT, "%.2f", l);
    }
  }
}
