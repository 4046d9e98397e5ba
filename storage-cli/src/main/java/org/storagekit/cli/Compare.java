package org.storagekit.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.storagekit.Checksum;
import org.storagekit.StorageFile;
import picocli.CommandLine.Option;

/**
 * How {@code sync} and {@code check} decide whether a destination file matches its source: the one
 * place both read (a picocli mixin, so the flags are the same on both commands).
 *
 * <p>Default: the sizes match and, where both listings carry a typed checksum of one algorithm
 * (CRC32C, CRC-64/NVME, MD5, SHA-256), those are equal; where one side is on the local disk and the
 * other's listing carries a checksum, the local file is hashed in that algorithm; otherwise the
 * destination's copy is not older than the source's, to the second. ETags are never read as
 * checksums, whatever their shape.
 */
final class Compare {
  /** What to do with one key present on both sides. */
  enum Verdict {
    /** The destination matches the source. */
    SAME,
    /** The destination differs: sync copies, check reports it. */
    DIFFERENT,
    /** Left alone: the destination's copy is newer ({@code --update}). */
    NEWER_ON_DESTINATION,
    /** Left alone: the destination has the key ({@code --ignore-existing}). */
    EXISTING
  }

  @Option(names = "--checksum", description = "Compare by size and checksum only, never by time: a listed checksum "
      + "of one algorithm on both sides, else a local file hashed in the other side's algorithm (CRC32C when both "
      + "are local); size only when neither side can give one.")
  boolean checksum;

  @Option(names = "--size-only", description = "Compare by size only.")
  boolean sizeOnly;

  @Option(names = "--update", description = "Leave a file alone when the destination's copy is newer (to the second).")
  boolean update;

  @Option(names = "--ignore-existing", description = "Leave every file the destination has alone; compare nothing.")
  boolean ignoreExisting;

  /** Fails with a usage error on flags that cannot go together. */
  void validate() {
    if (checksum && sizeOnly) {
      throw new CliException(ExitCodes.USAGE, "--checksum and --size-only exclude each other; pass one");
    }
  }

  /** The verdict on a key both sides have; a local side is given as its file, else {@code null}. */
  Verdict verdict(StorageFile s, StorageFile d, Path sourceFile, Path targetFile) {
    if (ignoreExisting) {
      return Verdict.EXISTING;
    }
    if (update && seconds(d).isAfter(seconds(s))) {
      return Verdict.NEWER_ON_DESTINATION;
    }
    boolean same;
    if (sizeOnly) {
      same = s.size() == d.size();
    } else if (checksum) {
      same = s.size() == d.size() && byChecksum(s, d, sourceFile, targetFile)
          .orElseGet(() -> sourceFile != null && targetFile != null
              ? checksum(Checksum.Algorithm.CRC32C, sourceFile).equals(checksum(Checksum.Algorithm.CRC32C, targetFile))
              : true);
    } else {
      same = same(s, d, sourceFile, targetFile);
    }
    return same ? Verdict.SAME : Verdict.DIFFERENT;
  }

  /** The algorithms to compare by, cheapest first. */
  private static final List<Checksum.Algorithm> ALGORITHMS = List.of(Checksum.Algorithm.CRC32C,
      Checksum.Algorithm.CRC64NVME, Checksum.Algorithm.MD5, Checksum.Algorithm.SHA256);

  /** The default comparison (see the class comment). */
  static boolean same(StorageFile s, StorageFile d, Path sourceFile, Path targetFile) {
    if (s.size() != d.size()) {
      return false;
    }
    // to the second: some backends report whole seconds
    return byChecksum(s, d, sourceFile, targetFile).orElseGet(() -> !seconds(d).isBefore(seconds(s)));
  }

  /** Whether the checksums agree, if the two sides can give checksums of one algorithm. */
  private static Optional<Boolean> byChecksum(StorageFile s, StorageFile d, Path sourceFile, Path targetFile) {
    for (Checksum.Algorithm a : ALGORITHMS) {
      if (s.checksum(a).isPresent() && d.checksum(a).isPresent()) {
        return Optional.of(s.checksum(a).equals(d.checksum(a)));
      }
    }
    for (Checksum.Algorithm a : ALGORITHMS) {
      if (d.checksum(a).isPresent() && sourceFile != null) {
        return Optional.of(d.checksum(a).get().equals(checksum(a, sourceFile)));
      }
      if (s.checksum(a).isPresent() && targetFile != null) {
        return Optional.of(s.checksum(a).get().equals(checksum(a, targetFile)));
      }
    }
    return Optional.empty();
  }

  private static java.time.Instant seconds(StorageFile f) {
    return f.lastModified().truncatedTo(ChronoUnit.SECONDS);
  }

  private static Checksum checksum(Checksum.Algorithm algorithm, Path file) {
    try {
      return Checksum.of(algorithm, file, 0, -1);
    } catch (IOException e) {
      throw new UncheckedIOException(file + ": cannot read to compare checksums", e);
    }
  }
}
