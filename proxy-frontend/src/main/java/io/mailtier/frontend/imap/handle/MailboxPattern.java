package io.mailtier.frontend.imap.handle;

/**
 * Matches mailbox names against a LIST pattern: {@code *} matches any characters, {@code %} any
 * characters but the hierarchy delimiter. Linear in the product of the lengths (no backtracking
 * blow-up, whatever the client sends). The INBOX prefix matches case-insensitively.
 */
public final class MailboxPattern {
  private final String pattern;
  private final char delimiter;

  public MailboxPattern(String pattern, char delimiter) {
    this.pattern = pattern;
    this.delimiter = delimiter;
  }

  public boolean matches(String name) {
    String n = name;
    String p = pattern;
    if (name.startsWith("INBOX") && p.length() >= 5 && p.regionMatches(true, 0, "INBOX", 0, 5)) {
      p = "INBOX" + p.substring(5);
    }
    int pl = p.length();
    int nl = n.length();
    // reachable[j]: pattern prefix consumed so far can match name prefix of length j
    boolean[] reachable = new boolean[nl + 1];
    reachable[0] = true;
    for (int i = 0; i < pl; i++) {
      char pc = p.charAt(i);
      boolean[] next = new boolean[nl + 1];
      if (pc == '*' || pc == '%') {
        boolean carry = false;
        for (int j = 0; j <= nl; j++) {
          if (reachable[j]) {
            carry = true;
          } else if (carry && pc == '%' && n.charAt(j - 1) == delimiter) {
            carry = false;
          }
          next[j] = carry || reachable[j];
        }
      } else {
        for (int j = 0; j < nl; j++) {
          if (reachable[j] && n.charAt(j) == pc) {
            next[j + 1] = true;
          }
        }
      }
      reachable = next;
    }
    return reachable[nl];
  }
}
