package org.storagekit.local;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import org.storagekit.spi.AtomicFiles;

/**
 * The lock of one folder on the local disk, held around every commit into it (the check and rename
 * of a conditional write, a plain rename, a delete), so that compare-and-swap is exact against every
 * StorageKit writer of the folder, in this process or another, whatever storage root it opened.
 * Tools other than StorageKit do not take it.
 *
 * <p>It is an OS file lock on a hidden file in the folder ({@value #NAME}, which listings skip),
 * created for the commit and removed after it, so folders keep no lock files and empty ones can be
 * pruned. A waiter that wakes to find the file removed or replaced (same identity and time before
 * opening it and after locking it, or not) locks the new one. Within this JVM one thread at a time
 * per folder opens the file, since the JVM refuses overlapping locks and POSIX drops a process's
 * locks on a file when any of its channels on it closes.
 */
final class DirectoryLock {
  /** The lock file's name: a temp name, so listings skip it. */
  static final String NAME = AtomicFiles.TEMP_PREFIX + "lock" + AtomicFiles.TEMP_SUFFIX;
  private static final ReentrantLock[] STRIPES = new ReentrantLock[64];

  static {
    for (int i = 0; i < STRIPES.length; i++) {
      STRIPES[i] = new ReentrantLock();
    }
  }

  private DirectoryLock() {}

  /** Work done under the lock. */
  @FunctionalInterface
  interface Action<T> {
    T run() throws IOException;
  }

  /**
   * Runs {@code action} holding the lock of {@code dir}.
   *
   * @throws NoSuchFileException if {@code dir} does not exist
   */
  static <T> T locked(Path dir, Action<T> action) throws IOException {
    Path file = dir.resolve(NAME);
    ReentrantLock stripe = STRIPES[Math.floorMod(dir.hashCode(), STRIPES.length)];
    stripe.lock();
    try {
      while (true) {
        BasicFileAttributes before = attributes(file);
        if (before == null) {
          try {
            Files.createFile(file);
          } catch (FileAlreadyExistsException e) {
            // another process's: lock that one
          }
          continue;
        }
        FileChannel channel;
        try {
          channel = FileChannel.open(file, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
          continue; // removed by its holder since we looked
        }
        try (channel) {
          channel.lock();
          BasicFileAttributes after = attributes(file);
          if (after != null && Objects.equals(before.fileKey(), after.fileKey())
              && before.lastModifiedTime().equals(after.lastModifiedTime())) {
            try {
              return action.run();
            } finally {
              Files.deleteIfExists(file);
            }
          }
        }
      }
    } finally {
      stripe.unlock();
    }
  }

  private static BasicFileAttributes attributes(Path file) throws IOException {
    try {
      return Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException e) {
      return null;
    }
  }
}
