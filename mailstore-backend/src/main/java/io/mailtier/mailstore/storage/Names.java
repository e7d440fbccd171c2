package io.mailtier.mailstore.storage;

import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/** Validation and canonical spelling of account names, folder names and flags. */
public final class Names {
  /** The longest folder name, in characters. */
  public static final int MAX_FOLDER_NAME = 255;

  /** The longest account name (an address). */
  public static final int MAX_ACCOUNT_NAME = 320;

  /** The longest keyword. */
  public static final int MAX_KEYWORD = 64;

  /** The most flags one message may carry. */
  public static final int MAX_FLAGS = 64;

  private Names() {}

  /** The lower-cased account name; INVALID_REQUEST when empty, too long or with odd characters. */
  public static String account(String name) {
    if (name == null || name.isBlank()) {
      throw invalid("the account name is empty");
    }
    if (name.length() > MAX_ACCOUNT_NAME) {
      throw invalid("the account name is longer than " + MAX_ACCOUNT_NAME + " characters");
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c <= 0x20 || c == 0x7f) {
        throw invalid("the account name contains a space or control character");
      }
    }
    return name.toLowerCase(Locale.ROOT);
  }

  /**
   * The canonical folder name: INBOX (any case) as the first level is spelled "INBOX".
   * INVALID_FOLDER_NAME when empty, longer than 255 characters, with an empty level, a control
   * character or a list wildcard.
   */
  public static String folder(String name) {
    if (name == null || name.isEmpty()) {
      throw badFolder("the folder name is empty");
    }
    if (name.length() > MAX_FOLDER_NAME) {
      throw badFolder("the folder name is longer than " + MAX_FOLDER_NAME + " characters");
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0)) {
        throw badFolder("the folder name contains a control character");
      }
      if (c == '*' || c == '%') {
        throw badFolder("the folder name contains a wildcard (* or %)");
      }
      if (Character.isSurrogate(c)
          && !(Character.isHighSurrogate(c)
              && i + 1 < name.length()
              && Character.isLowSurrogate(name.charAt(++i)))) {
        throw badFolder("the folder name is not valid UTF-16");
      }
    }
    String[] levels = name.split(MailStorage.DELIMITER, -1);
    for (String level : levels) {
      if (level.isEmpty()) {
        throw badFolder("the folder name has an empty level: '" + name + "'");
      }
    }
    if (levels[0].equalsIgnoreCase(MailStorage.INBOX)) {
      return MailStorage.INBOX + name.substring(levels[0].length());
    }
    return name;
  }

  /** The parent folder name, or null for a top-level folder. */
  public static String parent(String folder) {
    int slash = folder.lastIndexOf('/');
    return slash < 0 ? null : folder.substring(0, slash);
  }

  /**
   * Canonical flags: system flags in their usual spelling whatever the case, keywords as given.
   * INVALID_REQUEST for an unknown system flag (such as \Recent) or a malformed keyword.
   */
  public static Set<String> flags(Iterable<String> flags) {
    Set<String> out = new TreeSet<>();
    for (String f : flags) {
      out.add(flag(f));
      if (out.size() > MAX_FLAGS) {
        throw invalid("more than " + MAX_FLAGS + " flags");
      }
    }
    return out;
  }

  /** One canonical flag. */
  public static String flag(String flag) {
    if (flag == null || flag.isEmpty()) {
      throw invalid("empty flag");
    }
    if (flag.startsWith("\\")) {
      for (String system : MailStorage.SYSTEM_FLAGS) {
        if (system.equalsIgnoreCase(flag)) {
          return system;
        }
      }
      throw invalid("unknown or read-only system flag: " + abbreviate(flag));
    }
    if (flag.length() > MAX_KEYWORD) {
      throw invalid("keyword longer than " + MAX_KEYWORD + " characters");
    }
    for (int i = 0; i < flag.length(); i++) {
      char c = flag.charAt(i);
      if (c <= 0x20 || c >= 0x7f || "(){%*\"\\]".indexOf(c) >= 0) {
        throw invalid("keyword with a character not allowed in an IMAP atom: " + abbreviate(flag));
      }
    }
    return flag;
  }

  private static String abbreviate(String s) {
    String t = s.length() > 40 ? s.substring(0, 40) + "..." : s;
    StringBuilder b = new StringBuilder();
    for (char c : t.toCharArray()) {
      b.append(c < 0x20 || c == 0x7f ? '?' : c);
    }
    return b.toString();
  }

  private static StorageException invalid(String message) {
    return new StorageException(StorageException.Reason.INVALID_REQUEST, message);
  }

  private static StorageException badFolder(String message) {
    return new StorageException(StorageException.Reason.INVALID_FOLDER_NAME, message);
  }
}
