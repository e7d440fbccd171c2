package io.mailtier.frontend.imap.response;

/** The response codes (RFC 9051 7.1, RFC 4315, RFC 5530) this server sends in status responses. */
public enum ResponseCode {
  ALERT("ALERT"),
  AUTHENTICATIONFAILED("AUTHENTICATIONFAILED"),
  AUTHORIZATIONFAILED("AUTHORIZATIONFAILED"),
  UNAVAILABLE("UNAVAILABLE"),
  TOOBIG("TOOBIG"),
  OVERQUOTA("OVERQUOTA"),
  LIMIT("LIMIT"),
  NONEXISTENT("NONEXISTENT"),
  ALREADYEXISTS("ALREADYEXISTS"),
  TRYCREATE("TRYCREATE"),
  READ_ONLY("READ-ONLY"),
  READ_WRITE("READ-WRITE"),
  UIDVALIDITY("UIDVALIDITY"),
  UIDNEXT("UIDNEXT"),
  UNSEEN("UNSEEN"),
  PERMANENTFLAGS("PERMANENTFLAGS"),
  CAPABILITY("CAPABILITY"),
  APPENDUID("APPENDUID"),
  COPYUID("COPYUID"),
  CLIENTBUG("CLIENTBUG"),
  CANNOT("CANNOT"),
  NOPERM("NOPERM"),
  SERVERBUG("SERVERBUG"),
  INUSE("INUSE"),
  PARSE("PARSE"),
  PRIVACYREQUIRED("PRIVACYREQUIRED"),
  CLOSED("CLOSED"),
  /** RFC 3516: the part's content-transfer-encoding cannot be decoded for BINARY. */
  UNKNOWN_CTE("UNKNOWN-CTE"),
  BADCHARSET("BADCHARSET");

  private final String wire;

  ResponseCode(String wire) {
    this.wire = wire;
  }

  /** The spelling on the wire, e.g. {@code READ-WRITE}. */
  public String wire() {
    return wire;
  }
}
