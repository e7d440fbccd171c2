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
}
