package io.mailtier.frontend.pop3;

import io.mailtier.frontend.auth.AuthResult;
import io.mailtier.frontend.auth.SaslPlain;
import io.mailtier.frontend.backend.Pop3ErrorMapper;
import io.mailtier.frontend.imap.session.TransportSecurity;
import io.mailtier.frontend.listener.ErrorControl;
import io.mailtier.frontend.pop3.command.Pop3Command;
import io.mailtier.frontend.pop3.lock.MaildropLocks;
import io.mailtier.frontend.pop3.parse.Pop3Parser;
import io.mailtier.frontend.pop3.response.Pop3Response;
import io.mailtier.frontend.pop3.response.Pop3Response.Status;
import io.mailtier.frontend.pop3.response.Pop3ResponseCode;
import io.mailtier.frontend.pop3.session.Maildrop;
import io.mailtier.frontend.pop3.session.Pop3State;
import io.mailtier.proto.mailstore.v1.ExpungeRequest;
import io.mailtier.proto.mailstore.v1.FetchRequest;
import io.mailtier.proto.mailstore.v1.FetchResponse;
import io.mailtier.proto.mailstore.v1.SelectFolderRequest;
import io.mailtier.proto.mailstore.v1.StoreFlagsRequest;
import io.mailtier.proto.mailstore.v1.StoreMode;
import io.mailtier.proto.mailstore.v1.UidRange;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The protocol engine of one POP3 session (RFC 1939, 2449, 2595, 3206, 5034): parse → check the
 * state → one exhaustive switch → replies as values. It owns the session state and the maildrop
 * lock, never touches a socket, and is fed one line at a time, strictly in order.
 */
public final class Pop3Processor {
  private static final Logger LOG = LoggerFactory.getLogger(Pop3Processor.class);

  /** The SASL mechanisms offered (both carry a password; no token validator exists, ADR 0067). */
  public static final List<String> MECHANISMS = List.of("PLAIN", "LOGIN");

  static final String PLAINTEXT_DISALLOWED =
      "Plaintext authentication disallowed on non-secure (SSL/TLS) connections";
  static final String AUTH_FAILED = "Authentication failed";
  private static final String USERNAME_CHALLENGE =
      Base64.getEncoder().encodeToString("Username:".getBytes(StandardCharsets.US_ASCII));
  private static final String PASSWORD_CHALLENGE =
      Base64.getEncoder().encodeToString("Password:".getBytes(StandardCharsets.US_ASCII));

  /** What the transport must send, and whether it must then close, or start TLS. */
  public record Reply(List<Pop3Response> responses, boolean close, boolean startTls) {
    public Reply {
      responses = List.copyOf(responses);
    }

    static Reply of(Pop3Response response) {
      return new Reply(List.of(response), false, false);
    }

    static Reply closing(Pop3Response response) {
      return new Reply(List.of(response), true, false);
    }
  }

  private final Pop3Context context;
  private final int maxBadCommands;
  private final int maxAuthFailures;
  private Pop3State state;
  private Function<String, Future<Reply>> pending;
  private int badCommands;
  private int authFailures;
  private boolean closed;

  public Pop3Processor(Pop3Context context, ErrorControl errors, TransportSecurity security) {
    this.context = context;
    this.maxBadCommands = errors.maxBadCommands();
    this.maxAuthFailures = errors.maxAuthFailures();
    this.state = new Pop3State.Authorization(security, null);
  }

  public Pop3State state() {
    return state;
  }

  /**
   * The greeting. It carries no APOP timestamp: the node keeps only password hashes, so APOP's
   * digest cannot be checked (ADR 0067), and RFC 1939 7 says a server without the timestamp does
   * not offer APOP.
   */
  public Reply greeting() {
    return Reply.of(Status.ok("mailtier POP3 ready"));
  }

  public Reply lineTooLong() {
    return end(Status.err("Line too long"));
  }

  public Reply idle() {
    return end(Status.err("Autologout; idle for too long"));
  }

  public Reply shutdown() {
    return end(Status.err(Pop3ResponseCode.SYS_TEMP, "Server shutting down"));
  }

  /**
   * The connection is gone: the lock is released and nothing is deleted (a session that did not
   * reach the UPDATE state deletes nothing, RFC 1939 6).
   */
  public void closed() {
    closed = true;
    if (state instanceof Pop3State.Transaction t) {
      LOG.debug("[{}] connection lost; nothing deleted", context.sessionId());
      t.maildrop().lease().release();
    }
    state = new Pop3State.Update();
  }

  private Reply end(Status status) {
    if (state instanceof Pop3State.Transaction t) {
      t.maildrop().lease().release();
    }
    state = new Pop3State.Update();
    pending = null;
    return Reply.closing(status);
  }

  /** Serves one line: a command, or the client's answer to a SASL challenge. */
  public Future<Reply> process(byte[] line) {
    if (pending != null) {
      Function<String, Future<Reply>> continuation = pending;
      pending = null;
      return guarded(() -> continuation.apply(new String(line, StandardCharsets.US_ASCII)));
    }
    Pop3Parser.Result result = Pop3Parser.parse(line);
    if (result instanceof Pop3Parser.Invalid invalid) {
      LOG.debug(
          "[{}] C: invalid ({}): {}", context.sessionId(), invalid.keyword(), invalid.message());
      context.metrics().command("invalid");
      return Future.succeededFuture(bad(invalid.message()));
    }
    Pop3Command command = ((Pop3Parser.Parsed) result).command();
    LOG.debug("[{}] C: {}", context.sessionId(), command);
    context.metrics().command(command.name().toLowerCase(java.util.Locale.ROOT));
    if (!validIn(command, state)) {
      return Future.succeededFuture(
          bad(command.name() + " is not valid in the " + state.description() + " state"));
    }
    if (state instanceof Pop3State.Transaction t) {
      t.maildrop().lease().touch();
    }
    return guarded(() -> dispatch(command));
  }

  private Future<Reply> guarded(java.util.function.Supplier<Future<Reply>> action) {
    Future<Reply> reply;
    try {
      reply = action.get();
    } catch (RuntimeException e) {
      reply = Future.failedFuture(e);
    }
    return reply.recover(t -> {
      LOG.error("[{}] command failed unexpectedly", context.sessionId(), t);
      return Future.succeededFuture(
          Reply.of(Status.err(Pop3ResponseCode.SYS_TEMP, "Internal error")));
    });
  }

  private static boolean validIn(Pop3Command command, Pop3State state) {
    return switch (command) {
      case Pop3Command.Capa c -> true;
      case Pop3Command.Quit q -> true;
      case Pop3Command.User u -> state instanceof Pop3State.Authorization;
      case Pop3Command.Pass p -> state instanceof Pop3State.Authorization;
      case Pop3Command.Apop a -> state instanceof Pop3State.Authorization;
      case Pop3Command.Auth a -> state instanceof Pop3State.Authorization;
      case Pop3Command.Stls s -> state instanceof Pop3State.Authorization;
      case Pop3Command.Stat s -> state instanceof Pop3State.Transaction;
      case Pop3Command.List l -> state instanceof Pop3State.Transaction;
      case Pop3Command.Retr r -> state instanceof Pop3State.Transaction;
      case Pop3Command.Dele d -> state instanceof Pop3State.Transaction;
      case Pop3Command.Noop n -> state instanceof Pop3State.Transaction;
      case Pop3Command.Rset r -> state instanceof Pop3State.Transaction;
      case Pop3Command.Top t -> state instanceof Pop3State.Transaction;
      case Pop3Command.Uidl u -> state instanceof Pop3State.Transaction;
    };
  }

  private Future<Reply> dispatch(Pop3Command command) {
    return switch (command) {
      case Pop3Command.Capa c -> done(capa());
      case Pop3Command.Quit q -> quit();
      case Pop3Command.User u -> done(user(u));
      case Pop3Command.Pass p -> pass(p);
      case Pop3Command.Apop a -> done(Reply.of(Status.err("APOP is not offered by this server")));
      case Pop3Command.Auth a -> auth(a);
      case Pop3Command.Stls s -> done(stls());
      case Pop3Command.Stat s -> done(stat(maildrop()));
      case Pop3Command.List l -> done(list(maildrop(), l.message()));
      case Pop3Command.Retr r -> retrieve(maildrop(), r.message(), -1);
      case Pop3Command.Top t -> retrieve(maildrop(), t.message(), t.lines());
      case Pop3Command.Dele d -> done(dele(maildrop(), d.message()));
      case Pop3Command.Noop n -> done(Reply.of(Status.ok("")));
      case Pop3Command.Rset r -> done(rset(maildrop()));
      case Pop3Command.Uidl u -> done(uidl(maildrop(), u.message()));
    };
  }

  private static Future<Reply> done(Reply reply) {
    return Future.succeededFuture(reply);
  }

  private Maildrop maildrop() {
    return ((Pop3State.Transaction) state).maildrop();
  }

  private TransportSecurity security() {
    return ((Pop3State.Authorization) state).security();
  }

  // --- AUTHORIZATION ---

  private Reply capa() {
    List<String> caps = new ArrayList<>();
    caps.add("TOP");
    caps.add("UIDL");
    caps.add("RESP-CODES");
    caps.add("AUTH-RESP-CODE");
    caps.add("PIPELINING");
    if (state instanceof Pop3State.Authorization a) {
      if (a.security().authAllowed()) {
        caps.add("USER");
        caps.add("SASL " + String.join(" ", MECHANISMS));
      }
      if (a.security().canStartTls()) {
        caps.add("STLS");
      }
    }
    caps.add("IMPLEMENTATION mailtier");
    return Reply.of(new Pop3Response.Listing("Capability list follows", caps));
  }

  private Reply stls() {
    TransportSecurity security = security();
    if (!security.canStartTls()) {
      return bad(security.tls() ? "Already using TLS" : "STLS is not offered on this listener");
    }
    state = new Pop3State.Authorization(security.afterStartTls(), null);
    return new Reply(List.of(Status.ok("Begin TLS negotiation")), false, true);
  }

  private Reply user(Pop3Command.User user) {
    Pop3State.Authorization a = (Pop3State.Authorization) state;
    if (!a.security().authAllowed()) {
      return Reply.of(Status.err(Pop3ResponseCode.AUTH, PLAINTEXT_DISALLOWED));
    }
    state = a.withUser(user.user());
    return Reply.of(Status.ok("Send PASS"));
  }

  private Future<Reply> pass(Pop3Command.Pass pass) {
    Pop3State.Authorization a = (Pop3State.Authorization) state;
    if (!a.security().authAllowed()) {
      return done(Reply.of(Status.err(Pop3ResponseCode.AUTH, PLAINTEXT_DISALLOWED)));
    }
    if (a.user() == null) {
      return done(bad("USER first"));
    }
    state = a.withUser(null);
    return login(a.user(), pass.password());
  }

  private Future<Reply> auth(Pop3Command.Auth auth) {
    if (auth.mechanism() == null) {
      return done(
          Reply.of(
              new Pop3Response.Listing(
                  "Mechanisms follow", security().authAllowed() ? MECHANISMS : List.of())));
    }
    if (!security().authAllowed()) {
      return done(Reply.of(Status.err(Pop3ResponseCode.AUTH, PLAINTEXT_DISALLOWED)));
    }
    return switch (auth.mechanism()) {
      case "PLAIN" ->
          auth.initialResponse() != null
              ? plain(auth.initialResponse())
              : challenge("", this::plain);
      case "LOGIN" ->
          auth.initialResponse() != null
              ? loginUser(auth.initialResponse())
              : challenge(USERNAME_CHALLENGE, this::loginUser);
      default -> done(bad("Unsupported SASL mechanism"));
    };
  }

  private Future<Reply> challenge(String base64, Function<String, Future<Reply>> next) {
    pending =
        response -> {
          if (response.equals("*")) {
            return done(Reply.of(Status.err("Authentication cancelled")));
          }
          return next.apply(response);
        };
    return done(Reply.of(new Pop3Response.Challenge(base64)));
  }

  private Future<Reply> plain(String response) {
    return decode(response)
        .map(text -> {
          var credentials = SaslPlain.decode(response.equals("=") ? "" : response);
          if (credentials.isEmpty()) {
            return done(bad("Invalid SASL PLAIN message"));
          }
          var c = credentials.get();
          if (!c.authzid().isEmpty()
              && !context.authenticator().sameAccount(c.authzid(), c.authcid())) {
            return done(authFailed());
          }
          return login(c.authcid(), c.password());
        })
        .orElseGet(() -> done(bad("Invalid base64")));
  }

  private Future<Reply> loginUser(String response) {
    return decode(response)
        .map(user ->
            challenge(
                PASSWORD_CHALLENGE,
                pw ->
                    decode(pw)
                        .map(password -> login(user, password))
                        .orElseGet(() -> done(bad("Invalid base64")))))
        .orElseGet(() -> done(bad("Invalid base64")));
  }

  private static java.util.Optional<String> decode(String base64) {
    if (base64.equals("=")) {
      return java.util.Optional.of("");
    }
    try {
      return java.util.Optional.of(
          new String(Base64.getDecoder().decode(base64.trim()), StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      return java.util.Optional.empty();
    }
  }

  private Reply authFailed() {
    authFailures++;
    context.metrics().login("failed");
    if (authFailures >= maxAuthFailures) {
      LOG.info("[{}] closing: too many authentication failures", context.sessionId());
      return end(Status.err(Pop3ResponseCode.AUTH, AUTH_FAILED + "; too many failures, closing"));
    }
    return Reply.of(Status.err(Pop3ResponseCode.AUTH, AUTH_FAILED));
  }

  /** Checks the credentials, then locks and opens the maildrop. */
  private Future<Reply> login(String login, String password) {
    LoginName name = LoginName.parse(login);
    return context
        .authenticator()
        .authenticate(name.account(), password, context.clientIp())
        .compose(result ->
            switch (result) {
              case AuthResult.Success s -> {
                context.metrics().login("ok");
                yield open(s.route().account(), name.folder(), s.route().backend());
              }
              case AuthResult.Rejected r -> done(authFailed());
              case AuthResult.LockedOut l -> {
                context.metrics().login("locked_out");
                yield done(authFailed());
              }
              case AuthResult.Unavailable u -> {
                context.metrics().login("unavailable");
                LOG.info("[{}] login unavailable: {}", context.sessionId(), u.reason());
                yield done(
                    Reply.of(Status.err(Pop3ResponseCode.SYS_TEMP, Pop3ErrorMapper.UNAVAILABLE)));
              }
            });
  }

  private Future<Reply> open(String account, String folder, String backend) {
    Context vertxContext = Vertx.currentContext();
    var stage = context.locks().tryAcquire(MaildropLocks.key(account, folder));
    Future<MaildropLocks.Lease> lock =
        vertxContext == null
            ? Future.fromCompletionStage(stage)
            : Future.fromCompletionStage(stage, vertxContext);
    return lock.compose(
        lease -> {
          if (lease == null) {
            LOG.info("[{}] maildrop {}/{} is locked", context.sessionId(), account, folder);
            context.metrics().maildropInUse();
            return done(
                Reply.of(
                    Status.err(
                        Pop3ResponseCode.IN_USE, "Maildrop is locked by another POP3 session")));
          }
          return load(account, folder, backend, lease)
              .map(maildrop -> {
                if (closed) {
                  lease.release();
                  return Reply.of(Status.err("Connection closed"));
                }
                state = new Pop3State.Transaction(maildrop);
                LOG.info(
                    "[{}] maildrop {}/{} opened: {} message(s)",
                    context.sessionId(),
                    account,
                    folder,
                    maildrop.size());
                return Reply.of(
                    Status.ok(
                        "Maildrop has "
                            + maildrop.visibleCount()
                            + " messages ("
                            + maildrop.visibleOctets()
                            + " octets)"));
              })
              .recover(t -> {
                lease.release();
                LOG.info(
                    "[{}] opening {}/{} failed: {}",
                    context.sessionId(),
                    account,
                    folder,
                    t.toString());
                return done(Reply.of(Pop3ErrorMapper.toResponse(t)));
              });
        },
        t -> {
          LOG.warn("[{}] maildrop lock unavailable: {}", context.sessionId(), t.toString());
          return done(Reply.of(Status.err(Pop3ResponseCode.SYS_TEMP, Pop3ErrorMapper.UNAVAILABLE)));
        });
  }

  private Future<Maildrop> load(
      String account, String folder, String backend, MaildropLocks.Lease lease) {
    return context
        .mailstore()
        .selectFolder(
            backend, SelectFolderRequest.newBuilder().setAccount(account).setFolder(folder).build())
        .compose(selected -> {
          long validity = Integer.toUnsignedLong(selected.getStatus().getUidValidity());
          List<Integer> uids = selected.getUidsList();
          if (uids.isEmpty()) {
            return Future.succeededFuture(
                new Maildrop(account, folder, backend, validity, new long[0], new long[0], lease));
          }
          FetchRequest sizes =
              FetchRequest.newBuilder()
                  .setAccount(account)
                  .setFolder(folder)
                  .setUidValidity(selected.getStatus().getUidValidity())
                  .addAllUids(ranges(uids.stream().map(Integer::toUnsignedLong).toList()))
                  .setSize(true)
                  .build();
          return context
              .mailstore()
              .fetch(backend, sizes)
              .map(items -> {
                Map<Long, Long> size = new HashMap<>();
                for (FetchResponse item : items) {
                  if (item.hasMessage()) {
                    size.put(
                        Integer.toUnsignedLong(item.getMessage().getUid()),
                        item.getMessage().getSize());
                  }
                }
                // a message expunged between the two calls is left out
                long[] u =
                    uids.stream()
                        .mapToLong(Integer::toUnsignedLong)
                        .filter(size::containsKey)
                        .toArray();
                long[] s = new long[u.length];
                for (int i = 0; i < u.length; i++) {
                  s[i] = size.get(u[i]);
                }
                return new Maildrop(account, folder, backend, validity, u, s, lease);
              });
        });
  }

  // --- TRANSACTION ---

  private Reply stat(Maildrop m) {
    return Reply.of(Status.ok(m.visibleCount() + " " + m.visibleOctets()));
  }

  private Reply list(Maildrop m, int n) {
    return scanListing(
        m,
        n,
        i -> i + " " + m.octets(i),
        m.visibleCount() + " messages (" + m.visibleOctets() + " octets)");
  }

  private Reply uidl(Maildrop m, int n) {
    return scanListing(m, n, i -> i + " " + m.uniqueId(i), "");
  }

  /**
   * LIST and UIDL: with a message number, {@code +OK} and that message's line; without, a listing
   * of the lines of every message not marked deleted (RFC 1939 5).
   */
  private Reply scanListing(
      Maildrop m, int n, java.util.function.IntFunction<String> line, String listingText) {
    if (n > 0) {
      return m.visible(n) ? Reply.of(Status.ok(line.apply(n))) : noSuchMessage();
    }
    List<String> lines = new ArrayList<>();
    for (int i = 1; i <= m.size(); i++) {
      if (m.visible(i)) {
        lines.add(line.apply(i));
      }
    }
    return Reply.of(new Pop3Response.Listing(listingText, lines));
  }

  private Reply dele(Maildrop m, int n) {
    if (!m.visible(n)) {
      return noSuchMessage();
    }
    m.delete(n);
    return Reply.of(Status.ok("Message " + n + " deleted"));
  }

  private Reply rset(Maildrop m) {
    m.undeleteAll();
    return Reply.of(
        Status.ok(
            "Maildrop has " + m.visibleCount() + " messages (" + m.visibleOctets() + " octets)"));
  }

  /** RETR ({@code lines < 0}) or TOP: the message from the node; RETR marks it \Seen. */
  private Future<Reply> retrieve(Maildrop m, int n, int lines) {
    if (!m.visible(n)) {
      return done(noSuchMessage());
    }
    long uid = m.uid(n);
    FetchRequest request =
        FetchRequest.newBuilder()
            .setAccount(m.account())
            .setFolder(m.folder())
            .setUidValidity((int) m.uidValidity())
            .addUids(UidRange.newBuilder().setFirst((int) uid).setLast((int) uid))
            .setBody(true)
            .setSetSeen(lines < 0)
            .build();
    return context
        .mailstore()
        .fetch(m.backend(), request)
        .map(items -> {
          ByteArrayOutputStream body = new ByteArrayOutputStream();
          boolean found = false;
          for (FetchResponse item : items) {
            if (item.hasMessage()) {
              found = true;
            } else if (item.hasBody()) {
              body.writeBytes(item.getBody().getData().toByteArray());
            }
          }
          if (!found) {
            return Reply.of(
                Status.err(Pop3ResponseCode.SYS_PERM, "Message " + n + " no longer exists"));
          }
          byte[] data = body.toByteArray();
          if (lines >= 0) {
            data = top(data, lines);
            return Reply.of(new Pop3Response.Content("Top of message follows", data));
          }
          return Reply.of(new Pop3Response.Content(m.octets(n) + " octets", data));
        })
        .recover(t -> done(Reply.of(Pop3ErrorMapper.toResponse(t))));
  }

  /** The header, the empty line, and the first {@code lines} lines of the body (RFC 1939 TOP). */
  static byte[] top(byte[] message, int lines) {
    int i = 0;
    int n = message.length;
    // the header ends at the first empty line
    int lineStart = 0;
    int bodyStart = n;
    while (i < n) {
      if (message[i] == '\n') {
        int len = i - lineStart;
        if (len == 0 || (len == 1 && message[lineStart] == '\r')) {
          bodyStart = i + 1;
          break;
        }
        lineStart = i + 1;
      }
      i++;
    }
    int end = bodyStart;
    for (int k = 0; k < lines && end < n; k++) {
      while (end < n && message[end] != '\n') {
        end++;
      }
      if (end < n) {
        end++;
      }
    }
    return java.util.Arrays.copyOf(message, end);
  }

  /** QUIT: in TRANSACTION, the UPDATE state removes the messages marked deleted. */
  private Future<Reply> quit() {
    if (!(state instanceof Pop3State.Transaction t)) {
      state = new Pop3State.Update();
      return done(Reply.closing(Status.ok("mailtier POP3 signing off")));
    }
    Maildrop m = t.maildrop();
    state = new Pop3State.Update();
    List<Long> deleted = m.deletedUids();
    if (deleted.isEmpty()) {
      m.lease().release();
      return done(Reply.closing(Status.ok("mailtier POP3 signing off")));
    }
    List<UidRange> ranges = ranges(deleted);
    StoreFlagsRequest mark =
        StoreFlagsRequest.newBuilder()
            .setAccount(m.account())
            .setFolder(m.folder())
            .addAllUids(ranges)
            .setMode(StoreMode.STORE_MODE_ADD)
            .addFlags("\\Deleted")
            .setUidValidity((int) m.uidValidity())
            .build();
    ExpungeRequest expunge =
        ExpungeRequest.newBuilder()
            .setAccount(m.account())
            .setFolder(m.folder())
            .addAllUids(ranges)
            .build();
    return context
        .mailstore()
        .storeFlags(m.backend(), mark)
        .compose(v -> context.mailstore().expunge(m.backend(), expunge))
        .map(r -> {
          LOG.info(
              "[{}] {}/{}: {} message(s) deleted",
              context.sessionId(),
              m.account(),
              m.folder(),
              r.getExpungedCount());
          return Reply.closing(
              Status.ok(
                  "mailtier POP3 signing off (" + r.getExpungedCount() + " messages deleted)"));
        })
        .recover(e -> {
          LOG.warn("[{}] UPDATE failed: {}", context.sessionId(), e.toString());
          Status s = Pop3ErrorMapper.toResponse(e);
          return done(Reply.closing(Status.err(s.code(), "Some deleted messages not removed")));
        })
        .onComplete(ar -> m.lease().release());
  }

  private Reply noSuchMessage() {
    return Reply.of(Status.err("No such message"));
  }

  /** A -ERR for a command that was wrong; too many of them end the session. */
  private Reply bad(String text) {
    badCommands++;
    if (badCommands >= maxBadCommands) {
      LOG.info("[{}] closing: too many invalid commands", context.sessionId());
      return end(Status.err(text + "; too many invalid commands, closing"));
    }
    return Reply.of(Status.err(text));
  }

  /** UID ranges for ascending UIDs. */
  static List<UidRange> ranges(List<Long> ascending) {
    List<UidRange> out = new ArrayList<>();
    int i = 0;
    while (i < ascending.size()) {
      long first = ascending.get(i);
      long last = first;
      while (i + 1 < ascending.size() && ascending.get(i + 1) == last + 1) {
        last = ascending.get(++i);
      }
      out.add(UidRange.newBuilder().setFirst((int) first).setLast((int) last).build());
      i++;
    }
    return out;
  }
}
