package io.mailtier.frontend.pop3;

/**
 * A POP3 login name with the folder extension (ADR 0066): {@code user+Folder@domain} logs in as
 * {@code user@domain} and opens {@code Folder} instead of INBOX. The part after the first {@code +}
 * of the local part is the folder's full name, as the client wrote it.
 *
 * @param account the login name without the folder part
 * @param folder the folder to open
 */
public record LoginName(String account, String folder) {
  public static final String INBOX = "INBOX";

  public static LoginName parse(String login) {
    int at = login.lastIndexOf('@');
    String local = at < 0 ? login : login.substring(0, at);
    String domain = at < 0 ? "" : login.substring(at);
    int plus = local.indexOf('+');
    if (plus <= 0 || plus == local.length() - 1) {
      return new LoginName(login, INBOX);
    }
    return new LoginName(local.substring(0, plus) + domain, local.substring(plus + 1));
  }
}
