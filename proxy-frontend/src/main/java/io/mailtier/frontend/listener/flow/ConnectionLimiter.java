package io.mailtier.frontend.listener.flow;

import java.net.InetAddress;
import java.util.concurrent.CompletionStage;

/**
 * Counts open and new connections against {@link Limits}, either in this process ({@link
 * LocalConnectionLimiter}) or across the cluster ({@link HazelcastConnectionLimiter}).
 *
 * <p>The answer is asynchronous because the cluster-wide counters are remote; the local limiter
 * answers with a completed stage. Never block an event loop on it: in Vert.x, turn it into a {@code
 * Future} on the connection's context.
 */
public interface ConnectionLimiter extends AutoCloseable {

  /**
   * Tries to admit one new connection from {@code clientIp} on listener {@code listenerId}: every
   * scope of {@code limits} must have room. Either all counters are taken (and a {@link Permit}
   * returned) or none is.
   *
   * <p>Per scope, in this order: simultaneous connections from the IP, new connections from the IP
   * in the interval (both skipped for trusted networks), simultaneous connections (untrusted
   * clients may not take the {@code reservedForTrusted} last slots), new connections in the
   * interval. Only admitted connections count towards the rates.
   *
   * @param listenerId the listener (its address, e.g. {@code 0.0.0.0:143}); counters are per
   *     listener
   * @param clientIp the original client address (after the PROXY protocol header)
   */
  CompletionStage<Admission> tryAcquire(String listenerId, InetAddress clientIp, Limits limits);

  /** Stops this limiter (and whatever it owns, e.g. its Hazelcast member). */
  @Override
  default void close() {}
}
