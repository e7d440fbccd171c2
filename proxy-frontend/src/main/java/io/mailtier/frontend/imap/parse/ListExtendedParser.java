package io.mailtier.frontend.imap.parse;

import io.mailtier.frontend.imap.command.ImapCommand;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code LIST [SP list-select-opts] SP mailbox SP mbox-or-pat [SP list-return-opts]} (RFC 5258, RFC
 * 5819, RFC 6154). The basic form gives {@link ImapCommand.ListMailboxes}; any option or a pattern
 * list gives {@link ImapCommand.ListExtended}.
 */
final class ListExtendedParser implements CommandParser {
  static final Set<String> SELECTION =
      Set.of("SUBSCRIBED", "REMOTE", "RECURSIVEMATCH", "SPECIAL-USE");
  static final Set<String> RETURNS = Set.of("SUBSCRIBED", "CHILDREN", "SPECIAL-USE", "STATUS");
  private static final int MAX_PATTERNS = 20;

  @Override
  public ImapCommand parse(String tag, ImapTokenizer t) throws ParseException {
    t.sp();
    boolean extended = false;
    Set<String> selection = new LinkedHashSet<>();
    if (t.peek() == '(') {
      extended = true;
      t.expect('(', "Expected (");
      while (t.peek() != ')') {
        if (!selection.isEmpty()) {
          t.sp();
        }
        String option = t.atom().toUpperCase(Locale.ROOT);
        if (!SELECTION.contains(option)) {
          throw new ParseException("Unknown LIST selection option " + option);
        }
        selection.add(option);
      }
      t.expect(')', "Expected )");
      t.sp();
      // RFC 5258 3: RECURSIVEMATCH alone is invalid; it qualifies a base option.
      if (selection.contains("RECURSIVEMATCH")
          && !selection.contains("SUBSCRIBED")
          && !selection.contains("SPECIAL-USE")) {
        throw new ParseException("RECURSIVEMATCH needs another selection option");
      }
    }
    String reference = t.astring();
    t.sp();
    List<String> patterns = new ArrayList<>();
    if (t.peek() == '(') {
      extended = true;
      t.expect('(', "Expected (");
      do {
        patterns.add(t.listMailbox());
        if (patterns.size() > MAX_PATTERNS) {
          throw new ParseException("Too many patterns");
        }
      } while (t.optionalSp());
      t.expect(')', "Expected )");
    } else {
      patterns.add(t.listMailbox());
    }
    Set<String> returns = new LinkedHashSet<>();
    List<String> statusItems = new ArrayList<>();
    if (t.optionalSp()) {
      if (!t.consume("RETURN")) {
        throw new ParseException("Expected RETURN");
      }
      extended = true;
      t.sp();
      t.expect('(', "Expected (");
      while (t.peek() != ')') {
        if (!returns.isEmpty()) {
          t.sp();
        }
        String option = t.atom().toUpperCase(Locale.ROOT);
        if (!RETURNS.contains(option)) {
          throw new ParseException("Unknown LIST return option " + option);
        }
        if (!returns.add(option)) {
          throw new ParseException("Repeated LIST return option " + option);
        }
        if (option.equals("STATUS")) {
          t.sp();
          t.expect('(', "Expected a list of status items");
          do {
            String item = t.atom().toUpperCase(Locale.ROOT);
            if (!StatusParser.ITEMS.contains(item)) {
              throw new ParseException("Unknown status item " + item);
            }
            statusItems.add(item);
          } while (t.optionalSp());
          t.expect(')', "Expected )");
        }
      }
      t.expect(')', "Expected )");
    }
    t.end();
    if (!extended) {
      return new ImapCommand.ListMailboxes(tag, reference, patterns.get(0));
    }
    return new ImapCommand.ListExtended(tag, selection, reference, patterns, returns, statusItems);
  }
}
