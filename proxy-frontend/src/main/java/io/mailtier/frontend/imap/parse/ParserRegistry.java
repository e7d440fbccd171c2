package io.mailtier.frontend.imap.parse;

import io.mailtier.frontend.imap.command.ImapCommand;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The immutable table of command name → parser. */
public final class ParserRegistry {
  private final Map<String, CommandParser> parsers;

  private ParserRegistry(Map<String, CommandParser> parsers) {
    this.parsers = Map.copyOf(parsers);
  }

  /** The commands of this version. */
  public static ParserRegistry standard() {
    return new ParserRegistry(
        Map.ofEntries(
            Map.entry("CAPABILITY", NoArgumentParsers.of(ImapCommand.Capability::new)),
            Map.entry("NOOP", NoArgumentParsers.of(ImapCommand.Noop::new)),
            Map.entry("IDLE", NoArgumentParsers.of(ImapCommand.Idle::new)),
            Map.entry("CHECK", NoArgumentParsers.of(ImapCommand.Check::new)),
            Map.entry("LOGOUT", NoArgumentParsers.of(ImapCommand.Logout::new)),
            Map.entry("CLOSE", NoArgumentParsers.of(ImapCommand.Close::new)),
            Map.entry("UNSELECT", NoArgumentParsers.of(ImapCommand.Unselect::new)),
            Map.entry(
                "EXPUNGE",
                NoArgumentParsers.of(tag -> new ImapCommand.Expunge(tag, Optional.empty()))),
            Map.entry("STARTTLS", NoArgumentParsers.of(ImapCommand.StartTls::new)),
            Map.entry("LOGIN", new LoginParser()),
            Map.entry("AUTHENTICATE", new AuthenticateParser()),
            Map.entry("LIST", new ListExtendedParser()),
            Map.entry("SELECT", MailboxParsers.select(false)),
            Map.entry("EXAMINE", MailboxParsers.select(true)),
            Map.entry("CREATE", MailboxParsers.create()),
            Map.entry("DELETE", MailboxParsers.delete()),
            Map.entry("RENAME", MailboxParsers.rename()),
            Map.entry("STATUS", new StatusParser()),
            Map.entry("APPEND", new AppendParser()),
            Map.entry("FETCH", new FetchParser(false)),
            Map.entry("STORE", new StoreParser(false)),
            Map.entry("UID", new UidParser()),
            Map.entry("COPY", ExtensionParsers.copy(false, false)),
            Map.entry("MOVE", ExtensionParsers.copy(false, true)),
            Map.entry("SUBSCRIBE", ExtensionParsers.subscribe(true)),
            Map.entry("UNSUBSCRIBE", ExtensionParsers.subscribe(false)),
            Map.entry("LSUB", ExtensionParsers.lsub()),
            Map.entry("NAMESPACE", NoArgumentParsers.of(ImapCommand.Namespace::new)),
            Map.entry("ID", ExtensionParsers.id()),
            Map.entry("ENABLE", ExtensionParsers.enable()),
            Map.entry("GETQUOTA", ExtensionParsers.getQuota()),
            Map.entry("GETQUOTAROOT", ExtensionParsers.getQuotaRoot()),
            Map.entry("SETQUOTA", ExtensionParsers.setQuota()),
            Map.entry("SEARCH", new SearchParser(false))));
  }

  public Optional<CommandParser> parser(String name) {
    return Optional.ofNullable(parsers.get(name.toUpperCase(Locale.ROOT)));
  }
}
