package org.storagekit.spi;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes a local file so that it appears whole or not at all [§3.4]: the content goes to a temp file
 * in the same folder, which is renamed over the target only when the writer succeeded. On failure
 * the temp file is deleted and an existing target is left untouched.
 */
public final class AtomicFiles {
  /** Prefix of temp files; listings of local folders skip them. */
  public static final String TEMP_PREFIX = ".storagekit-";
  /** Suffix of temp files. */
  public static final String TEMP_SUFFIX = ".part";

  private AtomicFiles() {}

  /** Writes content into a file. */
  @FunctionalInterface
  public interface Writer {
    /** Writes the whole content into {@code temp}, which exists and is empty. */
    void write(Path temp) throws IOException;
  }

  /**
   * Runs {@code writer} on a fresh temp file beside {@code target}, then atomically renames it over
   * {@code target}. Parent folders are created as needed.
   *
   * @throws IOException from the writer or the file system; the target is then unchanged
   */
  public static void write(Path target, Writer writer) throws IOException {
    write(target, writer, AtomicFiles::move);
  }

  /** Puts a written temp file in place of its target. */
  @FunctionalInterface
  public interface Commit {
    /**
     * Makes {@code temp}'s content appear at {@code target} atomically, or throws and leaves the
     * target unchanged; a commit that does not rename {@code temp} deletes it.
     */
    void commit(Path temp, Path target) throws IOException;
  }

  /**
   * As {@link #write(Path, Writer)}, committing with {@code commit} instead of a rename (for a
   * create-only link, or a rename under a lock). The temp file is deleted if the writer or the
   * commit fails.
   */
  public static void write(Path target, Writer writer, Commit commit) throws IOException {
    Path temp = createTemp(target);
    boolean done = false;
    try {
      writer.write(temp);
      commit.commit(temp, target);
      done = true;
    } finally {
      if (!done) {
        Files.deleteIfExists(temp);
      }
    }
  }

  /** Whether a file name is one of our temp files. */
  public static boolean isTempName(String fileName) {
    return fileName.startsWith(TEMP_PREFIX) && fileName.endsWith(TEMP_SUFFIX);
  }

  private static Path createTemp(Path target) throws IOException {
    Path parent = target.toAbsolutePath().getParent();
    String name = target.getFileName().toString();
    if (name.length() > 100) {
      name = name.substring(0, 100);
    }
    // A concurrent delete may prune the empty parent between creating it and the temp file.
    for (int attempt = 0; ; attempt++) {
      Files.createDirectories(parent);
      Path temp = parent.resolve(TEMP_PREFIX + name + "."
          + Long.toHexString(ThreadLocalRandom.current().nextLong()) + TEMP_SUFFIX);
      try {
        return Files.createFile(temp);
      } catch (NoSuchFileException e) {
        if (attempt >= 3) {
          throw e;
        }
      }
    }
  }

  /** Renames {@code temp} over {@code target} atomically, replacing it. */
  public static void move(Path temp, Path target) throws IOException {
    try {
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      throw new IOException("the file system cannot rename atomically over " + target, e);
    }
  }
}
