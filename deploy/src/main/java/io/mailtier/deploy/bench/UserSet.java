package io.mailtier.deploy.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The accounts a benchmark logs in as, all with one password: either a comma-separated list, or a
 * pattern with one {@code %d} expanded for 1..count ({@code user%d@example.test}).
 */
record UserSet(List<String> names, String password) {
  UserSet {
    names = List.copyOf(names);
    if (names.isEmpty()) {
      throw new IllegalArgumentException("no users given");
    }
    if (password == null) {
      throw new IllegalArgumentException("no password given");
    }
  }

  /**
   * @param spec a comma-separated list, or a pattern containing exactly one {@code %d}
   * @param count how many names a pattern expands to (ignored for a list)
   */
  static UserSet parse(String spec, int count, String password) {
    String s = spec.strip();
    int at = s.indexOf("%d");
    if (at >= 0) {
      if (s.indexOf("%d", at + 2) >= 0 || s.replace("%d", "").contains("%")) {
        throw new IllegalArgumentException(
            "a user pattern has exactly one %d and no other %: " + spec);
      }
      if (count < 1) {
        throw new IllegalArgumentException("--user-count must be at least 1 for a pattern");
      }
      List<String> names = new ArrayList<>(count);
      for (int i = 1; i <= count; i++) {
        names.add(String.format(Locale.ROOT, s, i));
      }
      return new UserSet(names, password);
    }
    List<String> names = new ArrayList<>();
    for (String part : s.split(",")) {
      String name = part.strip();
      if (!name.isEmpty()) {
        names.add(name);
      }
    }
    return new UserSet(names, password);
  }

  /** The i-th user, cycling through the set. */
  String user(int i) {
    return names.get(Math.floorMod(i, names.size()));
  }

  int size() {
    return names.size();
  }
}
