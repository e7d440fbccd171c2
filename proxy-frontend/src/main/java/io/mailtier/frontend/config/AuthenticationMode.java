package io.mailtier.frontend.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Where passwords are checked. */
public enum AuthenticationMode {
  /** At the back-end node, through its Authenticate RPC; the user map only routes. */
  @JsonProperty("backend")
  BACKEND,
  /** At the proxy, by the user map (LDAP password compare or bind). */
  @JsonProperty("proxy")
  PROXY
}
