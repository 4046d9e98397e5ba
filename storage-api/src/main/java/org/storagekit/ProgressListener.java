package org.storagekit;

/**
 * Receives progress of a transfer as {@code (transferred, total, name)} [§12].
 *
 * <p>For each name, {@code transferred} never decreases, and the last report of a successful
 * transfer has {@code transferred == total} [§12.2]. {@code total} is {@code -1} while unknown (a
 * stream of unknown length). Reports for different names may arrive concurrently from several
 * threads; reports for one name never overlap. A listener that throws aborts its transfer, which
 * then leaves nothing half-written [§12.3].
 */
@FunctionalInterface
public interface ProgressListener {

  /**
   * Called as bytes move.
   *
   * @param transferred bytes moved so far for {@code name}
   * @param total the file's size, or {@code -1} if not known yet
   * @param name the key being transferred
   */
  void onProgress(long transferred, long total, String name);

  /** A listener that ignores all reports. */
  static ProgressListener none() {
    return NoProgress.INSTANCE;
  }

  /**
   * A ready console progress bar on standard error, built on {@code me.tongfei:progressbar}. One bar
   * sums every file reported to it; the current file name is shown beside it.
   */
  static ProgressListener console() {
    return new ConsoleProgress(System.err);
  }
}
