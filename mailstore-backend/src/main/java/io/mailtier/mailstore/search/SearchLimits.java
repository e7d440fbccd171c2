package io.mailtier.mailstore.search;

import java.util.function.BooleanSupplier;

/**
 * The bounds of one search: how many message bytes the text criteria may read, and a test that says
 * the caller has gone (gRPC deadline passed or call cancelled).
 *
 * @param maxBytesScanned the most content bytes to read, &gt; 0
 * @param cancelled true once the search should stop
 */
public record SearchLimits(long maxBytesScanned, BooleanSupplier cancelled) {
  /** The node's limit when neither the configuration nor the caller says otherwise: 256 MiB. */
  public static final long DEFAULT_MAX_BYTES_SCANNED = 256L * 1024 * 1024;

  public SearchLimits {
    if (maxBytesScanned <= 0) {
      throw new IllegalArgumentException("maxBytesScanned must be positive");
    }
    if (cancelled == null) {
      cancelled = () -> false;
    }
  }

  /** The default budget, never cancelled. */
  public static SearchLimits unbounded() {
    return new SearchLimits(DEFAULT_MAX_BYTES_SCANNED, () -> false);
  }
}
