package org.storagekit.cli;

/**
 * The exit codes of the {@code storage} command, one per failure class. {@code storage --help} and
 * the module README list them; scripts may rely on them.
 */
final class ExitCodes {
  /** Success. */
  static final int OK = 0;
  /** An unexpected failure (a local I/O error, or a bug: rerun with {@code --debug}). */
  static final int FAILURE = 1;
  /** Bad usage: unknown option, malformed URI, unknown scheme, invalid key or property. */
  static final int USAGE = 2;
  /** The file, prefix, bucket or local path does not exist. */
  static final int NOT_FOUND = 3;
  /** The credentials were refused or lack a permission. */
  static final int ACCESS_DENIED = 4;
  /** A transient or network failure: retrying later may succeed. */
  static final int TRANSIENT = 5;
  /** Another storage error: an integrity check, an unsafe key of a single-file get. */
  static final int STORAGE = 6;
  /**
   * Some files of a multi-file command failed or were refused (a folder {@code get} with unsafe
   * keys): the others were transferred.
   */
  static final int PARTIAL = 7;
  /** The backend lacks the capability the command needs (see {@code storage providers}). */
  static final int UNSUPPORTED = 8;
  /** A confirmation was declined or could not be asked; nothing was changed. */
  static final int ABORTED = 9;
  /** A precondition failed: the file exists ({@code --if-not-exists}) or changed; nothing was written. */
  static final int PRECONDITION = 10;
  /** {@code check} found missing, extra or differing files (and nothing failed). */
  static final int DIFFERENCES = 11;
  /** {@code sync --delete} would delete more than {@code --max-delete} files: it deleted none. */
  static final int MAX_DELETE = 12;

  private ExitCodes() {}
}
