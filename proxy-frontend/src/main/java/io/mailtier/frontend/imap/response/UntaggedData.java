package io.mailtier.frontend.imap.response;

import java.util.List;

/** Untagged server data other than FETCH. */
public sealed interface UntaggedData extends ImapResponse {

  /** {@code * CAPABILITY ...}. */
  record Capability(List<String> capabilities) implements UntaggedData {
    public Capability {
      capabilities = List.copyOf(capabilities);
    }
  }

  /** {@code * LIST (attributes) "/" name}. */
  record ListItem(List<String> attributes, String delimiter, String mailbox)
      implements UntaggedData {
    public ListItem {
      attributes = List.copyOf(attributes);
    }
  }

  /** {@code * FLAGS (...)}. */
  record Flags(List<String> flags) implements UntaggedData {
    public Flags {
      flags = List.copyOf(flags);
    }
  }

  /** {@code * n EXISTS}. */
  record Exists(long count) implements UntaggedData {}

  /** {@code * n RECENT}. */
  record Recent(long count) implements UntaggedData {}

  /** {@code * n EXPUNGE}. */
  record Expunge(long msn) implements UntaggedData {}

  /** {@code * STATUS mailbox (item value ...)}; items in request order. */
  record Status(String mailbox, List<Item> items) implements UntaggedData {
    public Status {
      items = List.copyOf(items);
    }

    /** One STATUS item and its value. */
    public record Item(String name, long value) {}
  }

  /**
   * {@code * SEARCH n n ...}, with {@code (MODSEQ m)} when {@code modseq} is positive (RFC 7162).
   */
  record Search(List<Long> numbers, long modseq) implements UntaggedData {
    public Search {
      numbers = List.copyOf(numbers);
    }
  }

  /**
   * {@code * ESEARCH (TAG "t") [UID] name value ...} (RFC 4731), items in the given order.
   *
   * @param tag the command's tag
   * @param uid whether the numbers are UIDs
   */
  record ESearch(String tag, boolean uid, List<Item> items) implements UntaggedData {
    public ESearch {
      items = List.copyOf(items);
    }

    /** One return item: {@code MIN 2}, {@code ALL 2,4:7}, {@code COUNT 3}, {@code MODSEQ 9}. */
    public record Item(String name, String value) {}
  }
}
