package io.mailtier.frontend.imap.command;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** A parsed IMAP command: immutable, free of any transport or storage type. */
public sealed interface ImapCommand {
  /** The client's tag. */
  String tag();

  /** The command's name as the client would write it, e.g. {@code UID FETCH}. */
  String name();

  /** CAPABILITY. */
  record Capability(String tag) implements ImapCommand {
    public String name() {
      return "CAPABILITY";
    }
  }

  /** NOOP. */
  record Noop(String tag) implements ImapCommand {
    public String name() {
      return "NOOP";
    }
  }

  /** LOGOUT. */
  record Logout(String tag) implements ImapCommand {
    public String name() {
      return "LOGOUT";
    }
  }

  /** STARTTLS (RFC 9051 6.2.1). */
  record StartTls(String tag) implements ImapCommand {
    public String name() {
      return "STARTTLS";
    }
  }

  /** LOGIN user password. */
  record Login(String tag, String user, String password) implements ImapCommand {
    public String name() {
      return "LOGIN";
    }

    @Override
    public String toString() {
      return "Login[tag=" + tag + ", user=" + user + ", password=***]";
    }
  }

  /**
   * AUTHENTICATE mechanism [initial-response].
   *
   * @param initialResponse the SASL-IR base64 text ({@code =} for an empty one), or empty
   */
  record Authenticate(String tag, String mechanism, Optional<String> initialResponse)
      implements ImapCommand {
    public String name() {
      return "AUTHENTICATE";
    }

    @Override
    public String toString() {
      return "Authenticate[tag="
          + tag
          + ", mechanism="
          + mechanism
          + ", initialResponse="
          + (initialResponse.isPresent() ? "***" : "none")
          + "]";
    }
  }

  /** LIST reference pattern. */
  record ListMailboxes(String tag, String reference, String pattern) implements ImapCommand {
    public String name() {
      return "LIST";
    }
  }

  /** SELECT or EXAMINE (readOnly). */
  record Select(String tag, String mailbox, boolean readOnly) implements ImapCommand {
    public String name() {
      return readOnly ? "EXAMINE" : "SELECT";
    }
  }

  /** CREATE mailbox. */
  record Create(String tag, String mailbox) implements ImapCommand {
    public String name() {
      return "CREATE";
    }
  }

  /** DELETE mailbox. */
  record Delete(String tag, String mailbox) implements ImapCommand {
    public String name() {
      return "DELETE";
    }
  }

  /** RENAME from to. */
  record Rename(String tag, String from, String to) implements ImapCommand {
    public String name() {
      return "RENAME";
    }
  }

  /** STATUS mailbox (items). */
  record Status(String tag, String mailbox, List<String> items) implements ImapCommand {
    public Status {
      items = List.copyOf(items);
    }

    public String name() {
      return "STATUS";
    }
  }

  /**
   * APPEND mailbox [flags] [date-time] literal.
   *
   * @param date the internal date, or empty for "now"
   */
  record Append(
      String tag, String mailbox, List<String> flags, Optional<Instant> date, byte[] message)
      implements ImapCommand {
    public Append {
      flags = List.copyOf(flags);
    }

    public String name() {
      return "APPEND";
    }

    @Override
    public String toString() {
      return "Append[tag="
          + tag
          + ", mailbox="
          + mailbox
          + ", flags="
          + flags
          + ", date="
          + date
          + ", size="
          + message.length
          + "]";
    }
  }

  /** FETCH or UID FETCH. */
  record Fetch(String tag, SequenceSet set, List<FetchAttribute> attributes, boolean uid)
      implements ImapCommand {
    public Fetch {
      attributes = List.copyOf(attributes);
    }

    public String name() {
      return uid ? "UID FETCH" : "FETCH";
    }
  }

  /** How STORE changes the flags. */
  enum StoreMode {
    REPLACE,
    ADD,
    REMOVE
  }

  /** STORE or UID STORE. */
  record Store(
      String tag, SequenceSet set, StoreMode mode, boolean silent, List<String> flags, boolean uid)
      implements ImapCommand {
    public Store {
      flags = List.copyOf(flags);
    }

    public String name() {
      return uid ? "UID STORE" : "STORE";
    }
  }

  /** EXPUNGE, or UID EXPUNGE with a UID set. */
  record Expunge(String tag, Optional<SequenceSet> uids) implements ImapCommand {
    public String name() {
      return uids.isPresent() ? "UID EXPUNGE" : "EXPUNGE";
    }
  }

  /** CLOSE. */
  record Close(String tag) implements ImapCommand {
    public String name() {
      return "CLOSE";
    }
  }

  /**
   * SEARCH or UID SEARCH (RFC 9051 6.4.4), extended with RETURN (RFC 4731).
   *
   * @param charset the CHARSET given, or empty
   * @param returns the RETURN options, or empty for a plain SEARCH
   */
  record Search(
      String tag,
      java.util.Optional<String> charset,
      java.util.Optional<SearchReturn> returns,
      SearchKey key,
      boolean uid)
      implements ImapCommand {
    public String name() {
      return uid ? "UID SEARCH" : "SEARCH";
    }
  }

  /** UNSELECT (RFC 3691). */
  record Unselect(String tag) implements ImapCommand {
    public String name() {
      return "UNSELECT";
    }
  }
}
