package io.mailtier.frontend.pop3.response;

/** The extended response codes of RFC 2449 8 and RFC 3206 this server sends. */
public enum Pop3ResponseCode {
  /** RFC 3206: the failure is about the credentials (or the policy for sending them). */
  AUTH("AUTH"),
  /** RFC 3206: a temporary system failure; the same command may work later. */
  SYS_TEMP("SYS/TEMP"),
  /** RFC 3206: a permanent system failure; trying again will not help. */
  SYS_PERM("SYS/PERM"),
  /** RFC 2449: the maildrop is locked by another session. */
  IN_USE("IN-USE");

  private final String text;

  Pop3ResponseCode(String text) {
    this.text = text;
  }

  /** As written between the brackets. */
  public String text() {
    return text;
  }
}
