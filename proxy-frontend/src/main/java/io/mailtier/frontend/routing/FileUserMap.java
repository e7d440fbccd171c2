package io.mailtier.frontend.routing;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import io.mailtier.common.config.ConfigException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A user map read from a file of {@code <pattern> <backend>} lines (ARCHITECTURE.md, "Routing: user
 * maps").
 *
 * <p>Each pattern is an <em>unanchored</em> regular expression, as in the model: {@code
 * user1@example.tld} also matches {@code testuser1@example.tld}; write {@code ^user1@example\.tld$}
 * to match one address only. The first line whose pattern is found in the account wins. Matching
 * ignores case. Patterns are compiled with RE2/J, whose matching time is linear in the length of
 * the name, and names longer than {@link #MAX_ACCOUNT_LENGTH} have no entry, so no login name can
 * stall a front-end. RE2 syntax is Perl's without backreferences and look-around; a pattern using
 * them is rejected when the file is loaded.
 *
 * <p>Lines whose first non-blank character is {@code #} and blank lines are ignored. Any other line
 * must be exactly a pattern and a back-end separated by blanks; otherwise loading fails with a
 * {@link ConfigException} naming {@code file:line} and the reason.
 */
public final class FileUserMap implements UserMap {
  /** The longest account name looked up (RFC 5321: 64 octets local part, 255 domain, and "@"). */
  public static final int MAX_ACCOUNT_LENGTH = 320;

  private record Rule(Pattern pattern, String backend) {}

  private final List<Rule> rules;

  private FileUserMap(List<Rule> rules) {
    this.rules = List.copyOf(rules);
  }

  /**
   * Reads and compiles the file.
   *
   * @throws ConfigException when the file cannot be read or a line is malformed; the message names
   *     {@code file:line} and the reason
   */
  public static FileUserMap load(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new ConfigException(file + ": no such user map file", e);
    } catch (IOException e) {
      throw new ConfigException(file + ": cannot read the user map file: " + e.getMessage(), e);
    }
    List<Rule> rules = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String where = file + ":" + (i + 1);
      String[] fields = line.split("\\s+");
      if (fields.length < 2) {
        throw new ConfigException(
            where + ": missing back-end: a line is '<pattern> <backend>', got '" + line + "'");
      }
      if (fields.length > 2) {
        throw new ConfigException(
            where
                + ": unexpected text after the back-end: a line is '<pattern> <backend>', got '"
                + line
                + "'");
      }
      Pattern pattern;
      try {
        pattern = Pattern.compile(fields[0], Pattern.CASE_INSENSITIVE);
      } catch (PatternSyntaxException e) {
        throw new ConfigException(
            where + ": bad regular expression '" + fields[0] + "': " + e.getDescription(), e);
      }
      rules.add(new Rule(pattern, fields[1]));
    }
    return new FileUserMap(rules);
  }

  /** How many rules the file holds. */
  public int size() {
    return rules.size();
  }

  @Override
  public Optional<Route> lookup(String account) {
    if (account == null || account.isEmpty() || account.length() > MAX_ACCOUNT_LENGTH) {
      return Optional.empty();
    }
    String canonical = account.toLowerCase(Locale.ROOT);
    for (Rule rule : rules) {
      if (rule.pattern().matcher(canonical).find()) {
        return Optional.of(new Route(canonical, rule.backend()));
      }
    }
    return Optional.empty();
  }

  @Override
  public void close() {}
}
