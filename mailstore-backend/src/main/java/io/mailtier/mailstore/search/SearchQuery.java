package io.mailtier.mailstore.search;

import io.mailtier.mailstore.storage.StorageException;
import io.mailtier.mailstore.storage.UidSet;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * A tree of search criteria (IMAP SEARCH keys, RFC 9051 6.4.4) as the node evaluates it: free of
 * the wire format and of IMAP syntax. Message sequence numbers do not exist here; the caller has
 * turned them into UIDs.
 */
public sealed interface SearchQuery {
  /** The deepest tree accepted. */
  int MAX_DEPTH = 64;

  /** The most nodes a tree may have. */
  int MAX_NODES = 1000;

  /** The longest string a header or text criterion may search for, in characters. */
  int MAX_STRING_CHARS = 1000;

  /** Every message. */
  record All() implements SearchQuery {}

  /** Every child matches. */
  record And(List<SearchQuery> children) implements SearchQuery {
    public And {
      children = nonEmpty(children);
    }
  }

  /** At least one child matches. */
  record Or(List<SearchQuery> children) implements SearchQuery {
    public Or {
      children = nonEmpty(children);
    }
  }

  /** The child does not match. */
  record Not(SearchQuery child) implements SearchQuery {
    public Not {
      Objects.requireNonNull(child, "child");
    }
  }

  /**
   * The UID is in one of the ranges ({@code last == 0} stands for the highest UID in the folder);
   * no range matches nothing.
   */
  record Uids(List<UidSet.Range> ranges) implements SearchQuery {
    public Uids {
      if (ranges.size() > UidSet.MAX_RANGES) {
        throw invalid("more than " + UidSet.MAX_RANGES + " UID ranges");
      }
      ranges = List.copyOf(ranges);
    }
  }

  /** The message has ({@code present}) or lacks a flag or keyword, compared case-insensitively. */
  record Flag(String flag, boolean present) implements SearchQuery {
    public Flag {
      if (flag == null || flag.isEmpty() || flag.length() > 256 || flag.contains(" ")) {
        throw invalid("malformed flag in search criteria");
      }
    }
  }

  /** Which date a {@link DateCompare} uses. */
  enum DateField {
    /** The internal date, as a date in UTC. */
    INTERNAL,
    /** The Date header field as written (its own zone); the internal date when it is missing. */
    SENT
  }

  /** How a {@link DateCompare} compares. */
  enum Comparison {
    BEFORE,
    ON,
    SINCE
  }

  /** The message's date compared with a calendar date. */
  record DateCompare(DateField field, Comparison comparison, LocalDate date)
      implements SearchQuery {
    public DateCompare {
      Objects.requireNonNull(field, "field");
      Objects.requireNonNull(comparison, "comparison");
      Objects.requireNonNull(date, "date");
    }
  }

  /** The size is larger ({@code larger}) or smaller than {@code size}. */
  record Size(boolean larger, long size) implements SearchQuery {
    public Size {
      if (size < 0) {
        throw invalid("negative size in search criteria");
      }
    }
  }

  /**
   * A header field named {@code field} contains {@code value} (after RFC 2047 decoding, folded); an
   * empty value matches any message that has the field.
   */
  record Header(String field, String value) implements SearchQuery {
    public Header {
      if (field == null || field.isEmpty() || field.length() > 256) {
        throw invalid("malformed header field name in search criteria");
      }
      checkString(value);
    }
  }

  /**
   * The decoded text contains {@code value}: the body parts only, or ({@code withHeader}) the
   * header fields too.
   */
  record Text(boolean withHeader, String value) implements SearchQuery {
    public Text {
      checkString(value);
    }
  }

  /** The message's modseq is at least {@code modseq} (RFC 7162). */
  record MinModseq(long modseq) implements SearchQuery {}

  /** Rejects trees that are too deep or too big (INVALID_REQUEST). */
  static void checkSize(SearchQuery root) {
    int[] nodes = {0};
    check(root, 1, nodes);
  }

  private static void check(SearchQuery q, int depth, int[] nodes) {
    if (depth > MAX_DEPTH) {
      throw invalid("search criteria nested deeper than " + MAX_DEPTH);
    }
    if (++nodes[0] > MAX_NODES) {
      throw invalid("more than " + MAX_NODES + " search criteria");
    }
    switch (q) {
      case And a -> a.children().forEach(c -> check(c, depth + 1, nodes));
      case Or o -> o.children().forEach(c -> check(c, depth + 1, nodes));
      case Not n -> check(n.child(), depth + 1, nodes);
      default -> {}
    }
  }

  /** Whether evaluating the tree needs the message's content (header or body). */
  static boolean needsContent(SearchQuery q) {
    return switch (q) {
      case And a -> a.children().stream().anyMatch(SearchQuery::needsContent);
      case Or o -> o.children().stream().anyMatch(SearchQuery::needsContent);
      case Not n -> needsContent(n.child());
      case Header h -> true;
      case Text t -> true;
      case DateCompare d -> d.field() == DateField.SENT;
      default -> false;
    };
  }

  private static List<SearchQuery> nonEmpty(List<SearchQuery> children) {
    if (children == null || children.isEmpty()) {
      throw invalid("an empty AND or OR in search criteria");
    }
    return List.copyOf(children);
  }

  private static void checkString(String value) {
    if (value == null) {
      throw invalid("missing string in search criteria");
    }
    if (value.length() > MAX_STRING_CHARS) {
      throw invalid("search string longer than " + MAX_STRING_CHARS + " characters");
    }
  }

  private static StorageException invalid(String message) {
    return new StorageException(StorageException.Reason.INVALID_REQUEST, message);
  }
}
