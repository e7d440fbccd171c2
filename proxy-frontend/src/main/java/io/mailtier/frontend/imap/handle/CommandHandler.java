package io.mailtier.frontend.imap.handle;

import io.mailtier.frontend.imap.command.ImapCommand;
import io.mailtier.frontend.imap.session.SessionState;
import io.vertx.core.Future;

/**
 * Serves one command in a state where it is valid (checked before dispatch). Returns the responses
 * as a value; never writes to a socket.
 *
 * @param <C> the command
 * @param <S> the state the command needs
 */
@FunctionalInterface
public interface CommandHandler<C extends ImapCommand, S extends SessionState> {
  Future<Outcome> handle(C command, S state, HandlerContext context);
}
