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

  /**
   * {@code * LIST (attributes) "/" name}, or {@code * LSUB ...}; with RFC 5258 CHILDINFO extended
   * data ({@code ("CHILDINFO" ("SUBSCRIBED"))}) when {@code childInfo} is not empty.
   */
  record ListItem(
      String kind,
      List<String> attributes,
      String delimiter,
      String mailbox,
      List<String> childInfo)
      implements UntaggedData {
    public ListItem {
      attributes = List.copyOf(attributes);
      childInfo = List.copyOf(childInfo);
    }

    /** A plain LIST line. */
    public ListItem(List<String> attributes, String delimiter, String mailbox) {
      this("LIST", attributes, delimiter, mailbox, List.of());
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

  /** {@code * NAMESPACE (("prefix" "delimiter")) NIL NIL}: one personal namespace. */
  record Namespace(String personalPrefix, String delimiter) implements UntaggedData {}

  /** {@code * ID ("name" "value" ...)} (RFC 2971). */
  record Id(java.util.Map<String, String> fields) implements UntaggedData {
    public Id {
      fields = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(fields));
    }
  }

  /** {@code * ENABLED cap...} (RFC 5161); may be empty. */
  record Enabled(List<String> capabilities) implements UntaggedData {
    public Enabled {
      capabilities = List.copyOf(capabilities);
    }
  }

  /** {@code * QUOTA root (resource usage limit ...)} (RFC 9208). */
  record Quota(String root, List<Resource> resources) implements UntaggedData {
    public Quota {
      resources = List.copyOf(resources);
    }

    /** One resource: its name (STORAGE in KiB, MESSAGE), usage and limit. */
    public record Resource(String name, long usage, long limit) {}
  }

  /** {@code * QUOTAROOT mailbox root...} (RFC 9208). */
  record QuotaRoot(String mailbox, List<String> roots) implements UntaggedData {
    public QuotaRoot {
      roots = List.copyOf(roots);
    }
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
