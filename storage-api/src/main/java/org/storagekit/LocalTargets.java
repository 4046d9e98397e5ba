package org.storagekit;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import org.storagekit.spi.Keys;

/**
 * Maps stored keys to local paths inside a target folder, refusing any key that would land outside
 * it [§4.2]: {@code ../x}, {@code a/../../x}, {@code /etc/x}, {@code C:\x}, and paths that pass
 * through a symbolic link. {@link Storage#getAllFiles} uses it; so can an application that
 * downloads, key by key, what it listed from a storage another tool filled.
 */
public final class LocalTargets {
  private LocalTargets() {}

  /**
   * The path inside {@code realDirectory} where {@code key} belongs.
   *
   * @param realDirectory an existing directory, as returned by {@link Path#toRealPath}
   * @throws UnsafeKeyException naming the key if it is not a safe relative path
   */
  public static Path resolveInside(URI storage, Path realDirectory, String key) {
    String problem = Keys.problem(key);
    if (problem != null) {
      throw new UnsafeKeyException(storage, Keys.printable(key),
          "refusing to write a stored key that is unsafe as a local path (" + problem
              + "); nothing was written for it");
    }
    Path target = realDirectory.resolve(key).normalize();
    if (!target.startsWith(realDirectory) || target.equals(realDirectory)) {
      throw new UnsafeKeyException(storage, key, "resolves outside " + realDirectory);
    }
    return target;
  }

  /**
   * Creates the folders between {@code realDirectory} and {@code target}, refusing to pass through a
   * symbolic link or a non-directory, so nothing is created or written outside.
   *
   * @throws UnsafeKeyException if a parent is a symbolic link
   * @throws IOException if a folder cannot be created
   */
  public static void createParents(URI storage, String key, Path realDirectory, Path target)
      throws IOException {
    Path relative = realDirectory.relativize(target.getParent() == null ? realDirectory : target.getParent());
    Path current = realDirectory;
    for (Path segment : relative) {
      if (segment.toString().isEmpty()) {
        continue;
      }
      current = current.resolve(segment);
      if (Files.isSymbolicLink(current)) {
        throw new UnsafeKeyException(storage, key,
            "refusing to write through the symbolic link " + current);
      }
      if (!Files.isDirectory(current, LinkOption.NOFOLLOW_LINKS)) {
        try {
          Files.createDirectory(current);
        } catch (java.nio.file.FileAlreadyExistsException e) {
          if (!Files.isDirectory(current, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException("not a directory: " + current, e);
          }
        }
      }
    }
  }
}
