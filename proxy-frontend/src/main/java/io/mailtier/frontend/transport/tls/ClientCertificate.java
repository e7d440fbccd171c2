package io.mailtier.frontend.transport.tls;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Whether the server asks TLS clients for a certificate ({@code requestClientCertificate}). */
public enum ClientCertificate {
  /** Never asked (default). */
  @JsonProperty("none")
  NONE,
  /** Asked; a client without one is still served, one that does not verify is refused. */
  @JsonProperty("request")
  REQUEST,
  /** Required: a client without a certificate that verifies against {@code caFile} is refused. */
  @JsonProperty("require")
  REQUIRE
}
