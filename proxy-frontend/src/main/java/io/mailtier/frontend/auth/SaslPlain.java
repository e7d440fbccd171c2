package io.mailtier.frontend.auth;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/** The SASL PLAIN mechanism (RFC 4616): {@code [authzid] NUL authcid NUL passwd}, base64. */
public final class SaslPlain {
  private SaslPlain() {}

  /** The decoded credentials. */
  public record Credentials(String authzid, String authcid, String password) {
    @Override
    public String toString() {
      return "Credentials[authzid=" + authzid + ", authcid=" + authcid + ", password=***]";
    }
  }

  /** Decodes a client response; empty when it is not valid base64 or not a PLAIN message. */
  public static Optional<Credentials> decode(String base64) {
    byte[] raw;
    try {
      raw = Base64.getDecoder().decode(base64.trim());
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    String text = new String(raw, StandardCharsets.UTF_8);
    int first = text.indexOf('\0');
    int second = first < 0 ? -1 : text.indexOf('\0', first + 1);
    if (first < 0 || second < 0 || text.indexOf('\0', second + 1) >= 0) {
      return Optional.empty();
    }
    String authcid = text.substring(first + 1, second);
    String password = text.substring(second + 1);
    if (authcid.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new Credentials(text.substring(0, first), authcid, password));
  }
}
