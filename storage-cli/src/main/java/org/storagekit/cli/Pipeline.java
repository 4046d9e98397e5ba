package org.storagekit.cli;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Runs tasks as they are handed in, {@code parallelism} at a time, with at most twice that many
 * queued: the producer (a listing) blocks instead of queueing the whole tree, so memory is bounded
 * by the parallelism, not the number of keys. Failures are kept by key.
 */
final class Pipeline implements AutoCloseable {
  private final ExecutorService pool;
  private final Semaphore slots;
  private final Map<String, RuntimeException> failures = Collections.synchronizedMap(new LinkedHashMap<>());

  Pipeline(int parallelism) {
    int threads = Math.max(1, parallelism);
    this.slots = new Semaphore(threads * 2);
    this.pool = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "storage-cli-transfer");
      t.setDaemon(true);
      return t;
    });
  }

  /** Runs {@code task} for {@code key} once a slot is free; blocks until then. */
  void submit(String key, Runnable task) {
    try {
      slots.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException(ExitCodes.FAILURE, "interrupted", e);
    }
    try {
      pool.execute(() -> {
        try {
          task.run();
        } catch (RuntimeException e) {
          failures.put(key, e);
        } finally {
          slots.release();
        }
      });
    } catch (RuntimeException e) {
      slots.release();
      throw e;
    }
  }

  /** Waits for every task handed in; then the failures, by key, in the order they happened. */
  Map<String, RuntimeException> await() {
    pool.shutdown();
    try {
      while (!pool.awaitTermination(1, TimeUnit.MINUTES)) {
        // a long transfer: keep waiting
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException(ExitCodes.FAILURE, "interrupted", e);
    }
    synchronized (failures) {
      return new LinkedHashMap<>(failures);
    }
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}
