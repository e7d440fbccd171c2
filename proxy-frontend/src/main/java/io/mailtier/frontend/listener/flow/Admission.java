package io.mailtier.frontend.listener.flow;

import java.util.Objects;

/** Whether a new connection may proceed: a {@link Granted} permit, or {@link Refused}. */
public sealed interface Admission {

  /** Why a connection was refused. */
  enum Reason {
    /** A deny rule matched the client (see {@code AccessPolicy}). */
    RULE,
    /** Too many simultaneous connections (or only reserved slots left and the client untrusted). */
    TOTAL,
    /** Too many simultaneous connections from this IP. */
    PER_IP,
    /** Too many new connections in the interval. */
    RATE,
    /** Too many new connections from this IP in the interval. */
    PER_IP_RATE
  }

  /**
   * Admitted; the holder must {@link Permit#release() release} the permit when the connection
   * closes, however it closes.
   */
  record Granted(Permit permit) implements Admission {
    public Granted {
      Objects.requireNonNull(permit, "permit");
    }
  }

  /**
   * Refused: close the connection without sending anything.
   *
   * @param reason which kind of limit refused it
   * @param scope the scope whose limit refused it ({@code "listener"}, {@code "service-rule-0"}),
   *     or for {@link Reason#RULE} the deny rule
   * @param detail a short text for the log: the limit and its value
   */
  record Refused(Reason reason, String scope, String detail) implements Admission {
    public Refused {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(scope, "scope");
      Objects.requireNonNull(detail, "detail");
    }
  }
}
