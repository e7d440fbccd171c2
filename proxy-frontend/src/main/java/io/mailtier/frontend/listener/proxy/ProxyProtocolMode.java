package io.mailtier.frontend.listener.proxy;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Whether a listener expects a PROXY protocol header before the client's first byte. */
public enum ProxyProtocolMode {
  /** No header; the socket's peer is the client. */
  @JsonProperty("off")
  OFF,
  /** A v1 (text) header is required; anything else closes the connection. */
  @JsonProperty("v1")
  V1,
  /** A v2 (binary) header is required; anything else closes the connection. */
  @JsonProperty("v2")
  V2,
  /**
   * A v1 or v2 header, or none. Only for listeners whose clients speak first (HTTP): a server that
   * greets first (IMAP, POP3, SMTP) cannot tell "no header" from "header not arrived yet".
   */
  @JsonProperty("optional")
  OPTIONAL
}
