package io.mailtier.frontend.imap.session;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a session negotiated that outlives the state changes (LOGIN, SELECT, CLOSE): the extensions
 * the client turned on with ENABLE (RFC 5161), and the client's ID (RFC 2971). One instance per
 * session, used only on the session's event loop.
 */
public final class SessionOptions {
  private boolean imap4rev2;
  private Map<String, String> clientId = Map.of();

  /** Whether the client sent {@code ENABLE IMAP4rev2}: the session follows RFC 9051 rules. */
  public boolean imap4rev2() {
    return imap4rev2;
  }

  public void enableImap4rev2() {
    imap4rev2 = true;
  }

  /** The client's last ID fields (empty if it sent none or {@code ID NIL}). */
  public Map<String, String> clientId() {
    return clientId;
  }

  public void clientId(Map<String, String> fields) {
    clientId = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
  }
}
