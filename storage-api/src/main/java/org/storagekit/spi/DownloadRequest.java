package org.storagekit.spi;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import org.storagekit.Checksum;
import org.storagekit.StorageFile;

/**
 * A download of one object into a temp file, as the engine asks a {@link StorageBackend} for it. The
 * engine creates the temp file, checks the size afterwards and renames the file into place; the
 * backend fills it and verifies what it can: {@link #expected()} (from
 * {@link StorageBackend#expectedChecksum}) or, where it knows better (composite multipart checksums),
 * its own expectation, failing through {@link #context()}.
 */
public final class DownloadRequest {
  private final StorageContext context;
  private final String name;
  private final StorageFile file;
  private final Path temp;
  private final TransferProgress progress;
  private final Checksum expected;
  private final Failures failures;

  DownloadRequest(StorageContext context, String name, StorageFile file, Path temp, TransferProgress progress,
      Checksum expected) {
    this(context, name, file, temp, progress, expected, null);
  }

  DownloadRequest(StorageContext context, String name, StorageFile file, Path temp, TransferProgress progress,
      Checksum expected, Failures failures) {
    this.failures = failures;
    this.context = Objects.requireNonNull(context, "context");
    this.name = Objects.requireNonNull(name, "name");
    this.file = Objects.requireNonNull(file, "file");
    this.temp = Objects.requireNonNull(temp, "temp");
    this.progress = Objects.requireNonNull(progress, "progress");
    this.expected = expected;
  }

  /** The storage context, for integrity failures. */
  public StorageContext context() {
    return context;
  }

  /** Full object name. */
  public String name() {
    return name;
  }

  /** What the listing or stat said of the object (key is the full name); the bytes must match it. */
  public StorageFile file() {
    return file;
  }

  /** The existing, empty temp file to fill. */
  public Path temp() {
    return temp;
  }

  /** Where to count the bytes received. */
  public TransferProgress progress() {
    return progress;
  }

  /** Whether the caller wants checksums verified ({@link org.storagekit.StorageOptions#verifyChecksums()}). */
  public boolean verifyChecksums() {
    return context.options().verifyChecksums();
  }

  /** The checksum the bytes must have, where the backend vouches for one and verification is on. */
  public Optional<Checksum> expected() {
    return Optional.ofNullable(expected);
  }

  /**
   * Whether a failure while receiving the bytes is transient, as the engine would translate it
   * (the backend's hook, then the defaults); without an engine (unit tests) by the defaults alone:
   * an {@link java.io.IOException} other than a local file's or an interrupt.
   */
  boolean isTransient(Throwable error) {
    if (failures != null) {
      return failures.isTransient(error, context.keyOf(name));
    }
    Throwable cause = error instanceof java.io.UncheckedIOException && error.getCause() != null
        ? error.getCause() : error;
    return cause instanceof java.io.IOException && !(cause instanceof java.nio.file.FileSystemException)
        && (!(cause instanceof java.io.InterruptedIOException) || cause instanceof java.net.SocketTimeoutException)
        && SourceStream.find(error) == null;
  }

  /**
   * Checks the received bytes' checksum against {@link #expected()}.
   *
   * @throws org.storagekit.IntegrityException if they differ
   */
  public void verify(Checksum actual) {
    if (expected != null) {
      context.verify(name, expected, actual);
    }
  }
}
