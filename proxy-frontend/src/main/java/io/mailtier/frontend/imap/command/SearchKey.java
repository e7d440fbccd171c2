package io.mailtier.frontend.imap.command;

import java.time.LocalDate;
import java.util.List;

/**
 * One IMAP search key (RFC 9051 6.4.4, RFC 3501 6.4.4, RFC 7162 MODSEQ) as parsed: free of storage
 * and wire types. Sequence sets are kept as written; the handler resolves them against the
 * session's message map.
 */
public sealed interface SearchKey {
  /** ALL. */
  record All() implements SearchKey {}

  /** A parenthesized list, or the implicit AND of a search program's keys. */
  record And(List<SearchKey> keys) implements SearchKey {
    public And {
      keys = List.copyOf(keys);
    }
  }

  /** OR key1 key2. */
  record Or(SearchKey left, SearchKey right) implements SearchKey {}

  /** NOT key. */
  record Not(SearchKey key) implements SearchKey {}

  /** A bare sequence set: message sequence numbers; or {@code $}, the saved result (RFC 5182). */
  record Sequence(SequenceSet set) implements SearchKey {}

  /** UID sequence-set. */
  record Uid(SequenceSet set) implements SearchKey {}

  /**
   * A flag test: ANSWERED, DELETED, DRAFT, FLAGGED, SEEN, KEYWORD (present) and their UN- forms.
   *
   * @param flag {@code \Seen} etc. for system flags, the keyword otherwise
   */
  record Flag(String flag, boolean present) implements SearchKey {}

  /** RECENT: this server has no \Recent messages, so it matches nothing (NEW, too). */
  record Recent() implements SearchKey {}

  /** What a date key compares. */
  enum DateKind {
    BEFORE,
    ON,
    SINCE,
    SENTBEFORE,
    SENTON,
    SENTSINCE
  }

  /** BEFORE, ON, SINCE (internal date), SENTBEFORE, SENTON, SENTSINCE (Date header). */
  record Date(DateKind kind, LocalDate date) implements SearchKey {}

  /** LARGER n (larger = true) or SMALLER n. */
  record Size(boolean larger, long size) implements SearchKey {}

  /** FROM, TO, CC, BCC, SUBJECT (field named) and HEADER field-name string. */
  record Header(String field, String value) implements SearchKey {}

  /** BODY string (withHeader = false) or TEXT string. */
  record Text(boolean withHeader, String value) implements SearchKey {}

  /** MODSEQ [entry-name entry-type] n (RFC 7162); the entry is accepted and ignored. */
  record Modseq(long modseq) implements SearchKey {}
}
