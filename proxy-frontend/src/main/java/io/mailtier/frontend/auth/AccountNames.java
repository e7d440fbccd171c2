package io.mailtier.frontend.auth;

import java.util.Locale;
import java.util.Optional;

/** Turns a login name into the canonical account name. */
public final class AccountNames {
  /** The longest login name accepted (an address is at most 320 octets, RFC 5321). */
  public static final int MAX_LENGTH = 320;

  private final String defaultDomain;

  public AccountNames(String defaultDomain) {
    this.defaultDomain = defaultDomain.toLowerCase(Locale.ROOT);
  }

  /**
   * The lower-cased login with {@code @defaultDomain} appended when it has no domain; empty when
   * the name cannot be an account (empty, too long, control characters, spaces, several @).
   */
  public Optional<String> canonical(String login) {
    if (login == null || login.isEmpty() || login.length() > MAX_LENGTH) {
      return Optional.empty();
    }
    for (int i = 0; i < login.length(); i++) {
      char c = login.charAt(i);
      if (c <= 0x20 || c == 0x7f) {
        return Optional.empty();
      }
    }
    String lower = login.toLowerCase(Locale.ROOT);
    int at = lower.indexOf('@');
    if (at < 0) {
      return Optional.of(lower + "@" + defaultDomain);
    }
    if (at == 0 || at == lower.length() - 1 || lower.indexOf('@', at + 1) >= 0) {
      return Optional.empty();
    }
    return Optional.of(lower);
  }
}
