package io.mailtier.frontend.listener.rules;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What a rule does with a connection it matches. */
public enum Action {
  /** Accept, subject to the rule's flow control and then the listener's. */
  @JsonProperty("allow")
  ALLOW,
  /** Close the connection at once, sending nothing. */
  @JsonProperty("deny")
  DENY
}
