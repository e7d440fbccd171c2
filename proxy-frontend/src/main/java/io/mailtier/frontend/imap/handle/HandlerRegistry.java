package io.mailtier.frontend.imap.handle;

import io.mailtier.frontend.imap.command.ImapCommand;
import io.mailtier.frontend.imap.session.SessionState;
import io.vertx.core.Future;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The dispatch table: for each command, the state it needs and its handler. The state is checked
 * here, once, before dispatch, so no handler sees a state it cannot serve.
 */
public final class HandlerRegistry {

  /** One row: a command, the state it is valid in, the handler. */
  public record Entry<C extends ImapCommand, S extends SessionState>(
      Class<C> command, Class<S> state, CommandHandler<C, S> handler) {

    /** Whether the command is valid in a state. */
    public boolean validIn(SessionState current) {
      return state.isInstance(current);
    }

    /** Calls the handler; the caller has checked {@link #validIn}. */
    public Future<Outcome> dispatch(
        ImapCommand command, SessionState current, HandlerContext context) {
      return handler.handle(this.command.cast(command), state.cast(current), context);
    }
  }

  private final Map<Class<?>, Entry<?, ?>> entries;

  private HandlerRegistry(List<Entry<?, ?>> entries) {
    this.entries =
        entries.stream().collect(Collectors.toUnmodifiableMap(Entry::command, Function.identity()));
  }

  private static <C extends ImapCommand, S extends SessionState> Entry<C, S> entry(
      Class<C> command, Class<S> state, CommandHandler<C, S> handler) {
    return new Entry<>(command, state, handler);
  }

  /** The commands of this version. */
  public static HandlerRegistry standard() {
    Class<SessionState> any = SessionState.class;
    Class<SessionState.NotAuthenticated> notAuth = SessionState.NotAuthenticated.class;
    Class<SessionState.LoggedIn> loggedIn = SessionState.LoggedIn.class;
    Class<SessionState.Selected> selected = SessionState.Selected.class;
    var expunge = new ExpungeHandler();
    return new HandlerRegistry(
        List.of(
            entry(ImapCommand.Capability.class, any, new CapabilityHandler()),
            entry(ImapCommand.Noop.class, any, new NoopHandler()),
            entry(ImapCommand.Logout.class, any, new LogoutHandler()),
            entry(ImapCommand.StartTls.class, notAuth, new StartTlsHandler()),
            entry(ImapCommand.Login.class, notAuth, new LoginHandler()),
            entry(ImapCommand.Authenticate.class, notAuth, new AuthenticateHandler()),
            entry(ImapCommand.ListMailboxes.class, loggedIn, new ListHandler()),
            entry(ImapCommand.Select.class, loggedIn, new SelectHandler()),
            entry(ImapCommand.Create.class, loggedIn, new MailboxManagementHandlers.Create()),
            entry(ImapCommand.Delete.class, loggedIn, new MailboxManagementHandlers.Delete()),
            entry(ImapCommand.Rename.class, loggedIn, new MailboxManagementHandlers.Rename()),
            entry(ImapCommand.Status.class, loggedIn, new MailboxManagementHandlers.Status()),
            entry(ImapCommand.Append.class, loggedIn, new AppendHandler()),
            entry(ImapCommand.Fetch.class, selected, new FetchHandler()),
            entry(ImapCommand.Store.class, selected, new StoreHandler()),
            entry(ImapCommand.Search.class, selected, new SearchHandler()),
            entry(ImapCommand.Expunge.class, selected, expunge),
            entry(ImapCommand.Close.class, selected, new CloseHandler()),
            entry(ImapCommand.Unselect.class, selected, new UnselectHandler()),
            entry(ImapCommand.Idle.class, loggedIn, new IdleHandler()),
            entry(ImapCommand.Check.class, selected, new NoopHandler.Check()),
            entry(ImapCommand.CopyMessages.class, selected, new CopyMoveHandler()),
            entry(ImapCommand.Subscribe.class, loggedIn, new SubscriptionHandlers.Subscribe()),
            entry(ImapCommand.Lsub.class, loggedIn, new SubscriptionHandlers.Lsub()),
            entry(ImapCommand.ListExtended.class, loggedIn, new ListExtendedHandler()),
            entry(ImapCommand.Namespace.class, loggedIn, new SessionInfoHandlers.Namespace()),
            entry(ImapCommand.Id.class, any, new SessionInfoHandlers.Id()),
            entry(
                ImapCommand.Enable.class,
                SessionState.Authenticated.class,
                new SessionInfoHandlers.Enable()),
            entry(ImapCommand.GetQuota.class, loggedIn, new QuotaHandlers.GetQuota()),
            entry(ImapCommand.GetQuotaRoot.class, loggedIn, new QuotaHandlers.GetQuotaRoot()),
            entry(ImapCommand.SetQuota.class, loggedIn, new QuotaHandlers.SetQuota())));
  }

  /** The row of a command. */
  public Optional<Entry<?, ?>> entry(ImapCommand command) {
    return Optional.ofNullable(entries.get(command.getClass()));
  }

  /** A description of the states a command needs, for the BAD response. */
  public static String stateName(Class<?> state) {
    if (state == SessionState.NotAuthenticated.class) {
      return "not authenticated";
    }
    if (state == SessionState.Selected.class) {
      return "selected";
    }
    if (state == SessionState.Authenticated.class) {
      return "authenticated";
    }
    return "authenticated or selected";
  }
}
