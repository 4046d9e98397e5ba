package org.storagekit.cli;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.storagekit.Capability;
import org.storagekit.DeleteSummary;
import org.storagekit.FlushException;
import org.storagekit.ProgressListener;
import org.storagekit.Storage;
import org.storagekit.StorageFile;
import org.storagekit.LocalTargets;
import org.storagekit.WriteOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code storage sync SRC DST}: makes the folder DST hold every file of the folder SRC, one way.
 *
 * <p>A file is copied when DST lacks it or when {@link Compare} (the same flags as {@code check})
 * says it differs. The two listings are merged in one pass in UTF-8 byte order ({@link Merge}),
 * the transfers run through a {@link Pipeline} of at most 2 x {@code --parallel} tasks, and the
 * keys of DST's extras go to a temporary file: memory does not grow with the number of unchanged
 * files (only {@code --json} collects the changed keys for its summary). Extras are deleted only
 * with {@code --delete}, only when every transfer of the run succeeded, and not at all when there
 * are more than {@code --max-delete}.
 */
@Command(name = "sync", description = {
    "Make the folder DST hold every file of the folder SRC (one way; both are folders, '/' optional).",
    "A file is copied when missing or different: sizes differ; or both listings carry checksums of one "
        + "algorithm (CRC32C, CRC64NVME, MD5, SHA256) and they differ (a local file's checksum is computed in "
        + "the other side's algorithm); otherwise when DST's copy is older than SRC's. --checksum, --size-only, "
        + "--update and --ignore-existing change that. Files only in DST are deleted only with --delete, never "
        + "when any transfer of the run failed (exit code 7), and none when there are more than --max-delete "
        + "(exit code 12).",
    "Both listings are merged in key order in one pass: memory does not grow with the number of files.",
    "Example: storage sync --delete --max-delete 100 ./site s3://b/site/"})
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

  @Option(names = "--max-delete", paramLabel = "N", description = "With --delete: delete nothing when there are "
      + "more than N extra files (exit code 12); the copies still run.")
  private Long maxDelete;

  @Mixin
  private Compare compare = new Compare();

  @Mixin
  private Filter filter = new Filter();

  @Override
  public Integer call() {
    compare.validate();
    filter.validate();
    if (maxDelete != null && maxDelete < 0) {
      throw new CliException(ExitCodes.USAGE, "--max-delete must be 0 or more, not " + maxDelete);
    }
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
    }
  }

  private int sync(Target from, Target to, Storage source, Storage target) {
    Path spill;
    try {
      spill = Files.createTempFile("storage-sync-extras", ".keys");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a temporary file for the extras' keys", e);
    }
    try {
      return sync(from, to, source, target, spill);
    } finally {
      try {
        Files.deleteIfExists(spill);
      } catch (IOException e) {
        // a temporary file: left for the system to clean
      }
    }
  }

  private int sync(Target from, Target to, Storage source, Storage target, Path spill) {
    PrintStream out = cli.out();
    AtomicLong copiedCount = new AtomicLong();
    AtomicLong bytes = new AtomicLong();
    AtomicLong upToDate = new AtomicLong();
    AtomicLong newer = new AtomicLong();
    AtomicLong existing = new AtomicLong();
    List<String> copied = Collections.synchronizedList(new ArrayList<>()); // only for --json
    long extras = 0;
    long excluded = 0;
    ProgressListener progress = dryRun ? ProgressListener.none() : cli.progress();
    Copier copier = new Copier(cli, from, to, source, dryRun ? null : target, WriteOptions.defaults(), progress);
    Map<String, RuntimeException> failures;
    // Two listings merged in key order: two files held at a time, plus the transfers in flight;
    // the extras' keys go to a temporary file, read back only to delete (or print) them.
    try (copier; DataOutputStream extrasOut = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(spill)));
        Pipeline pipeline = new Pipeline(cli.parallelism());
        Stream<StorageFile> sourceFiles = source.list();
        Stream<StorageFile> targetFiles = target == null ? Stream.empty() : target.list()) {
      Merge merge = new Merge(sourceFiles.iterator(), source.uri().toString(), targetFiles.iterator(),
          target == null ? to.folder().toString() : target.uri().toString());
      try {
        while (merge.hasNext()) {
          Merge.Pair p = merge.next();
          String key = p.key();
          if (!filter.test(key, p.source() != null ? p.source() : p.destination())) {
            excluded++; // neither copied nor, on the destination, deleted
            continue;
          }
          if (p.source() == null) {
            extrasOut.writeUTF(key);
            extras++;
            continue;
          }
          pipeline.submit(key, () -> {
            StorageFile s = p.source();
            Compare.Verdict v = p.destination() == null ? Compare.Verdict.DIFFERENT
                : compare.verdict(s, p.destination(), from.isLocal() ? local(from.folderPath(), key) : null,
                    to.isLocal() ? local(to.folderPath(), key) : null);
            switch (v) {
              case SAME -> upToDate.incrementAndGet();
              case NEWER_ON_DESTINATION -> newer.incrementAndGet();
              case EXISTING -> existing.incrementAndGet();
              case DIFFERENT -> {
                if (!dryRun) {
                  copier.copy(key);
                }
                copiedCount.incrementAndGet();
                bytes.addAndGet(s.size());
                if (json) {
                  copied.add(key);
                } else {
                  synchronized (out) {
                    out.println((dryRun ? "would copy " : "copied ") + key);
                  }
                }
              }
            }
          });
        }
      } finally {
        failures = pipeline.await();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(spill + ": cannot write the extras' keys", e);
    }
    if (target != null && !dryRun) {
      try {
        target.flush();
      } catch (FlushException e) {
        e.failures().forEach((k, cause) -> {
          if (failures.putIfAbsent(k, asRuntime(cause)) == null) {
            copiedCount.decrementAndGet(); // its bytes stay counted as sent
            copied.remove(k);
          }
        });
      }
    }
    for (Map.Entry<String, RuntimeException> f : failures.entrySet()) {
      cli.err().println("failed " + f.getKey() + ": " + message(f.getValue()));
    }

    List<String> deleted = new ArrayList<>(); // only for --json
    long deletedCount = 0;
    boolean kept = false;
    boolean overLimit = delete && maxDelete != null && extras > maxDelete;
    Map<String, RuntimeException> deleteFailures = new LinkedHashMap<>();
    if (delete && failures.isEmpty() && !overLimit) {
      try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(spill)))) {
        for (long left = extras; left > 0; ) {
          List<String> batch = new ArrayList<>();
          while (left > 0 && batch.size() < DELETE_BATCH) {
            batch.add(in.readUTF());
            left--;
          }
          Set<String> failed = Set.of();
          if (!dryRun) {
            DeleteSummary summary = target.deleteAll(batch);
            summary.failed().forEach(deleteFailures::put);
            failed = summary.failed().keySet();
          }
          for (String k : batch) {
            if (!failed.contains(k)) {
              deletedCount++;
              if (json) {
                deleted.add(k);
              } else {
                out.println((dryRun ? "would delete " : "deleted ") + k);
              }
            }
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(spill + ": cannot read the extras' keys back", e);
      }
      deleteFailures.forEach((k, e) -> cli.err().println("failed to delete " + k + ": " + message(e)));
    } else if (delete && overLimit) {
      kept = true;
      cli.err().println((dryRun ? "would keep " : "kept ") + extras + " extra file(s) in " + dst + ": more than "
          + "--max-delete " + maxDelete + ", so none " + (dryRun ? "would be" : "was") + " deleted");
    } else if (delete) {
      kept = true;
      cli.err().println("kept " + extras + " extra file(s) in " + dst + ": --delete deletes nothing after a "
          + "failed transfer; fix the failures above and run sync again");
    }

    if (json) {
      Map<String, Object> summary = new LinkedHashMap<>();
      summary.put("source", source.uri().toString());
      summary.put("destination", target == null ? to.folder().toString() : target.uri().toString());
      summary.put("dryRun", dryRun);
      List<String> sorted = new ArrayList<>(copied);
      sorted.sort(Merge::compare);
      summary.put("copied", sorted);
      summary.put("bytes", bytes.get());
      summary.put("upToDate", upToDate.get());
      summary.put("newerOnDestination", newer.get());
      summary.put("existingSkipped", existing.get());
      summary.put("excluded", excluded);
      summary.put("deleted", deleted);
      summary.put("extras", readAll(spill, extras));
      summary.put("extrasKept", kept);
      List<Object> failed = new ArrayList<>();
      failures.forEach((k, e) -> failed.add(failure(k, "copy", e)));
      deleteFailures.forEach((k, e) -> failed.add(failure(k, "delete", e)));
      summary.put("failed", failed);
      out.println(Json.write(summary));
    } else {
      out.println((dryRun ? "dry run: would copy " : "synced: copied ") + copiedCount.get() + " file(s) ("
          + bytes.get() + " bytes), " + upToDate.get() + " up to date, "
          + (newer.get() > 0 ? newer.get() + " newer on the destination (--update), " : "")
          + (existing.get() > 0 ? existing.get() + " existing left alone (--ignore-existing), " : "")
          + (excluded > 0 ? excluded + " excluded by filters, " : "")
          + (dryRun ? "would delete " : "deleted ") + deletedCount + ", " + (failures.size() + deleteFailures.size())
          + " failed" + (!delete && extras > 0 ? ", " + extras + " extra file(s) left (see --delete)" : ""));
    }
    out.flush();
    int failed = failures.size() + deleteFailures.size();
    if (failed > 0) {
      throw new CliException(ExitCodes.PARTIAL, "sync " + src + " " + dst + ": " + failed
          + " file(s) failed (listed above); run the same command again to retry them");
    }
    if (overLimit) {
      throw new CliException(ExitCodes.MAX_DELETE, "sync " + src + " " + dst + ": " + extras + " file(s) to delete, "
          + "more than --max-delete " + maxDelete + "; check the source, or raise the limit");
    }
    return ExitCodes.OK;
  }

  /** Keys of extras deleted per {@link Storage#deleteAll} call: bounds what is held at once. */
  private static final int DELETE_BATCH = 1000;

  private static List<String> readAll(Path spill, long count) {
    List<String> keys = new ArrayList<>();
    try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(spill)))) {
      for (long i = 0; i < count; i++) {
        keys.add(in.readUTF());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(spill + ": cannot read the extras' keys back", e);
    }
    return keys;
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
}
