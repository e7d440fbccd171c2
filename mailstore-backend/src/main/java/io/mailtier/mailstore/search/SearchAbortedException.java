package io.mailtier.mailstore.search;

/** A search stopped before it finished: over its byte budget, or its caller went away. */
public final class SearchAbortedException extends RuntimeException {
  /** Why the search stopped. */
  public enum Kind {
    /** The text criteria would read more bytes than the limit allows. */
    BUDGET_EXCEEDED,
    /** The caller cancelled or its deadline passed. */
    CANCELLED
  }

  private final Kind kind;

  public SearchAbortedException(Kind kind, String message) {
    super(message, null, false, false);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }
}
