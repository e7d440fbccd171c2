package io.mailtier.mailstore;

import io.mailtier.common.config.YamlConfigLoader;
import java.nio.file.Path;

/**
 * The configuration of one mailstore node, read from YAML (keys = the component names).
 *
 * @param nodeName the node's name (its {@code mailHost} value); required
 * @param grpcAddress where the MailStore gRPC service listens, {@code host:port} (port 0 = any)
 * @param dataDir the directory holding the node's database and message files; required
 * @param adminAddress where /health and /metrics listen, {@code host:port}; null or empty = none
 * @param maxMessageBytes the largest message accepted; {@value #DEFAULT_MAX_MESSAGE_BYTES} when not
 *     positive
 * @param grpcThreads the size of the gRPC worker pool; max(4, 2 × cores) when not positive
 */
public record MailstoreConfig(
    String nodeName,
    String grpcAddress,
    Path dataDir,
    String adminAddress,
    long maxMessageBytes,
    int grpcThreads) {
  /** 50 MiB. */
  public static final long DEFAULT_MAX_MESSAGE_BYTES = 50L * 1024 * 1024;

  /** The most threads a node's gRPC pool may have. */
  public static final int MAX_GRPC_THREADS = 512;

  public MailstoreConfig {
    if (nodeName == null || nodeName.isBlank()) {
      throw new IllegalArgumentException("nodeName: is required");
    }
    if (grpcAddress == null || grpcAddress.isBlank()) {
      throw new IllegalArgumentException("grpcAddress: is required (host:port)");
    }
    HostPort.parse(grpcAddress, "grpcAddress");
    if (dataDir == null || dataDir.toString().isBlank()) {
      throw new IllegalArgumentException("dataDir: is required");
    }
    if (adminAddress != null && adminAddress.isBlank()) {
      adminAddress = null;
    }
    if (adminAddress != null) {
      HostPort.parse(adminAddress, "adminAddress");
    }
    if (maxMessageBytes <= 0) {
      maxMessageBytes = DEFAULT_MAX_MESSAGE_BYTES;
    }
    if (grpcThreads <= 0) {
      grpcThreads = Math.max(4, 2 * Runtime.getRuntime().availableProcessors());
    }
    if (grpcThreads > MAX_GRPC_THREADS) {
      throw new IllegalArgumentException(
          "grpcThreads: " + grpcThreads + " is more than " + MAX_GRPC_THREADS);
    }
  }

  /**
   * Loads and validates a YAML file.
   *
   * @throws io.mailtier.common.config.ConfigException naming the file, key and problem
   */
  public static MailstoreConfig load(Path yamlFile) {
    return new YamlConfigLoader().load(yamlFile, MailstoreConfig.class);
  }

  /** A {@code host:port} pair. */
  record HostPort(String host, int port) {
    static HostPort parse(String text, String key) {
      int colon = text.lastIndexOf(':');
      if (colon <= 0 || colon == text.length() - 1) {
        throw new IllegalArgumentException(key + ": '" + text + "' is not host:port");
      }
      String host = text.substring(0, colon);
      if (host.startsWith("[") && host.endsWith("]")) {
        host = host.substring(1, host.length() - 1);
      }
      int port;
      try {
        port = Integer.parseInt(text.substring(colon + 1));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(key + ": '" + text + "' has no numeric port");
      }
      if (port < 0 || port > 65535 || host.isBlank()) {
        throw new IllegalArgumentException(
            key + ": '" + text + "' is not host:port (port 0..65535)");
      }
      return new HostPort(host, port);
    }
  }
}
