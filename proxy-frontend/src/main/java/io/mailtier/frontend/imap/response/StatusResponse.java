package io.mailtier.frontend.imap.response;

import java.util.Objects;

/**
 * A status response: {@code tag OK [CODE data] text}, or untagged ({@code * BYE ...}) when the tag
 * is null.
 *
 * @param tag the command's tag, or null for an untagged response
 * @param type OK, NO, BAD, PREAUTH or BYE
 * @param code the response code, or null
 * @param codeData the code's arguments (e.g. {@code 3857529045 2} for APPENDUID), or null
 * @param text the human-readable text
 */
public record StatusResponse(String tag, Type type, ResponseCode code, String codeData, String text)
    implements ImapResponse {

  /** The kinds of status response. */
  public enum Type {
    OK,
    NO,
    BAD,
    PREAUTH,
    BYE
  }

  public StatusResponse {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(text, "text");
  }

  public StatusResponse(String tag, Type type, ResponseCode code, String text) {
    this(tag, type, code, null, text);
  }

  public static StatusResponse ok(String tag, String text) {
    return new StatusResponse(tag, Type.OK, null, null, text);
  }

  public static StatusResponse ok(String tag, ResponseCode code, String data, String text) {
    return new StatusResponse(tag, Type.OK, code, data, text);
  }

  public static StatusResponse no(String tag, ResponseCode code, String text) {
    return new StatusResponse(tag, Type.NO, code, null, text);
  }

  public static StatusResponse bad(String tag, String text) {
    return new StatusResponse(tag, Type.BAD, null, null, text);
  }

  public static StatusResponse bye(String text) {
    return new StatusResponse(null, Type.BYE, null, null, text);
  }

  /** An untagged {@code * OK [CODE data] text}. */
  public static StatusResponse untaggedOk(ResponseCode code, String data, String text) {
    return new StatusResponse(null, Type.OK, code, data, text);
  }

  public boolean isTagged() {
    return tag != null;
  }
}
