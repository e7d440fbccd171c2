package io.mailtier.mailstore;

import io.grpc.ForwardingServerCall;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import io.mailtier.common.admin.AdminServer;
import io.mailtier.mailstore.auth.PasswordHasher;
import io.mailtier.mailstore.grpc.MailStoreService;
import io.mailtier.mailstore.grpc.OriginInterceptor;
import io.mailtier.mailstore.storage.SqliteMailStorage;
import io.mailtier.proto.mailstore.v1.MailStoreGrpc;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running mailstore node: the storage, the MailStore gRPC service (with the standard health
 * service) and, when configured, the admin HTTP endpoint.
 */
public final class MailstoreNode implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(MailstoreNode.class);

  /** The largest gRPC message accepted: a 1 MiB chunk plus framing. */
  static final int MAX_INBOUND_MESSAGE_BYTES = 1024 * 1024 + 64 * 1024;

  private final MailstoreConfig config;
  private final SqliteMailStorage storage;
  private final Server server;
  private final ExecutorService executor;
  private final HealthStatusManager health;
  private final AdminServer admin;
  private boolean closed;

  private MailstoreNode(
      MailstoreConfig config,
      SqliteMailStorage storage,
      Server server,
      ExecutorService executor,
      HealthStatusManager health,
      AdminServer admin) {
    this.config = config;
    this.storage = storage;
    this.server = server;
    this.executor = executor;
    this.health = health;
    this.admin = admin;
  }

  /** Opens the storage and starts serving; returns once the gRPC port is bound. */
  public static MailstoreNode start(MailstoreConfig config) throws IOException {
    SqliteMailStorage storage = SqliteMailStorage.open(config.dataDir());
    PrometheusMeterRegistry registry = AdminServer.newRegistry();
    AdminServer admin = null;
    ExecutorService executor = null;
    try {
      if (config.adminAddress() != null) {
        admin = AdminServer.start(address(config.adminAddress(), "adminAddress"), registry);
        admin.addReadinessCheck("storage", () -> storage.isOpen() ? null : "the storage is closed");
      }
      executor =
          Executors.newFixedThreadPool(
              config.grpcThreads(),
              Thread.ofPlatform().name("mailstore-grpc-", 0).daemon().factory());
      HealthStatusManager health = new HealthStatusManager();
      MailStoreService service =
          new MailStoreService(storage, new PasswordHasher(), config.maxMessageBytes(), registry);
      Server server =
          NettyServerBuilder.forAddress(address(config.grpcAddress(), "grpcAddress"))
              .executor(executor)
              .maxInboundMessageSize(MAX_INBOUND_MESSAGE_BYTES)
              // Front-ends hold a Watch stream open for good and ping every 60 s while it is:
              // accept that instead of closing the connection for "too many pings" (ADR 0050).
              .permitKeepAliveTime(30, TimeUnit.SECONDS)
              .addService(
                  ServerInterceptors.intercept(
                      service, new LatencyInterceptor(registry), new OriginInterceptor()))
              .addService(health.getHealthService())
              .build()
              .start();
      health.setStatus("", ServingStatus.SERVING);
      health.setStatus(MailStoreGrpc.SERVICE_NAME, ServingStatus.SERVING);
      MailstoreNode node = new MailstoreNode(config, storage, server, executor, health, admin);
      log.info(
          "mailstore {} serving gRPC on port {} (data in {})",
          config.nodeName(),
          node.grpcPort(),
          config.dataDir());
      return node;
    } catch (IOException | RuntimeException e) {
      if (admin != null) {
        admin.close();
      }
      if (executor != null) {
        executor.shutdownNow();
      }
      storage.close();
      throw e;
    }
  }

  public int grpcPort() {
    return server.getPort();
  }

  public int adminPort() {
    return admin == null ? -1 : admin.port();
  }

  public String nodeName() {
    return config.nodeName();
  }

  /** Stops accepting calls, lets running ones finish (up to 10 s), then closes the storage. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    health.enterTerminalState();
    server.shutdown();
    try {
      if (!server.awaitTermination(10, TimeUnit.SECONDS)) {
        server.shutdownNow();
        server.awaitTermination(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      server.shutdownNow();
      Thread.currentThread().interrupt();
    }
    executor.shutdown();
    try {
      if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
        executor.shutdownNow();
      }
    } catch (InterruptedException e) {
      executor.shutdownNow();
      Thread.currentThread().interrupt();
    }
    if (admin != null) {
      admin.close();
    }
    storage.close();
    log.info("mailstore {} stopped", config.nodeName());
  }

  private static InetSocketAddress address(String hostPort, String key) {
    MailstoreConfig.HostPort hp = MailstoreConfig.HostPort.parse(hostPort, key);
    return new InetSocketAddress(hp.host(), hp.port());
  }

  /** Records the latency of every call, by method and status code. */
  private static final class LatencyInterceptor implements ServerInterceptor {
    private final io.micrometer.core.instrument.MeterRegistry registry;

    LatencyInterceptor(io.micrometer.core.instrument.MeterRegistry registry) {
      this.registry = registry;
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(
        ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
      long start = System.nanoTime();
      String method = call.getMethodDescriptor().getBareMethodName();
      return next.startCall(
          new ForwardingServerCall.SimpleForwardingServerCall<>(call) {
            @Override
            public void close(Status status, Metadata trailers) {
              Timer.builder("mailstore.rpc")
                  .description("Latency of MailStore calls")
                  .tag("method", method == null ? "unknown" : method)
                  .tag("code", status.getCode().name())
                  .register(registry)
                  .record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
              super.close(status, trailers);
            }
          },
          headers);
    }
  }
}
