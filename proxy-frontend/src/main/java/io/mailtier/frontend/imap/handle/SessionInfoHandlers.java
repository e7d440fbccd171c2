package io.mailtier.frontend.imap.handle;

import io.mailtier.frontend.imap.command.ImapCommand;
import io.mailtier.frontend.imap.response.StatusResponse;
import io.mailtier.frontend.imap.response.UntaggedData;
import io.mailtier.frontend.imap.session.SessionState;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** NAMESPACE (RFC 2342), ID (RFC 2971) and ENABLE (RFC 5161). */
final class SessionInfoHandlers {
  private static final Logger LOG = LoggerFactory.getLogger(SessionInfoHandlers.class);

  /** What ID tells the client about this server. */
  static final Map<String, String> SERVER_ID = serverId();

  private SessionInfoHandlers() {}

  private static Map<String, String> serverId() {
    Map<String, String> id = new LinkedHashMap<>();
    id.put("name", "mailtier");
    String version = SessionInfoHandlers.class.getPackage().getImplementationVersion();
    id.put("version", version == null ? "dev" : version);
    id.put("vendor", "mailtier");
    id.put("support-url", "https://mailtier.io/");
    return id;
  }

  /** NAMESPACE: one personal namespace with an empty prefix; no other users', no shared ones. */
  static final class Namespace
      implements CommandHandler<ImapCommand.Namespace, SessionState.LoggedIn> {
    @Override
    public Future<Outcome> handle(
        ImapCommand.Namespace command, SessionState.LoggedIn state, HandlerContext ctx) {
      return Outcome.now(
          new UntaggedData.Namespace("", ListHandler.DELIMITER),
          StatusResponse.ok(command.tag(), "NAMESPACE completed"));
    }
  }

  /**
   * ID, in any state: logs what the client says about itself (printable, bounded by the parser) and
   * answers with the server's name and version.
   */
  static final class Id implements CommandHandler<ImapCommand.Id, SessionState> {
    @Override
    public Future<Outcome> handle(ImapCommand.Id command, SessionState state, HandlerContext ctx) {
      ctx.options().clientId(command.fields());
      LOG.info("[{}] client ID: {}", ctx.sessionId(), printable(command.fields()));
      return Outcome.now(
          new UntaggedData.Id(SERVER_ID), StatusResponse.ok(command.tag(), "ID completed"));
    }

    private static String printable(Map<String, String> fields) {
      if (fields.isEmpty()) {
        return "NIL";
      }
      StringBuilder sb = new StringBuilder();
      for (var e : fields.entrySet()) {
        sb.append(sb.isEmpty() ? "" : ", ")
            .append(clean(e.getKey()))
            .append('=')
            .append(e.getValue() == null ? "NIL" : clean(e.getValue()));
      }
      return sb.toString();
    }

    private static String clean(String s) {
      String t = s.length() > 128 ? s.substring(0, 128) + "..." : s;
      return t.replaceAll("[^\\x20-\\x7e]", "?");
    }
  }

  /**
   * ENABLE, in the authenticated state only (RFC 5161 3.1). Of the extensions ENABLE can turn on,
   * this server knows IMAP4rev2; others are ignored, as the RFC says. The ENABLED response names
   * what this command turned on, never what was already on.
   */
  static final class Enable
      implements CommandHandler<ImapCommand.Enable, SessionState.Authenticated> {
    @Override
    public Future<Outcome> handle(
        ImapCommand.Enable command, SessionState.Authenticated state, HandlerContext ctx) {
      List<String> enabled = new ArrayList<>();
      for (String capability : command.capabilities()) {
        if (capability.equals("IMAP4REV2") && !ctx.options().imap4rev2()) {
          ctx.options().enableImap4rev2();
          ctx.updates().closedUnderstood(true); // rev2 clients know * OK [CLOSED]
          enabled.add("IMAP4rev2");
        }
      }
      return Outcome.now(
          new UntaggedData.Enabled(enabled), StatusResponse.ok(command.tag(), "ENABLE completed"));
    }
  }
}
