package org.storagekit.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.storagekit.Capability;
import org.storagekit.FlushException;
import org.storagekit.ProgressListener;
import org.storagekit.Storage;
import org.storagekit.StorageFile;
import org.storagekit.LocalTargets;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code storage sync SRC DST}: makes the folder DST hold every file of the folder SRC, one way.
 *
 * <p>A file is copied when DST lacks it or when it differs. It is the same when the sizes match
 * and: both ETags are MD5 digests (32 hex digits, as S3 gives for single-part uploads) and equal;
 * or one side is on the local disk and its MD5 equals the other side's MD5 ETag; otherwise (ETags
 * not comparable across backends, or version tags like the local backend's) when DST's copy is not
 * older than SRC's, to the second. Extras (files only in DST) are deleted only with
 * {@code --delete}, and only when every transfer of the run succeeded.
 */
@Command(name = "sync", description = {
    "Make the folder DST hold every file of the folder SRC (one way; both are folders, '/' optional).",
    "A file is copied when missing or different: sizes differ; or both ETags are MD5 digests and differ "
        + "(a local file's MD5 is computed to compare with an MD5 ETag); otherwise, when ETags are not "
        + "comparable, when DST's copy is older than SRC's. Files only in DST are deleted only with "
        + "--delete, and never when any transfer of the run failed (exit code 7)."})
final class SyncCommand implements Callable<Integer> {
  private static final Pattern MD5 = Pattern.compile("[0-9a-fA-F]{32}");

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
    return key -> CpCommand.stream(source, key, target, key, progress);
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

  /** Whether the destination's copy is the same as the source's (see the class comment). */
  static boolean same(StorageFile s, StorageFile d, Path sourceFile, Path targetFile) {
    if (s.size() != d.size()) {
      return false;
    }
    Optional<String> sm = md5(s);
    Optional<String> dm = md5(d);
    if (sm.isPresent() && dm.isPresent()) {
      return sm.get().equals(dm.get());
    }
    if (dm.isPresent() && sourceFile != null) {
      return dm.get().equals(md5(sourceFile));
    }
    if (sm.isPresent() && targetFile != null) {
      return sm.get().equals(md5(targetFile));
    }
    // to the second: some backends report whole seconds
    return !d.lastModified().truncatedTo(ChronoUnit.SECONDS).isBefore(s.lastModified().truncatedTo(ChronoUnit.SECONDS));
  }

  private static Optional<String> md5(StorageFile f) {
    return f.etag()
        .map(e -> e.startsWith("\"") && e.endsWith("\"") && e.length() > 1 ? e.substring(1, e.length() - 1) : e)
        .filter(e -> MD5.matcher(e).matches())
        .map(e -> e.toLowerCase(Locale.ROOT));
  }

  private static String md5(Path file) {
    try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("MD5"))) {
      in.transferTo(java.io.OutputStream.nullOutputStream());
      return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
    } catch (IOException e) {
      throw new UncheckedIOException(file + ": cannot read to compare checksums", e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("MD5 is missing from this JVM", e);
    }
  }
}
