package io.mailtier.frontend.imap.parse;

import io.mailtier.frontend.imap.command.ImapCommand;
import io.mailtier.frontend.imap.command.SequenceSet;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Parsers of COPY/MOVE (RFC 6851), SUBSCRIBE/UNSUBSCRIBE/LSUB, NAMESPACE (RFC 2342), ID (RFC 2971),
 * ENABLE (RFC 5161) and the QUOTA commands (RFC 9208).
 */
final class ExtensionParsers {
  /** RFC 2971 3.3: at most 30 field/value pairs, names of 30 octets, values of 1024. */
  static final int MAX_ID_FIELDS = 30;

  static final int MAX_ID_NAME = 30;
  static final int MAX_ID_VALUE = 1024;

  /** More ENABLE arguments than anyone needs. */
  static final int MAX_ENABLE = 20;

  private ExtensionParsers() {}

  /** {@code COPY SP sequence-set SP mailbox}, likewise MOVE, and their UID forms. */
  static CommandParser copy(boolean uid, boolean move) {
    return (tag, t) -> {
      t.sp();
      SequenceSet set = t.sequenceSet();
      t.sp();
      String mailbox = t.mailbox();
      t.end();
      return new ImapCommand.CopyMessages(tag, set, mailbox, uid, move);
    };
  }

  /** {@code SUBSCRIBE SP mailbox} / {@code UNSUBSCRIBE SP mailbox}. */
  static CommandParser subscribe(boolean subscribe) {
    return (tag, t) -> {
      t.sp();
      String mailbox = t.mailbox();
      t.end();
      return new ImapCommand.Subscribe(tag, mailbox, subscribe);
    };
  }

  /** {@code LSUB SP mailbox SP list-mailbox}. */
  static CommandParser lsub() {
    return (tag, t) -> {
      t.sp();
      String reference = t.astring();
      t.sp();
      String pattern = t.listMailbox();
      t.end();
      return new ImapCommand.Lsub(tag, reference, pattern);
    };
  }

  /** {@code ID SP ("(" [string SP nstring *(SP string SP nstring)] ")" / NIL)}. */
  static CommandParser id() {
    return (tag, t) -> {
      t.sp();
      Map<String, String> fields = new LinkedHashMap<>();
      if (t.consume("NIL")) {
        t.end();
        return new ImapCommand.Id(tag, fields);
      }
      t.expect('(', "Expected ( or NIL");
      while (t.peek() != ')') {
        if (!fields.isEmpty()) {
          t.sp();
        }
        String name = t.string();
        t.sp();
        String value = t.consume("NIL") ? null : t.string();
        if (bytes(name) > MAX_ID_NAME || name.isEmpty()) {
          throw new ParseException("ID field name empty or longer than 30 octets");
        }
        if (value != null && bytes(value) > MAX_ID_VALUE) {
          throw new ParseException("ID value longer than 1024 octets");
        }
        if (fields.size() == MAX_ID_FIELDS) {
          throw new ParseException("More than 30 ID fields");
        }
        fields.put(name, value);
      }
      t.expect(')', "Expected )");
      t.end();
      return new ImapCommand.Id(tag, fields);
    };
  }

  /** {@code ENABLE 1*(SP capability)}. */
  static CommandParser enable() {
    return (tag, t) -> {
      List<String> capabilities = new ArrayList<>();
      do {
        t.sp();
        capabilities.add(t.atom().toUpperCase(Locale.ROOT));
        if (capabilities.size() > MAX_ENABLE) {
          throw new ParseException("Too many capabilities");
        }
      } while (!t.atEnd());
      return new ImapCommand.Enable(tag, capabilities);
    };
  }

  /** {@code GETQUOTA SP quota-root-name}. */
  static CommandParser getQuota() {
    return (tag, t) -> {
      t.sp();
      String root = t.astring();
      t.end();
      return new ImapCommand.GetQuota(tag, root);
    };
  }

  /** {@code GETQUOTAROOT SP mailbox}. */
  static CommandParser getQuotaRoot() {
    return (tag, t) -> {
      t.sp();
      String mailbox = t.mailbox();
      t.end();
      return new ImapCommand.GetQuotaRoot(tag, mailbox);
    };
  }

  /** {@code SETQUOTA SP quota-root-name SP "(" [resource SP number *(SP ...)] ")"}. */
  static CommandParser setQuota() {
    return (tag, t) -> {
      t.sp();
      String root = t.astring();
      t.sp();
      t.expect('(', "Expected a list of resource limits");
      int n = 0;
      while (t.peek() != ')') {
        if (n++ > 0) {
          t.sp();
        }
        t.atom();
        t.sp();
        t.number();
        if (n > MAX_ENABLE) {
          throw new ParseException("Too many resources");
        }
      }
      t.expect(')', "Expected )");
      t.end();
      return new ImapCommand.SetQuota(tag, root);
    };
  }

  private static int bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8).length;
  }
}
