package org.storagekit.cli;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;

/** Runs one task per key with bounded concurrency and collects, per key, success or failure. */
final class Parallel {
  private Parallel() {}

  /** A task on one key, returning the bytes it moved. */
  @FunctionalInterface
  interface Task {
    long run(String key);
  }

  /** What a run did: keys done (in completion order), failures by key, bytes moved. */
  record Result(List<String> done, Map<String, RuntimeException> failures, long bytes) {}

  /** Runs {@code task} on every key, {@code parallelism} at a time, and waits for all. */
  static Result run(List<String> keys, int parallelism, Task task) {
    List<String> done = Collections.synchronizedList(new ArrayList<>());
    Map<String, RuntimeException> failures = Collections.synchronizedMap(new LinkedHashMap<>());
    AtomicLong bytes = new AtomicLong();
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(parallelism, Math.max(1, keys.size()))), r -> {
      Thread t = new Thread(r, "storage-cli-transfer");
      t.setDaemon(true);
      return t;
    });
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (String key : keys) {
        futures.add(pool.submit(() -> {
          try {
            bytes.addAndGet(task.run(key));
            done.add(key);
          } catch (RuntimeException e) {
            failures.put(key, e);
          }
        }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException(ExitCodes.FAILURE, "interrupted", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    } finally {
      pool.shutdownNow();
    }
    return new Result(List.copyOf(done), new LinkedHashMap<>(failures), bytes.get());
  }
}
