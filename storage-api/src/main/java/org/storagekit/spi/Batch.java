package org.storagekit.spi;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import org.storagekit.StorageException;
import org.storagekit.StorageFile;
import org.storagekit.TransferSummary;
import org.storagekit.UnsafeKeyException;

/**
 * A multi-file transfer with bounded concurrency that collects every failure by key [§6.5], and
 * every key refused as unsafe apart: a refusal does not stop the transfer [§4.2].
 */
final class Batch {
  private final URI uri;
  private final BackgroundUploads work;
  private final int limit;
  private final Semaphore slots;
  private final Map<String, Throwable> failures = Collections.synchronizedMap(new LinkedHashMap<>());
  private final List<UnsafeKeyException> refused = Collections.synchronizedList(new ArrayList<>());
  private final AtomicLong files = new AtomicLong();
  private final AtomicLong bytes = new AtomicLong();

  Batch(URI uri, BackgroundUploads work, int parallelism) {
    this.uri = uri;
    this.work = work;
    this.limit = Math.max(2, parallelism * 2);
    this.slots = new Semaphore(limit);
  }

  /** Starts one file's transfer, waiting while {@code limit} are in flight. */
  void submit(String key, Callable<StorageFile> task) {
    slots.acquireUninterruptibly();
    work.submit(key, task, null).whenComplete((file, error) -> {
      if (error instanceof UnsafeKeyException) {
        refuse((UnsafeKeyException) error);
      } else if (error != null) {
        fail(key, error);
      } else {
        files.incrementAndGet();
        bytes.addAndGet(file.size());
      }
      slots.release();
    });
  }

  void fail(String key, Throwable error) {
    failures.put(key, error);
  }

  /** Records a key refused as unsafe; nothing was written for it. */
  void refuse(UnsafeKeyException error) {
    refused.add(error);
  }

  boolean failed() {
    return !failures.isEmpty();
  }

  /** Waits for every transfer in flight. */
  void await() {
    slots.acquireUninterruptibly(limit);
    slots.release(limit);
  }

  /**
   * Waits, then returns the summary.
   *
   * @throws StorageException naming every key that failed, after the others finished
   * @throws UnsafeKeyException naming every refused key, if no other failure happened
   */
  TransferSummary finish(String what, List<Path> skipped) {
    await();
    List<UnsafeKeyException> unsafe;
    synchronized (refused) {
      unsafe = new ArrayList<>(refused);
    }
    List<String> refusedKeys = unsafe.stream().map(e -> e.key().orElse("?")).toList();
    if (!failures.isEmpty()) {
      Map<String, Throwable> copy;
      synchronized (failures) {
        copy = new LinkedHashMap<>(failures);
      }
      Throwable first = copy.values().iterator().next();
      if (copy.size() == 1 && first instanceof StorageException && unsafe.isEmpty()) {
        throw (StorageException) first;
      }
      String alsoRefused = unsafe.isEmpty() ? ""
          : "; " + unsafe.size() + " unsafe key(s) refused, nothing written for them: " + refusedKeys;
      StorageException e = new StorageException(uri, copy.size() == 1 ? copy.keySet().iterator().next() : null,
          copy.size() + " file(s) failed to " + what + ": " + copy.keySet() + alsoRefused, first);
      copy.values().stream().skip(1).limit(100).forEach(e::addSuppressed);
      unsafe.stream().limit(100).forEach(e::addSuppressed);
      throw e;
    }
    TransferSummary summary = new TransferSummary(files.get(), bytes.get(), skipped, refusedKeys);
    if (!unsafe.isEmpty()) {
      throw new UnsafeKeyException(uri, summary, unsafe);
    }
    return summary;
  }
}
