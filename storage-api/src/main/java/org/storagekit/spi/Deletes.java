package org.storagekit.spi;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import org.storagekit.DeleteSummary;
import org.storagekit.NotFoundException;
import org.storagekit.StorageException;

/**
 * Batch deletes [§20]: keys consumed lazily, in requests of the backend's batch size where it has a
 * batch call and one key a request otherwise, with bounded concurrency; every failure is kept by
 * key and none stops the rest.
 */
final class Deletes {
  private final StorageContext context;
  private final StorageBackend backend;
  private final Failures failures;
  private final MetadataCache cache;
  private final BackgroundUploads work;
  private final ExecutorService executor;

  Deletes(StorageContext context, StorageBackend backend, Failures failures, MetadataCache cache,
      BackgroundUploads work, ExecutorService executor) {
    this.context = context;
    this.backend = backend;
    this.failures = failures;
    this.cache = cache;
    this.work = work;
    this.executor = executor;
  }

  DeleteSummary deleteAll(Iterator<String> keys) {
    int batchSize = Math.max(1, backend.deleteBatchSize());
    boolean batched = backend.deleteBatchSize() > 0;
    // the first batch goes alone: a server that refuses batches is learnt from it, not from all at once
    boolean probing = batched;
    int inFlight = Math.max(2, context.options().parallelism());
    Semaphore slots = new Semaphore(inFlight);
    AtomicLong deleted = new AtomicLong();
    Map<String, StorageException> failed = new ConcurrentHashMap<>();
    List<String> chunk = new ArrayList<>(batchSize);
    while (keys.hasNext()) {
      String key = keys.next();
      if (key == null || !Keys.isValid(key)) {
        String shown = key == null ? "null" : Keys.printable(key);
        failed.put(shown, new StorageException(context.uri(), shown, "not deleted: invalid key: "
            + (key == null ? "null" : Keys.problem(key)), new IllegalArgumentException("invalid key '" + shown + "'")));
        continue;
      }
      work.await(key);
      chunk.add(key);
      if (chunk.size() == batchSize || (probing && !keys.hasNext())) {
        if (probing) {
          probing = false;
          Map<String, StorageException> errors = batch(chunk);
          if (errors != null) {
            record(chunk, errors, deleted, failed);
            chunk.clear();
            continue;
          }
          batched = backend.deleteBatchSize() > 0; // refused: these keys, and the rest, one a request
          batchSize = batched ? Math.max(1, backend.deleteBatchSize()) : 1;
          for (String k : chunk) {
            submit(List.of(k), false, slots, deleted, failed);
          }
        } else {
          submit(List.copyOf(chunk), batched, slots, deleted, failed);
        }
        chunk.clear();
      }
    }
    if (!chunk.isEmpty()) {
      submit(List.copyOf(chunk), batched, slots, deleted, failed);
    }
    slots.acquireUninterruptibly(inFlight);
    return new DeleteSummary(deleted.get(), failed);
  }

  private void submit(List<String> chunk, boolean batched, Semaphore slots, AtomicLong deleted,
      Map<String, StorageException> failed) {
    slots.acquireUninterruptibly();
    try {
      executor.execute(() -> {
        try {
          Map<String, StorageException> errors = batched ? batch(chunk) : single(chunk.get(0));
          if (errors == null) { // refused after all: one a request, here
            errors = new LinkedHashMap<>();
            for (String key : chunk) {
              errors.putAll(single(key));
            }
          }
          record(chunk, errors, deleted, failed);
        } finally {
          slots.release();
        }
      });
    } catch (RuntimeException e) {
      slots.release();
      throw e;
    }
  }

  private void record(List<String> chunk, Map<String, StorageException> errors, AtomicLong deleted,
      Map<String, StorageException> failed) {
    for (String key : chunk) {
      if (errors.containsKey(key)) {
        failed.put(key, errors.get(key));
        cache.forget(key);
      } else {
        deleted.incrementAndGet();
        cache.put(key, Optional.empty());
      }
    }
  }

  private Map<String, StorageException> single(String key) {
    try {
      failures.call(key, () -> {
        backend.delete(context.nameOf(key));
        return null;
      });
      return Map.of();
    } catch (NotFoundException e) {
      return e.key().isPresent() ? Map.of() : Map.of(key, e); // already gone [§8.1], unless the bucket is
    } catch (RuntimeException e) {
      return Map.of(key, asStorageException(key, e));
    }
  }

  /** The keys not deleted, with their errors; null if the backend refused the batch call. */
  private Map<String, StorageException> batch(List<String> keys) {
    Map<String, String> byName = new LinkedHashMap<>();
    keys.forEach(k -> byName.put(context.nameOf(k), k));
    Map<String, Throwable> errors;
    try {
      errors = failures.call(null, () -> {
        try {
          return backend.deleteBatch(List.copyOf(byName.keySet()));
        } catch (UnsupportedOperationException refused) {
          return null;
        }
      });
    } catch (RuntimeException e) {
      Map<String, StorageException> all = new LinkedHashMap<>();
      keys.forEach(k -> all.put(k, asStorageException(k, e)));
      return all;
    }
    if (errors == null) {
      return null;
    }
    Map<String, StorageException> out = new LinkedHashMap<>();
    errors.forEach((name, error) -> {
      String key = byName.getOrDefault(name, name);
      RuntimeException translated = failures.translate(error, key);
      if (!(translated instanceof NotFoundException && ((NotFoundException) translated).key().isPresent())) {
        out.put(key, asStorageException(key, translated));
      }
    });
    return out;
  }

  private StorageException asStorageException(String key, RuntimeException e) {
    if (e instanceof StorageException && ((StorageException) e).key().isPresent()) {
      return (StorageException) e;
    }
    String reason = e instanceof StorageException ? ((StorageException) e).reason() : Failures.describe(e);
    return new StorageException(context.uri(), key, "not deleted: " + reason, e);
  }
}
