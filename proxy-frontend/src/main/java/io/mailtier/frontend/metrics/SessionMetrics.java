package io.mailtier.frontend.metrics;

/** The session gauge and counter of one protocol, as the shared transport reports them. */
public interface SessionMetrics {
  void sessionOpened();

  void sessionClosed();
}
