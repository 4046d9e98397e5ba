package org.storagekit.spi;

import java.net.URI;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.storagekit.FlushException;
import org.storagekit.StorageFile;

/**
 * Pending work per key: writes to one key run in the order they were submitted, reads of a key wait
 * for its pending write [§10.4], failures of caller-visible uploads are kept until {@link #flush}
 * reports them [§10.2].
 */
final class BackgroundUploads {
  private static final Logger LOG = LoggerFactory.getLogger(BackgroundUploads.class);

  private final URI uri;
  private final Executor executor;
  private final MetadataCache cache;
  private final ConcurrentHashMap<String, CompletableFuture<StorageFile>> pending = new ConcurrentHashMap<>();
  private final Map<String, Throwable> failures = Collections.synchronizedMap(new LinkedHashMap<>());

  BackgroundUploads(URI uri, Executor executor, MetadataCache cache) {
    this.uri = uri;
    this.executor = executor;
    this.cache = cache;
  }

  /**
   * Runs {@code task} (already translating its failures) as the pending operation on {@code key},
   * after any earlier one. If {@code visible} (the caller's future) is given, a failure is kept for
   * flush, and {@code visible} completes before the internal future, so a flush that returns has
   * every caller's future done.
   */
  CompletableFuture<StorageFile> submit(String key, Callable<StorageFile> task, CompletableFuture<StorageFile> visible) {
    CompletableFuture<StorageFile> future = new CompletableFuture<>();
    CompletableFuture<StorageFile> previous = pending.put(key, future);
    Runnable run = () -> {
      try {
        StorageFile result = task.call();
        if (visible != null) {
          visible.complete(result);
        }
        pending.remove(key, future);
        future.complete(result);
      } catch (Throwable t) {
        LOG.debug("{}: upload of '{}' failed", uri, key, t);
        if (visible != null) {
          failures.put(key, t);
          visible.completeExceptionally(t);
        }
        cache.forget(key);
        pending.remove(key, future);
        future.completeExceptionally(t);
      }
    };
    if (previous == null) {
      executor.execute(run);
    } else {
      previous.whenComplete((r, e) -> executor.execute(run)); // keep writes to one key in order
    }
    return future;
  }

  /** Waits for the pending operation on {@code key}, if any; its failure is not this caller's. */
  void await(String key) {
    CompletableFuture<StorageFile> f = pending.get(key);
    if (f != null) {
      f.handle((r, e) -> null).join();
    }
  }

  /** Waits for the pending operations on every key {@code keys} accepts. */
  void await(Predicate<String> keys) {
    for (Map.Entry<String, CompletableFuture<StorageFile>> e : pending.entrySet()) {
      if (keys.test(e.getKey())) {
        e.getValue().handle((r, x) -> null).join();
      }
    }
  }

  /**
   * Waits until nothing is pending, then reports every failure kept since the last flush.
   *
   * @throws FlushException naming every failed key
   */
  void flush() {
    while (!pending.isEmpty()) {
      CompletableFuture.allOf(pending.values().toArray(new CompletableFuture<?>[0]))
          .handle((r, e) -> null)
          .join();
    }
    Map<String, Throwable> failed;
    synchronized (failures) {
      failed = new LinkedHashMap<>(failures);
      failures.clear();
    }
    if (!failed.isEmpty()) {
      throw new FlushException(uri, failed);
    }
  }
}
