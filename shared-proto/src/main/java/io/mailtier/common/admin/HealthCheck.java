package io.mailtier.common.admin;

/** A readiness condition of a service: ready only when every dependency it names is usable. */
@FunctionalInterface
public interface HealthCheck {
  /** Returns null when healthy, else a short reason (e.g. "mailstore node-2 unreachable"). */
  String problem();
}
