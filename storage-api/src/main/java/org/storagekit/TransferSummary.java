package org.storagekit;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What a multi-file transfer did.
 *
 * @param files number of files transferred
 * @param bytes total bytes transferred
 * @param skipped local paths that were deliberately not transferred (symbolic links, special
 *     files), in walk order [§6.3]
 */
public record TransferSummary(long files, long bytes, List<Path> skipped) {
  /** Validates and copies {@code skipped}. */
  public TransferSummary {
    if (files < 0 || bytes < 0) {
      throw new IllegalArgumentException("files and bytes must be >= 0: " + files + ", " + bytes);
    }
    skipped = List.copyOf(Objects.requireNonNull(skipped, "skipped"));
  }
}
