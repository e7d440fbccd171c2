package io.mailtier.frontend.imap.parse;

import io.mailtier.frontend.imap.command.ImapCommand;
import io.mailtier.frontend.imap.command.SequenceSet;
import java.util.List;
import java.util.Locale;

/**
 * {@code STORE SP sequence-set SP ["+" / "-"] "FLAGS" [".SILENT"] SP (flag-list / flag *(SP
 * flag))}.
 */
final class StoreParser implements CommandParser {
  private final boolean uid;

  StoreParser(boolean uid) {
    this.uid = uid;
  }

  @Override
  public ImapCommand parse(String tag, ImapTokenizer t) throws ParseException {
    t.sp();
    SequenceSet set = t.sequenceSet();
    t.sp();
    ImapCommand.StoreMode mode = ImapCommand.StoreMode.REPLACE;
    if (t.peek() == '+') {
      t.expect('+', "");
      mode = ImapCommand.StoreMode.ADD;
    } else if (t.peek() == '-') {
      t.expect('-', "");
      mode = ImapCommand.StoreMode.REMOVE;
    }
    String item = t.atom().toUpperCase(Locale.ROOT);
    boolean silent;
    switch (item) {
      case "FLAGS" -> silent = false;
      case "FLAGS.SILENT" -> silent = true;
      default -> throw new ParseException("Expected FLAGS, +FLAGS or -FLAGS");
    }
    t.sp();
    List<String> flags = t.peek() == '(' ? t.flagList() : t.bareFlags();
    t.end();
    return new ImapCommand.Store(tag, set, mode, silent, flags, uid);
  }
}
