package io.mailtier.frontend.imap.handle;

import io.mailtier.frontend.imap.session.TransportSecurity;
import java.util.ArrayList;
import java.util.List;

/** The capabilities this server advertises, before and after login. */
public final class Capabilities {
  /** Before login, on a connection where authentication is allowed and STARTTLS is not offered. */
  public static final List<String> NOT_AUTHENTICATED =
      List.of("IMAP4rev1", "LITERAL+", "SASL-IR", "ID", "AUTH=PLAIN");

  /** After login. */
  public static final List<String> AUTHENTICATED =
      List.of(
          "IMAP4rev1",
          "LITERAL+",
          "SASL-IR",
          "UIDPLUS",
          "UNSELECT",
          "SPECIAL-USE",
          "IDLE",
          "BINARY",
          "MOVE",
          "CHILDREN",
          "LIST-EXTENDED",
          "LIST-STATUS",
          "NAMESPACE",
          "ID",
          "ENABLE",
          "QUOTA",
          "QUOTA=RES-STORAGE",
          "QUOTA=RES-MESSAGE",
          "ESEARCH",
          "SEARCHRES");

  private Capabilities() {}

  /**
   * Before login: STARTTLS while it can be used; AUTH=PLAIN where credentials may be sent,
   * LOGINDISABLED where they may not (RFC 9051 6.2.3, 7.2.2).
   */
  public static List<String> notAuthenticated(TransportSecurity security) {
    List<String> caps = new ArrayList<>(List.of("IMAP4rev1", "LITERAL+", "SASL-IR", "ID"));
    if (security.canStartTls()) {
      caps.add("STARTTLS");
    }
    caps.add(security.authAllowed() ? "AUTH=PLAIN" : "LOGINDISABLED");
    return List.copyOf(caps);
  }

  public static String joined(List<String> capabilities) {
    return String.join(" ", capabilities);
  }
}
