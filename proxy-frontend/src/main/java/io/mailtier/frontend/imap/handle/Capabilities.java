package io.mailtier.frontend.imap.handle;

import java.util.List;

/** The capabilities this server advertises, before and after login. */
public final class Capabilities {
  /** Before login. */
  public static final List<String> NOT_AUTHENTICATED =
      List.of("IMAP4rev1", "LITERAL+", "SASL-IR", "AUTH=PLAIN");

  /** After login. */
  public static final List<String> AUTHENTICATED =
      List.of("IMAP4rev1", "LITERAL+", "SASL-IR", "UIDPLUS", "UNSELECT", "SPECIAL-USE");

  private Capabilities() {}

  public static String joined(List<String> capabilities) {
    return String.join(" ", capabilities);
  }
}
