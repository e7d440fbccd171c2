package io.mailtier.frontend.pop3.session;

import io.mailtier.frontend.pop3.lock.MaildropLocks;
import java.util.BitSet;
import java.util.List;

/**
 * The maildrop of a session in the TRANSACTION state: the folder's messages as they were when it
 * was opened (message number n is {@code uids[n - 1]}), the deletion marks, and the lock. Session
 * state, touched on the session's event loop only.
 */
public final class Maildrop {
  private final String account;
  private final String folder;
  private final String backend;
  private final long uidValidity;
  private final long[] uids;
  private final long[] sizes;
  private final BitSet deleted = new BitSet();
  private final MaildropLocks.Lease lease;

  public Maildrop(
      String account,
      String folder,
      String backend,
      long uidValidity,
      long[] uids,
      long[] sizes,
      MaildropLocks.Lease lease) {
    if (uids.length != sizes.length) {
      throw new IllegalArgumentException("uids and sizes differ in length");
    }
    this.account = account;
    this.folder = folder;
    this.backend = backend;
    this.uidValidity = uidValidity;
    this.uids = uids.clone();
    this.sizes = sizes.clone();
    this.lease = lease;
  }

  public String account() {
    return account;
  }

  public String folder() {
    return folder;
  }

  public String backend() {
    return backend;
  }

  public long uidValidity() {
    return uidValidity;
  }

  public MaildropLocks.Lease lease() {
    return lease;
  }

  /** How many messages the maildrop had when opened (deleted ones included). */
  public int size() {
    return uids.length;
  }

  /** Whether message number {@code n} exists and is not marked deleted. */
  public boolean visible(int n) {
    return n >= 1 && n <= uids.length && !deleted.get(n - 1);
  }

  public long uid(int n) {
    return uids[n - 1];
  }

  public long octets(int n) {
    return sizes[n - 1];
  }

  /**
   * The unique-id of message {@code n} (RFC 1939 7): the folder's UIDVALIDITY and the message's
   * UID, which the node never reuses while the UIDVALIDITY stays, so the id is the same in every
   * session, on every front-end and after a node restart.
   */
  public String uniqueId(int n) {
    return uidValidity + "." + uids[n - 1];
  }

  public void delete(int n) {
    deleted.set(n - 1);
  }

  /** RSET: no message is marked deleted any more. */
  public void undeleteAll() {
    deleted.clear();
  }

  public int visibleCount() {
    return uids.length - deleted.cardinality();
  }

  public long visibleOctets() {
    long total = 0;
    for (int i = 0; i < uids.length; i++) {
      if (!deleted.get(i)) {
        total += sizes[i];
      }
    }
    return total;
  }

  /** The UIDs marked deleted, ascending. */
  public List<Long> deletedUids() {
    return deleted.stream().mapToObj(i -> uids[i]).toList();
  }
}
