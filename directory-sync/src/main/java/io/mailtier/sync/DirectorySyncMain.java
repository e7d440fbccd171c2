package io.mailtier.sync;

import java.io.PrintStream;

/**
 * Entry point of directory-sync. The service is not built yet (see this module's README for what it
 * will be); this main says so and exits with status 69 (EX_UNAVAILABLE) instead of pretending to
 * run.
 */
public final class DirectorySyncMain {
  /** The exit status used while the service does not exist yet. */
  public static final int EX_UNAVAILABLE = 69;

  private DirectorySyncMain() {}

  public static void main(String[] args) {
    System.exit(run(System.err));
  }

  static int run(PrintStream err) {
    err.println(
        "directory-sync: not implemented yet in this version of mailtier; see directory-sync/README.md for what it"
            + " will do.");
    return EX_UNAVAILABLE;
  }
}
