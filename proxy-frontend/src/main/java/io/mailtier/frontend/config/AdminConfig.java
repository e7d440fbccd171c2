package io.mailtier.frontend.config;

import io.mailtier.frontend.listener.HostPort;

/**
 * The admin HTTP endpoint ({@code admin:} in the YAML): health and Prometheus metrics.
 *
 * @param address {@code host:port}; null = no admin endpoint
 */
public record AdminConfig(String address) {
  public AdminConfig {
    if (address != null) {
      HostPort.parse(address);
    }
  }
}
