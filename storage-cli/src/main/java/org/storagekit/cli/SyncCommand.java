package org.storagekit.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.storagekit.Capability;
import org.storagekit.Checksum;
import org.storagekit.FlushException;
import org.storagekit.ProgressListener;
import org.storagekit.Storage;
import org.storagekit.StorageFile;
import org.storagekit.LocalTargets;
import org.storagekit.WriteOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code storage sync SRC DST}: makes the folder DST hold every file of the folder SRC, one way.
 *
 * <p>A file is copied when DST lacks it or when it differs. It is the same when the sizes match
 * and: both listings carry a typed checksum of one algorithm (CRC32C, CRC-64/NVME, MD5, SHA-256)
 * and they are equal; or one side is on the local disk and the other's listing carries a checksum,
 * which is computed over the local file and compared; otherwise when DST's copy is not older than
 * SRC's, to the second. ETags are never read as checksums, whatever their shape. Extras (files only in DST) are deleted only with
 * {@code --delete}, and only when every transfer of the run succeeded.
 */
@Command(name = "sync", description = {
    "Make the folder DST hold every file of the folder SRC (one way; both are folders, '/' optional).",
    "A file is copied when missing or different: sizes differ; or both listings carry checksums of one "
        + "algorithm (CRC32C, CRC64NVME, MD5, SHA256) and they differ (a local file's checksum is computed in "
        + "the other side's algorithm); otherwise when DST's copy is older than SRC's. Files only in DST are "
        + "deleted only with --delete, and never when any transfer of the run failed (exit code 7).",
    "Example: storage sync --delete ./site s3://b/site/"})
final class SyncCommand implements Callable<Integer> {
  @ParentCommand
  private StorageCli cli;

  @Parameters(index = "0", paramLabel = "SRC", description = "The source folder.")
  private String src;

  @Parameters(index = "1", paramLabel = "DST", description = "The destination folder.")
  private String dst;

  @Option(names = "--delete", description = "Delete files in DST that SRC does not have (after a clean run).")
  private boolean delete;

  @Option(names = {"-n", "--dry-run"}, description = "Only say what would be copied and deleted.")
  private boolean dryRun;

  @Option(names = "--json", description = "Print a JSON summary instead of one line per file.")
  private boolean json;

  @Override
  public Integer call() {
    Target from = Target.parse(src);
    Target to = Target.parse(dst);
    if (from.isLocal() && Files.isRegularFile(from.path())) {
      throw new CliException(ExitCodes.USAGE, src + " is a file; sync copies folders (use 'storage cp' for one file)");
    }
    if (from.isLocal() && !Files.isDirectory(from.path())) {
      throw new CliException(ExitCodes.NOT_FOUND, src + ": no such local folder");
    }
    if (Target.overlap(from, to)) {
      throw new CliException(ExitCodes.USAGE, src + " and " + dst + " overlap; sync needs two separate folders");
    }
    boolean dstMissing = to.isLocal() && !Files.isDirectory(to.folderPath());
    if (dstMissing && to.isLocal() && Files.exists(to.folderPath())) {
      throw new CliException(ExitCodes.USAGE, dst + " is a file; sync copies into a folder");
    }
    try (Storage source = cli.open(from.folder(), false);
        Storage target = dstMissing && dryRun ? null : cli.open(to.folder(), true)) {
      return sync(from, to, source, target);
    } finally {
      opened.forEach(Storage::close);
    }
  }

  private int sync(Target from, Target to, Storage source, Storage target) {
    PrintStream out = cli.out();
    Map<String, StorageFile> existing = new HashMap<>();
    if (target != null) {
      try (Stream<StorageFile> files = target.list()) {
        files.forEach(f -> existing.put(f.key(), f));
      }
    }
    Map<String, StorageFile> sources = new LinkedHashMap<>();
    Set<String> extras = new TreeSet<>(existing.keySet());
    try (Stream<StorageFile> files = source.list()) {
      Iterator<StorageFile> it = files.iterator();
      while (it.hasNext()) {
        StorageFile f = it.next();
        sources.put(f.key(), f);
        extras.remove(f.key());
      }
    }
    List<String> keys = new ArrayList<>(new TreeSet<>(sources.keySet()));
    Set<String> upToDate = ConcurrentHashMap.newKeySet();
    ProgressListener progress = dryRun ? ProgressListener.none() : cli.progress();
    Copier copier = copier(from, to, source, target, progress);
    Parallel.Result result = Parallel.run(keys, cli.parallelism(), key -> {
      StorageFile s = sources.get(key);
      StorageFile d = existing.get(key);
      if (d != null && same(s, d, from.isLocal() ? local(from.folderPath(), key) : null,
          to.isLocal() ? local(to.folderPath(), key) : null)) {
        upToDate.add(key);
        return 0L;
      }
      if (!dryRun) {
        copier.copy(key);
      }
      if (!json) {
        synchronized (out) {
          out.println((dryRun ? "would copy " : "copied ") + key);
        }
      }
      return s.size();
    });
    Map<String, RuntimeException> failures = new LinkedHashMap<>(result.failures());
    if (target != null && !dryRun) {
      try {
        target.flush();
      } catch (FlushException e) {
        e.failures().forEach((k, cause) -> failures.putIfAbsent(k, asRuntime(cause)));
      }
    }
    List<String> copied = new ArrayList<>(result.done());
    copied.removeAll(upToDate);
    copied.removeAll(failures.keySet());
    Collections.sort(copied);
    for (Map.Entry<String, RuntimeException> f : failures.entrySet()) {
      cli.err().println("failed " + f.getKey() + ": " + message(f.getValue()));
    }

    List<String> deleted = new ArrayList<>();
    List<String> kept = new ArrayList<>();
    Map<String, RuntimeException> deleteFailures = new LinkedHashMap<>();
    if (delete && failures.isEmpty()) {
      if (dryRun) {
        deleted.addAll(extras);
      } else {
        Parallel.Result removed = Parallel.run(new ArrayList<>(extras), cli.parallelism(), key -> {
          target.delete(key);
          return 0L;
        });
        deleted.addAll(removed.done());
        deleteFailures.putAll(removed.failures());
      }
      Collections.sort(deleted);
      if (!json) {
        deleted.forEach(k -> out.println((dryRun ? "would delete " : "deleted ") + k));
      }
      deleteFailures.forEach((k, e) -> cli.err().println("failed to delete " + k + ": " + message(e)));
    } else if (delete) {
      kept.addAll(extras);
      cli.err().println("kept " + kept.size() + " extra file(s) in " + dst + ": --delete deletes nothing after a "
          + "failed transfer; fix the failures above and run sync again");
    }

    long bytes = copied.stream().mapToLong(k -> sources.get(k).size()).sum();
    if (json) {
      Map<String, Object> summary = new LinkedHashMap<>();
      summary.put("source", source.uri().toString());
      summary.put("destination", target == null ? to.folder().toString() : target.uri().toString());
      summary.put("dryRun", dryRun);
      summary.put("copied", copied);
      summary.put("bytes", bytes);
      summary.put("upToDate", upToDate.size());
      summary.put("deleted", deleted);
      summary.put("extras", new ArrayList<>(extras));
      summary.put("extrasKept", !kept.isEmpty());
      List<Object> failed = new ArrayList<>();
      failures.forEach((k, e) -> failed.add(failure(k, "copy", e)));
      deleteFailures.forEach((k, e) -> failed.add(failure(k, "delete", e)));
      summary.put("failed", failed);
      out.println(Json.write(summary));
    } else {
      out.println((dryRun ? "dry run: would copy " : "synced: copied ") + copied.size() + " file(s) (" + bytes
          + " bytes), " + upToDate.size() + " up to date, " + (dryRun ? "would delete " : "deleted ")
          + deleted.size() + ", " + (failures.size() + deleteFailures.size()) + " failed"
          + (!delete && !extras.isEmpty() ? ", " + extras.size() + " extra file(s) left (see --delete)" : ""));
    }
    out.flush();
    int failed = failures.size() + deleteFailures.size();
    if (failed > 0) {
      throw new CliException(ExitCodes.PARTIAL, "sync " + src + " " + dst + ": " + failed
          + " file(s) failed (listed above); run the same command again to retry them");
    }
    return ExitCodes.OK;
  }

  private static Map<String, Object> failure(String key, String operation, RuntimeException e) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("key", key);
    m.put("operation", operation);
    m.put("error", message(e));
    return m;
  }

  private static String message(Throwable e) {
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  private static RuntimeException asRuntime(Throwable t) {
    return t instanceof RuntimeException ? (RuntimeException) t : new IllegalStateException(t);
  }

  private static Path local(Path root, String key) {
    return root.resolve(key);
  }

  /** Copies one key from source to target. */
  @FunctionalInterface
  private interface Copier {
    void copy(String key);
  }

  private Copier copier(Target from, Target to, Storage source, Storage target, ProgressListener progress) {
    URI common = Target.commonParent(from, to);
    if (common != null && !dryRun) {
      Storage shared = serverSide(common);
      if (shared != null) {
        String fromPrefix = from.folderBelow(common);
        String toPrefix = to.folderBelow(common);
        return key -> shared.copy(fromPrefix + key, toPrefix + key);
      }
    }
    if (from.isLocal()) {
      return key -> {
        try {
          target.addFile(local(from.folderPath(), key), key, progress).join();
        } catch (CompletionException e) {
          throw asRuntime(e.getCause());
        }
      };
    }
    if (to.isLocal() && target != null) {
      Path real;
      try {
        real = to.folderPath().toRealPath();
      } catch (IOException e) {
        throw new UncheckedIOException(to.folderPath() + ": cannot resolve the destination folder", e);
      }
      return key -> {
        Path file = LocalTargets.resolveInside(target.uri(), real, key);
        try {
          LocalTargets.createParents(target.uri(), key, real, file);
        } catch (IOException e) {
          throw new UncheckedIOException(target.uri() + " '" + key + "': " + e, e);
        }
        source.getFile(key, file, progress);
      };
    }
    return key -> CpCommand.stream(source, key, target, key, WriteOptions.defaults(), progress);
  }

  private final List<Storage> opened = new ArrayList<>();

  /** The storage holding both folders, if the backend copies on the server; else {@code null}. */
  private Storage serverSide(URI common) {
    Storage shared;
    try {
      shared = cli.open(common, true);
    } catch (IllegalArgumentException e) {
      return null;
    }
    if (shared.capabilities().contains(Capability.SERVER_SIDE_COPY)
        && shared.capabilities().contains(Capability.COPY)) {
      opened.add(shared);
      return shared;
    }
    shared.close();
    return null;
  }

  /** The algorithms to compare by, cheapest first. */
  private static final List<Checksum.Algorithm> ALGORITHMS = List.of(Checksum.Algorithm.CRC32C,
      Checksum.Algorithm.CRC64NVME, Checksum.Algorithm.MD5, Checksum.Algorithm.SHA256);

  /** Whether the destination's copy is the same as the source's (see the class comment). */
  static boolean same(StorageFile s, StorageFile d, Path sourceFile, Path targetFile) {
    if (s.size() != d.size()) {
      return false;
    }
    for (Checksum.Algorithm a : ALGORITHMS) {
      if (s.checksum(a).isPresent() && d.checksum(a).isPresent()) {
        return s.checksum(a).equals(d.checksum(a));
      }
    }
    for (Checksum.Algorithm a : ALGORITHMS) {
      if (d.checksum(a).isPresent() && sourceFile != null) {
        return d.checksum(a).get().equals(checksum(a, sourceFile));
      }
      if (s.checksum(a).isPresent() && targetFile != null) {
        return s.checksum(a).get().equals(checksum(a, targetFile));
      }
    }
    // to the second: some backends report whole seconds
    return !d.lastModified().truncatedTo(ChronoUnit.SECONDS).isBefore(s.lastModified().truncatedTo(ChronoUnit.SECONDS));
  }

  private static Checksum checksum(Checksum.Algorithm algorithm, Path file) {
    try {
      return Checksum.of(algorithm, file, 0, -1);
    } catch (IOException e) {
      throw new UncheckedIOException(file + ": cannot read to compare checksums", e);
    }
  }
}
