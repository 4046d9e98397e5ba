package org.storagekit.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.storagekit.FlushException;
import org.storagekit.Storage;
import org.storagekit.StorageFile;
import org.storagekit.UnsafeKeyException;

/**
 * Copies every file of a source folder that passes the {@link Filter} into a target folder through
 * a {@link Copier}, {@code --parallel} at a time: folder {@code get} and {@code put}, and {@code mv}
 * (which deletes each source file once its copy is complete and verified). The listing streams
 * through a {@link Pipeline}: memory does not grow with the number of files. A dry run lists what
 * would be done and touches nothing.
 */
final class FolderCopy {
  /**
   * What a run did (or, dry, would do).
   *
   * @param refused keys refused as unsafe local paths, nothing written for them
   * @param failures keys whose copy (or, for a move, whose source delete) failed
   */
  record Result(long files, long bytes, long excluded, List<String> refused, Map<String, RuntimeException> failures) {}

  private FolderCopy() {}

  /**
   * Runs the copy.
   *
   * @param deleteSource whether to delete each source file after its copy (a move)
   * @param verb the dry run's word per file: "would download KEY"
   */
  static Result run(StorageCli cli, Storage source, Storage target, Copier copier, Filter filter, boolean dryRun,
      boolean deleteSource, String verb) {
    PrintStream out = cli.out();
    AtomicLong files = new AtomicLong();
    AtomicLong bytes = new AtomicLong();
    long excluded = 0;
    List<String> refused = Collections.synchronizedList(new ArrayList<>());
    Map<String, RuntimeException> failures;
    try (Pipeline pipeline = new Pipeline(cli.parallelism()); Stream<StorageFile> listing = source.list()) {
      try {
        Iterator<StorageFile> it = listing.iterator();
        while (it.hasNext()) {
          StorageFile f = it.next();
          if (!filter.test(f.key(), f)) {
            excluded++;
            continue;
          }
          if (dryRun) {
            out.println("would " + verb + " " + f.key());
            files.incrementAndGet();
            bytes.addAndGet(f.size());
            continue;
          }
          pipeline.submit(f.key(), () -> {
            long copied;
            try {
              copied = copier.copy(f.key());
            } catch (UnsafeKeyException e) {
              refused.add(e.key().orElse(f.key()));
              return;
            }
            if (deleteSource && copied != f.size()) {
              throw new CliException(ExitCodes.STORAGE, source.uri() + " '" + f.key() + "': the copy has " + copied
                  + " bytes, the source " + f.size() + "; the source was kept");
            }
            if (deleteSource && !source.remove(f.key())) {
              throw new CliException(ExitCodes.STORAGE, source.uri() + " '" + f.key()
                  + "': copied, but the source was gone when it was to be deleted");
            }
            files.incrementAndGet();
            bytes.addAndGet(f.size());
          });
        }
      } finally {
        failures = pipeline.await();
      }
    }
    if (target != null) {
      try {
        target.flush(); // a failed upload already failed its task: reported once, by key
      } catch (FlushException e) {
        e.failures().forEach((k, cause) -> failures.putIfAbsent(k, Copier.runtime(cause)));
      }
    }
    List<String> sorted;
    synchronized (refused) {
      sorted = new ArrayList<>(refused);
    }
    sorted.sort(Merge::compare);
    return new Result(files.get(), bytes.get(), excluded, sorted, failures);
  }

  /** Prints every failure on stderr and fails with {@link ExitCodes#PARTIAL} if there was any. */
  static void reportFailures(StorageCli cli, Result r, String what) {
    r.failures().forEach((k, e) -> cli.err().println("failed " + k + ": "
        + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())));
    if (!r.failures().isEmpty()) {
      throw new CliException(ExitCodes.PARTIAL, what + ": " + r.failures().size() + " file(s) failed (listed above), "
          + r.files() + " done; run the same command again to retry them");
    }
  }
}
