package io.mailtier.deploy.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.LongAdder;

/**
 * Fills each user's INBOX up to M messages of S bytes over IMAP APPEND, so every server under test
 * holds the same mail. Idempotent: it counts what INBOX already has and appends only the rest.
 */
final class ImapSeeder {
  /** What seeding did. */
  record Result(long appended, long bytes, double seconds, List<String> errors) {}

  private ImapSeeder() {}

  static Result seed(ImapTarget target, UserSet users, int messages, int size, int concurrency)
      throws InterruptedException {
    LongAdder appended = new LongAdder();
    LongAdder bytes = new LongAdder();
    List<String> errors = java.util.Collections.synchronizedList(new ArrayList<>());
    Semaphore slots = new Semaphore(Math.max(1, concurrency));
    long t0 = System.nanoTime();
    List<Thread> threads = new ArrayList<>();
    for (String user : users.names()) {
      threads.add(
          Thread.ofVirtual()
              .start(() -> {
                try {
                  slots.acquire();
                } catch (InterruptedException e) {
                  return;
                }
                try (ImapConnection c = ImapConnection.open(target, 8192)) {
                  c.login(user, users.password());
                  long exists = Math.max(0, c.expectOk("SELECT INBOX").exists());
                  for (long i = exists + 1; i <= messages; i++) {
                    byte[] m = Messages.message("bench message", size, i);
                    c.append("INBOX", m);
                    appended.increment();
                    bytes.add(m.length);
                  }
                  c.command("LOGOUT");
                } catch (BenchFailure f) {
                  errors.add(user + ": " + f.getMessage());
                } finally {
                  slots.release();
                }
              }));
    }
    long bound = target.timeout().toMillis() * (messages + 3L);
    for (Thread t : threads) {
      t.join(bound);
    }
    return new Result(appended.sum(), bytes.sum(), (System.nanoTime() - t0) / 1e9, errors);
  }
}
