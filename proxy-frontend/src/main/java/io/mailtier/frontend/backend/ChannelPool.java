package io.mailtier.frontend.backend;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One gRPC channel (one HTTP/2 connection) per back-end node per front-end, created on first use
 * and closed with the front-end. Plaintext in this version; mTLS comes with the TLS material.
 */
public final class ChannelPool implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ChannelPool.class);
  private final NodeDirectory directory;
  private final Map<String, ManagedChannel> channels = new ConcurrentHashMap<>();
  private volatile boolean closed;

  public ChannelPool(NodeDirectory directory) {
    this.directory = directory;
  }

  /** The channel to a back-end, or empty when the back-end's name is unknown. */
  public Optional<ManagedChannel> channel(String backend) {
    if (closed) {
      return Optional.empty();
    }
    return directory
        .target(backend)
        .map(target -> channels.computeIfAbsent(backend, b -> open(b, target)));
  }

  private static ManagedChannel open(String backend, String target) {
    LOG.info("opening gRPC channel to back-end {} at {}", backend, target);
    return NettyChannelBuilder.forTarget(target)
        .usePlaintext()
        .maxInboundMessageSize(8 * 1024 * 1024)
        .keepAliveTime(60, TimeUnit.SECONDS)
        .build();
  }

  @Override
  public void close() {
    closed = true;
    for (ManagedChannel channel : channels.values()) {
      channel.shutdown();
    }
    for (ManagedChannel channel : channels.values()) {
      try {
        if (!channel.awaitTermination(5, TimeUnit.SECONDS)) {
          channel.shutdownNow();
        }
      } catch (InterruptedException e) {
        channel.shutdownNow();
        Thread.currentThread().interrupt();
      }
    }
    channels.clear();
  }
}
