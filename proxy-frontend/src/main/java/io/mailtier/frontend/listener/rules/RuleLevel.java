package io.mailtier.frontend.listener.rules;

/** Where a rule is configured. A more specific level overrides a less specific one (ADR 0008). */
public enum RuleLevel {
  /** Top-level {@code rules:}, for every service and listener. */
  GLOBAL,
  /** A service's {@code rules:} (IMAP, POP3, SMTP, HTTP), for all its listeners. */
  SERVICE,
  /** A listener's own {@code rules:}. */
  LISTENER
}
