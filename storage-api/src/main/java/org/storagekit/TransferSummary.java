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
 * @param refused stored keys that were refused because they are unsafe as local paths, in printable
 *     form (control characters escaped), in the order they were refused; nothing was written for
 *     them [§4.2]
 */
public record TransferSummary(long files, long bytes, List<Path> skipped, List<String> refused) {
  /** Validates and copies {@code skipped} and {@code refused}. */
  public TransferSummary {
    if (files < 0 || bytes < 0) {
      throw new IllegalArgumentException("files and bytes must be >= 0: " + files + ", " + bytes);
    }
    skipped = List.copyOf(Objects.requireNonNull(skipped, "skipped"));
    refused = List.copyOf(Objects.requireNonNull(refused, "refused"));
  }

  /** A summary that refused no key. */
  public TransferSummary(long files, long bytes, List<Path> skipped) {
    this(files, bytes, skipped, List.of());
  }
}
