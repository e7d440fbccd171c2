package io.mailtier.frontend.pop3.lock;

import java.util.concurrent.CompletionStage;

/**
 * The exclusive-access locks on maildrops (RFC 1939 8): at most one POP3 session holds a maildrop,
 * on whichever front-end it runs. A lock is held until its session releases it; a lock held by a
 * front-end that is gone expires (see the implementations).
 */
public interface MaildropLocks extends AutoCloseable {

  /** A held lock. */
  interface Lease {
    /** Gives the lock back; idempotent. */
    void release();

    /** Tells the lock store the session is still active (extends an expiry, where there is one). */
    default void touch() {}
  }

  /**
   * Tries to take the lock of one maildrop.
   *
   * @param maildrop the maildrop's key (account and folder)
   * @return the lease, or null when another session holds the lock
   */
  CompletionStage<Lease> tryAcquire(String maildrop);

  /** The key of a folder of an account. */
  static String key(String account, String folder) {
    return account + "/" + folder;
  }

  @Override
  default void close() {}
}
