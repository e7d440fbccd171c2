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

  /** IDLE (RFC 2177). */
  record Idle(String tag) implements ImapCommand {
    public String name() {
      return "IDLE";
    }
  }

  /** CHECK (RFC 3501 6.4.1; a NOOP in IMAP4rev2). */
  record Check(String tag) implements ImapCommand {
    public String name() {
      return "CHECK";
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

  /** COPY, MOVE (RFC 6851), UID COPY, UID MOVE. */
  record CopyMessages(String tag, SequenceSet set, String mailbox, boolean uid, boolean move)
      implements ImapCommand {
    public String name() {
      return (uid ? "UID " : "") + (move ? "MOVE" : "COPY");
    }
  }

  /** SUBSCRIBE mailbox, or UNSUBSCRIBE mailbox (subscribe = false). */
  record Subscribe(String tag, String mailbox, boolean subscribe) implements ImapCommand {
    public String name() {
      return subscribe ? "SUBSCRIBE" : "UNSUBSCRIBE";
    }
  }

  /** LSUB reference pattern. */
  record Lsub(String tag, String reference, String pattern) implements ImapCommand {
    public String name() {
      return "LSUB";
    }
  }

  /**
   * LIST with RFC 5258 options: {@code LIST (selection) reference (patterns) RETURN (options)}.
   *
   * @param selection selection options, upper case (SUBSCRIBED, REMOTE, RECURSIVEMATCH,
   *     SPECIAL-USE)
   * @param returns return options, upper case (SUBSCRIBED, CHILDREN, SPECIAL-USE, STATUS)
   * @param statusItems the STATUS items of RETURN (STATUS (...)) (RFC 5819), in request order
   */
  record ListExtended(
      String tag,
      java.util.Set<String> selection,
      String reference,
      List<String> patterns,
      java.util.Set<String> returns,
      List<String> statusItems)
      implements ImapCommand {
    public ListExtended {
      selection = java.util.Set.copyOf(selection);
      patterns = List.copyOf(patterns);
      returns = java.util.Set.copyOf(returns);
      statusItems = List.copyOf(statusItems);
    }

    public String name() {
      return "LIST";
    }
  }

  /** NAMESPACE (RFC 2342). */
  record Namespace(String tag) implements ImapCommand {
    public String name() {
      return "NAMESPACE";
    }
  }

  /**
   * ID (RFC 2971).
   *
   * @param fields the client's field/value pairs in order (a value may be null for NIL); empty for
   *     {@code ID NIL}
   */
  record Id(String tag, java.util.Map<String, String> fields) implements ImapCommand {
    public Id {
      fields = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(fields));
    }

    public String name() {
      return "ID";
    }
  }

  /** ENABLE capability... (RFC 5161); names upper case. */
  record Enable(String tag, List<String> capabilities) implements ImapCommand {
    public Enable {
      capabilities = List.copyOf(capabilities);
    }

    public String name() {
      return "ENABLE";
    }
  }

  /** GETQUOTA root (RFC 9208). */
  record GetQuota(String tag, String root) implements ImapCommand {
    public String name() {
      return "GETQUOTA";
    }
  }

  /** GETQUOTAROOT mailbox (RFC 9208). */
  record GetQuotaRoot(String tag, String mailbox) implements ImapCommand {
    public String name() {
      return "GETQUOTAROOT";
    }
  }

  /** SETQUOTA root (limits): parsed so that it can be refused with a clear answer. */
  record SetQuota(String tag, String root) implements ImapCommand {
    public String name() {
      return "SETQUOTA";
    }
  }
}
