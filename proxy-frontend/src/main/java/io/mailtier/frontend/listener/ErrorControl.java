package io.mailtier.frontend.listener;

/**
 * Per-session error limits of a listener ({@code errorControl:} in YAML): when a session reaches
 * one, the protocol sends its final reply and closes the connection. 0 or absent means the default;
 * a negative number is an error.
 *
 * @param maxBadCommands unknown or malformed commands in one session; default {@value
 *     #DEFAULT_MAX_BAD_COMMANDS}
 * @param maxAuthFailures failed authentications in one session; default {@value
 *     #DEFAULT_MAX_AUTH_FAILURES}
 */
public record ErrorControl(int maxBadCommands, int maxAuthFailures) {
  public static final int DEFAULT_MAX_BAD_COMMANDS = 10;
  public static final int DEFAULT_MAX_AUTH_FAILURES = 3;
  public static final ErrorControl DEFAULT = new ErrorControl(0, 0);

  public ErrorControl {
    if (maxBadCommands < 0) {
      throw new IllegalArgumentException(
          "maxBadCommands must be a positive number (0 = default "
              + DEFAULT_MAX_BAD_COMMANDS
              + "), was "
              + maxBadCommands);
    }
    if (maxAuthFailures < 0) {
      throw new IllegalArgumentException(
          "maxAuthFailures must be a positive number (0 = default "
              + DEFAULT_MAX_AUTH_FAILURES
              + "), was "
              + maxAuthFailures);
    }
    maxBadCommands = maxBadCommands == 0 ? DEFAULT_MAX_BAD_COMMANDS : maxBadCommands;
    maxAuthFailures = maxAuthFailures == 0 ? DEFAULT_MAX_AUTH_FAILURES : maxAuthFailures;
  }
}
