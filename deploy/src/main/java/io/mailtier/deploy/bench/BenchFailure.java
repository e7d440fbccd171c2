package io.mailtier.deploy.bench;

/**
 * One failed step of a benchmark session. {@link #kind()} is the short, stable label the report
 * counts errors by, e.g. {@code "LOGIN NO"}, {@code "connect refused"}, {@code "timeout"}.
 */
final class BenchFailure extends Exception {
  private final String kind;

  BenchFailure(String kind, String message) {
    super(message);
    this.kind = kind;
  }

  BenchFailure(String kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
  }

  String kind() {
    return kind;
  }
}
