package io.mailtier.frontend.imap.session;

import io.mailtier.frontend.routing.Route;

/** The state of an IMAP session (RFC 9051 3). */
public sealed interface SessionState {
  /** How the state is named in a BAD response, e.g. "not authenticated". */
  String description();

  /**
   * Before a successful LOGIN or AUTHENTICATE.
   *
   * @param security what the connection offers (STARTTLS) and allows (authentication)
   */
  record NotAuthenticated(TransportSecurity security) implements SessionState {
    public NotAuthenticated {
      java.util.Objects.requireNonNull(security, "security");
    }

    /** A plain connection without a TLS policy. */
    public NotAuthenticated() {
      this(TransportSecurity.PLAIN_AUTH_ALLOWED);
    }

    public String description() {
      return "not authenticated";
    }
  }

  /** A state in which the user is logged in: {@link Authenticated} or {@link Selected}. */
  sealed interface LoggedIn extends SessionState {
    /** The account and the back-end serving it. */
    Route route();
  }

  /** Logged in, no mailbox selected. */
  record Authenticated(Route route) implements LoggedIn {
    public String description() {
      return "authenticated";
    }
  }

  /**
   * A mailbox is selected.
   *
   * @param mailbox the mailbox's full name
   * @param readOnly true after EXAMINE
   * @param uidValidity the mailbox's UIDVALIDITY when it was selected
   * @param messages the message sequence number map
   */
  record Selected(
      Route route, String mailbox, boolean readOnly, long uidValidity, MessageMap messages)
      implements LoggedIn {
    public String description() {
      return "selected";
    }

    /** The state with a new message map; the saved search result (RFC 5182) is kept. */
    public Selected withMessages(MessageMap map) {
      return new Selected(route, mailbox, readOnly, uidValidity, map.withSavedOf(messages));
    }

    public Authenticated deselect() {
      return new Authenticated(route);
    }
  }

  /** After LOGOUT (or BYE): the connection is closed once the responses are written. */
  record Logout() implements SessionState {
    public String description() {
      return "logout";
    }
  }
}
