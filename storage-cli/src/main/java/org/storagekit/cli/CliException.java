package org.storagekit.cli;

/**
 * A failure the command reports itself: a message for a human (naming the URI and what to do) and
 * an {@link ExitCodes exit code}. Printed without a stack trace unless {@code --debug}.
 */
final class CliException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int exitCode;

  CliException(int exitCode, String message) {
    super(message);
    this.exitCode = exitCode;
  }

  CliException(int exitCode, String message, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
  }

  int exitCode() {
    return exitCode;
  }
}
