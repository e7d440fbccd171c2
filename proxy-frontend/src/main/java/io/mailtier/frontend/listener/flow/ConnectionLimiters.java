package io.mailtier.frontend.listener.flow;

import java.time.Clock;

/** Chooses the connection limiter from the configuration. */
public final class ConnectionLimiters {
  private ConnectionLimiters() {}

  /**
   * Local counters when Hazelcast is disabled; otherwise starts an embedded member (blocking until
   * it joined) and returns a limiter that shuts the member down on {@link
   * ConnectionLimiter#close()}. Call at start, off the event loop.
   */
  public static ConnectionLimiter create(HazelcastConfig hazelcast, Clock clock) {
    if (hazelcast == null || !hazelcast.enabled()) {
      return new LocalConnectionLimiter(clock);
    }
    return new HazelcastConnectionLimiter(HazelcastMembers.start(hazelcast), clock, true);
  }
}
