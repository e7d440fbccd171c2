package io.mailtier.common.admin;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The admin HTTP endpoint every mailtier service exposes: {@code /health/live}, {@code
 * /health/ready} and Prometheus {@code /metrics}. It runs on its own small thread pool so a busy
 * service still answers its probes.
 */
public final class AdminServer implements AutoCloseable {
  private final PrometheusMeterRegistry registry;
  private final Map<String, HealthCheck> readiness = new ConcurrentHashMap<>();
  private final HttpServer server;
  private final ExecutorService executor;

  private AdminServer(HttpServer server, PrometheusMeterRegistry registry) {
    this.server = server;
    this.registry = registry;
    this.executor =
        Executors.newFixedThreadPool(
            2, Thread.ofPlatform().daemon().name("admin-http-", 0).factory());
    server.setExecutor(executor);
    server.createContext("/health/live", ex -> respond(ex, 200, "text/plain", "live\n"));
    server.createContext("/health/ready", this::ready);
    server.createContext(
        "/metrics",
        ex -> respond(ex, 200, "text/plain; version=0.0.4; charset=utf-8", this.registry.scrape()));
  }

  /** Binds the endpoint (port 0 picks a free port) and starts serving. */
  public static AdminServer start(InetSocketAddress address, PrometheusMeterRegistry registry)
      throws IOException {
    HttpServer server = HttpServer.create(address, 64);
    AdminServer admin = new AdminServer(server, Objects.requireNonNull(registry));
    server.start();
    return admin;
  }

  /**
   * A fresh Prometheus registry for a service, with the JVM's memory pools ({@code
   * jvm_memory_used_bytes{area="heap",...}}; {@code mailtier bench imap --mode idle} reads them).
   */
  public static PrometheusMeterRegistry newRegistry() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new JvmMemoryMetrics().bindTo(registry);
    return registry;
  }

  /** Adds a readiness condition; {@code /health/ready} answers 503 while any of them fails. */
  public void addReadinessCheck(String name, HealthCheck check) {
    readiness.put(name, check);
  }

  public int port() {
    return server.getAddress().getPort();
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  private void ready(HttpExchange ex) throws IOException {
    List<String> problems =
        readiness.entrySet().stream()
            .map(e -> {
              String p;
              try {
                p = e.getValue().problem();
              } catch (RuntimeException failure) {
                p = "check failed: " + failure;
              }
              return p == null ? null : e.getKey() + ": " + p;
            })
            .filter(Objects::nonNull)
            .sorted()
            .toList();
    if (problems.isEmpty()) {
      respond(ex, 200, "text/plain", "ready\n");
    } else {
      respond(ex, 503, "text/plain", String.join("\n", problems) + "\n");
    }
  }

  private static void respond(HttpExchange ex, int status, String type, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", type);
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
