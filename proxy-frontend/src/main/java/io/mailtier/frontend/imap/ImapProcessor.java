package io.mailtier.frontend.imap;

import io.mailtier.frontend.imap.command.ImapCommand;
import io.mailtier.frontend.imap.handle.Capabilities;
import io.mailtier.frontend.imap.handle.HandlerContext;
import io.mailtier.frontend.imap.handle.HandlerRegistry;
import io.mailtier.frontend.imap.handle.IdleHandler;
import io.mailtier.frontend.imap.handle.Outcome;
import io.mailtier.frontend.imap.parse.RequestParser;
import io.mailtier.frontend.imap.response.ImapResponse;
import io.mailtier.frontend.imap.response.ResponseCode;
import io.mailtier.frontend.imap.response.StatusResponse;
import io.mailtier.frontend.imap.session.SessionState;
import io.mailtier.frontend.imap.session.SessionUpdates;
import io.mailtier.frontend.imap.session.TransportSecurity;
import io.mailtier.frontend.listener.ErrorControl;
import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The protocol engine of one IMAP session: parse → check the state → dispatch → collect the
 * responses, plus the error control (BAD count). It owns the session state and never touches a
 * socket; the transport feeds it one complete command at a time, strictly in order.
 */
public final class ImapProcessor {
  private static final Logger LOG = LoggerFactory.getLogger(ImapProcessor.class);

  /**
   * What the transport must send, and whether it must then close the connection, or start TLS
   * (STARTTLS: the handshake follows the responses; nothing the client sent after the command may
   * be served).
   */
  public record Reply(List<ImapResponse> responses, boolean close, boolean startTls) {
    public Reply {
      responses = List.copyOf(responses);
    }

    public Reply(List<ImapResponse> responses, boolean close) {
      this(responses, close, false);
    }
  }

  private final RequestParser parser;
  private final HandlerRegistry handlers;
  private final HandlerContext context;
  private final int maxBadCommands;
  private final int maxAuthFailures;
  private SessionState state;
  private Outcome.Continuation pending;
  private int badCommands;
  private int authFailures;
  private Consumer<Reply> unsolicited = r -> {};

  public ImapProcessor(
      RequestParser parser, HandlerRegistry handlers, HandlerContext context, int maxBadCommands) {
    this(
        parser,
        handlers,
        context,
        new ErrorControl(maxBadCommands, 0),
        TransportSecurity.PLAIN_AUTH_ALLOWED);
  }

  /**
   * @param errorControl the session's limits: BAD responses, and failed LOGIN/AUTHENTICATE
   * @param security what the connection offers and requires when the session starts
   */
  public ImapProcessor(
      RequestParser parser,
      HandlerRegistry handlers,
      HandlerContext context,
      ErrorControl errorControl,
      TransportSecurity security) {
    this.parser = parser;
    this.handlers = handlers;
    this.context = context;
    this.maxBadCommands = errorControl.maxBadCommands();
    this.maxAuthFailures = errorControl.maxAuthFailures();
    this.state = new SessionState.NotAuthenticated(security);
  }

  public SessionState state() {
    return state;
  }

  /**
   * Where responses that answer no command go (updates pushed during IDLE); the transport writes
   * them, and closes the connection when the reply says so.
   */
  public void onUnsolicited(Consumer<Reply> sink) {
    this.unsolicited = sink;
  }

  /** The connection closed: the session stops watching its mailbox. */
  public void closed() {
    context.updates().clear();
  }

  /** The greeting sent when the connection opens. */
  public Reply greeting() {
    return new Reply(
        List.of(
            StatusResponse.untaggedOk(
                ResponseCode.CAPABILITY,
                Capabilities.joined(
                    Capabilities.notAuthenticated(
                        ((SessionState.NotAuthenticated) state).security())),
                "mailtier IMAP ready")),
        false);
  }

  /** Serves one complete command (or the client's answer to a continuation request). */
  public Future<Reply> process(byte[] raw) {
    if (pending != null) {
      Outcome.Continuation continuation = pending;
      pending = null;
      context.updates().onPending(null);
      LOG.debug("[{}] C: <continuation data>", context.sessionId());
      return continuation
          .resume(new String(raw, StandardCharsets.US_ASCII))
          .recover(t -> serverBug("*", t))
          .map(o -> apply(o, null, true));
    }
    RequestParser.Result result = parser.parse(raw);
    if (result instanceof RequestParser.Invalid invalid) {
      LOG.debug(
          "[{}] C: invalid ({}): {}",
          context.sessionId(),
          invalid.commandName(),
          invalid.message());
      context.metrics().command("invalid");
      return Future.succeededFuture(
          apply(Outcome.of(StatusResponse.bad(invalid.tag(), invalid.message()))));
    }
    ImapCommand command = ((RequestParser.Parsed) result).command();
    LOG.debug("[{}] C: {}", context.sessionId(), command);
    context.metrics().command(command.name());
    var entry = handlers.entry(command);
    if (entry.isEmpty()) {
      return Future.succeededFuture(
          apply(Outcome.of(StatusResponse.bad(command.tag(), "Unknown command"))));
    }
    if (!entry.get().validIn(state)) {
      String text =
          command.name()
              + " is not valid in the "
              + state.description()
              + " state (it needs the "
              + HandlerRegistry.stateName(entry.get().state())
              + " state)";
      return Future.succeededFuture(apply(Outcome.of(StatusResponse.bad(command.tag(), text))));
    }
    Future<Outcome> outcome;
    try {
      outcome = entry.get().dispatch(command, state, context);
    } catch (RuntimeException e) {
      outcome = Future.failedFuture(e);
    }
    return outcome.recover(t -> serverBug(command.tag(), t)).map(o -> apply(o, command, true));
  }

  /** Refuses a command whose literal is too big (the transport did not read the literal). */
  public Reply rejectLiteral(String tag, String commandName, boolean close) {
    StatusResponse response =
        "APPEND".equals(commandName)
            ? StatusResponse.no(tag, ResponseCode.TOOBIG, "Message too big")
            : new StatusResponse(
                tag, StatusResponse.Type.BAD, ResponseCode.TOOBIG, "Literal too big");
    Reply reply = apply(Outcome.of(response));
    return close ? new Reply(reply.responses(), true) : reply;
  }

  /** A line longer than the limit: the session ends. */
  public Reply lineTooLong() {
    state = new SessionState.Logout();
    return new Reply(
        List.of(
            new StatusResponse(
                null, StatusResponse.Type.BAD, ResponseCode.TOOBIG, "Line too long")),
        true);
  }

  /** The idle timeout passed: the session ends. */
  public Reply idle() {
    state = new SessionState.Logout();
    return new Reply(List.of(StatusResponse.bye("Autologout; idle for too long")), true);
  }

  /** The server shuts down: the session ends. */
  public Reply shutdown() {
    state = new SessionState.Logout();
    return new Reply(List.of(StatusResponse.bye("Server shutting down")), true);
  }

  /**
   * Adds the announcements of changes made elsewhere to {@code responses}, before the tagged
   * response, and updates the message map; ends the selection if the mailbox went away.
   */
  private void announce(List<ImapResponse> responses, boolean expungeAllowed, boolean withUid) {
    SessionState.Selected selected = (SessionState.Selected) state;
    SessionUpdates updates = context.updates();
    SessionUpdates.Drained drained = updates.drain(selected.messages(), expungeAllowed, withUid);
    List<ImapResponse> extra = new ArrayList<>(drained.responses());
    state = selected.withMessages(drained.map());
    if (drained.ending() == SessionUpdates.Ending.MAILBOX_GONE) {
      LOG.info("[{}] selected mailbox deleted or renamed elsewhere", context.sessionId());
      updates.clear();
      if (updates.closedUnderstood()) {
        extra.add(
            StatusResponse.untaggedOk(
                ResponseCode.CLOSED, null, "Mailbox deleted or renamed elsewhere"));
        state = selected.deselect();
      } else {
        extra.add(StatusResponse.bye("Selected mailbox was deleted or renamed, closing"));
        state = new SessionState.Logout();
        pending = null;
      }
    }
    int at = responses.size();
    for (int i = 0; i < responses.size(); i++) {
      if (responses.get(i) instanceof StatusResponse s && s.isTagged()) {
        at = i;
        break;
      }
    }
    responses.addAll(at, extra);
  }

  /** During IDLE: announces what arrived at once. */
  private void pushUpdates() {
    if (!(pending instanceof IdleHandler.Waiting)
        || !(state instanceof SessionState.Selected)
        || !context.updates().hasPending()) {
      return;
    }
    List<ImapResponse> out = new ArrayList<>();
    announce(out, true, true);
    if (!out.isEmpty() || state instanceof SessionState.Logout) {
      unsolicited.accept(new Reply(out, state instanceof SessionState.Logout));
    }
  }

  private Future<Outcome> serverBug(String tag, Throwable t) {
    LOG.error("[{}] command failed unexpectedly", context.sessionId(), t);
    return Future.succeededFuture(
        Outcome.of(StatusResponse.no(tag, ResponseCode.SERVERBUG, "Internal error")));
  }

  /** Applies an outcome that is no command's (BAD, refused literal): nothing is announced. */
  private Reply apply(Outcome outcome) {
    return apply(outcome, null, false);
  }

  /** Commands during whose responses no EXPUNGE may be sent (RFC 9051 7.5.1). */
  private static final Set<String> NO_EXPUNGE = Set.of("FETCH", "STORE", "SEARCH");

  private Reply apply(Outcome outcome, ImapCommand command, boolean mayAnnounce) {
    if (outcome.next() != null) {
      state = outcome.next();
    }
    pending = outcome.continuation();
    List<ImapResponse> responses = new ArrayList<>(outcome.responses());
    SessionUpdates updates = context.updates();
    if (!(state instanceof SessionState.Selected)) {
      updates.clear();
    } else if (mayAnnounce && updates.hasPending()) {
      boolean idle = pending instanceof IdleHandler.Waiting;
      String name = command == null ? "" : command.name();
      announce(responses, !NO_EXPUNGE.contains(name), idle || name.startsWith("UID "));
    }
    if (pending instanceof IdleHandler.Waiting && state instanceof SessionState.Selected) {
      updates.onPending(this::pushUpdates);
    }
    for (ImapResponse r : outcome.responses()) {
      if (r instanceof StatusResponse s && s.isTagged()) {
        LOG.debug("[{}] S: {} {} {}", context.sessionId(), s.tag(), s.type(), s.text());
        if (s.type() == StatusResponse.Type.BAD) {
          badCommands++;
        } else if (s.type() == StatusResponse.Type.NO
            && s.code() == ResponseCode.AUTHENTICATIONFAILED) {
          authFailures++;
        }
      }
    }
    boolean close = state instanceof SessionState.Logout;
    if (!close && badCommands >= maxBadCommands) {
      LOG.info("[{}] closing: too many invalid commands", context.sessionId());
      responses.add(StatusResponse.bye("Too many invalid commands"));
      state = new SessionState.Logout();
      pending = null;
      close = true;
    }
    if (!close && authFailures >= maxAuthFailures) {
      LOG.info("[{}] closing: too many authentication failures", context.sessionId());
      responses.add(StatusResponse.bye("Too many authentication failures"));
      state = new SessionState.Logout();
      pending = null;
      close = true;
    }
    return new Reply(responses, close, outcome.startTls() && !close);
  }
}
