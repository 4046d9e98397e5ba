package org.storagekit.spi;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.storagekit.Capability;
import org.storagekit.NotFoundException;
import org.storagekit.Precondition;
import org.storagekit.PreconditionFailedException;
import org.storagekit.ProgressListener;
import org.storagekit.StorageFile;
import org.storagekit.WriteOptions;

/**
 * Writes of one object, for the engine: the upload of a file or a stream and its description [§5],
 * and the write options and preconditions [§17, §18] — which capabilities they need, the content
 * type guessed where none is set, writes run under a condition, and read conditions checked against
 * what a stat found.
 */
final class Writes {
  private final StorageContext context;
  private final StorageBackend backend;
  private final URI uri;
  private final Failures failures;
  private final MetadataCache cache;
  private final Consumer<Capability> require;

  /** @param require throws {@link UnsupportedOperationException} for a capability the storage lacks */
  Writes(StorageContext context, StorageBackend backend, Failures failures, MetadataCache cache,
      Consumer<Capability> require) {
    this.context = context;
    this.backend = backend;
    this.uri = context.uri();
    this.failures = failures;
    this.cache = cache;
    this.require = require;
  }

  /**
   * Runs a write under {@code options}' precondition [§18]: translates its failures, makes "no file
   * to match" a failed precondition, and forgets what was cached of the key when the condition did
   * not hold, since another writer changed it.
   */
  StorageFile write(String key, WriteOptions options, Failures.Operation<StorageFile> write) {
    Precondition condition = options.precondition();
    try {
      return failures.call(key, write);
    } catch (PreconditionFailedException e) {
      cache.forget(key);
      throw e;
    } catch (NotFoundException e) {
      if (condition.ifMatchEtag().isPresent() && e.key().isPresent()) {
        cache.forget(key);
        throw new PreconditionFailedException(uri, key, "no file to match ETag " + condition.ifMatchEtag().get(), e);
      }
      throw e;
    }
  }

  /** The options a backend writes with: the content type guessed from the key where not set [§17.2]. */
  static WriteOptions resolve(String key, WriteOptions options) {
    return options.contentType().isPresent() ? options
        : options.toBuilder().contentType(ContentTypes.guess(key)).build();
  }

  /** Gates options on the capabilities they need [§13.3]. */
  void checkWrite(WriteOptions options) {
    Objects.requireNonNull(options, "options");
    if (options.setsContent()) {
      require.accept(Capability.METADATA);
    }
    if (!options.precondition().isNone()) {
      require.accept(Capability.CONDITIONAL_WRITE);
    }
  }

  void checkRead(String key, Precondition condition) {
    Objects.requireNonNull(condition, "condition");
    if (condition.isIfNotExists()) {
      throw new IllegalArgumentException("reading '" + key + "': ifNotExists is a condition for writes");
    }
    if (!condition.isNone()) {
      require.accept(Capability.CONDITIONAL_WRITE);
    }
  }

  /** {@code file}, if it meets a read condition [§18.4]. */
  StorageFile matching(String key, StorageFile file, Precondition condition) {
    Optional<String> wanted = condition.ifMatchEtag();
    if (wanted.isPresent() && !wanted.equals(file.etag())) {
      cache.forget(key);
      throw new PreconditionFailedException(uri, key, "its ETag is " + file.etag().orElse("(none)") + ", not "
          + wanted.get());
    }
    return file;
  }

  StorageFile uploadFile(String key, Path local, WriteOptions options, ProgressListener listener)
      throws IOException {
    long size = Files.size(local);
    TransferProgress progress = new TransferProgress(listener, key, size);
    String name = context.nameOf(key);
    StorageFile stored = backend.write(WriteRequest.ofFile(name, local, size, progress, resolve(key, options)))
        .withKey(key);
    if (stored.size() != size) {
      throw context.sizeMismatch(name, size, stored.size());
    }
    progress.complete(size);
    cache.put(key, Optional.of(stored));
    return stored;
  }

  StorageFile uploadStream(String key, InputStream content, WriteOptions options, ProgressListener listener)
      throws IOException {
    TransferProgress progress = new TransferProgress(listener, key, -1);
    StorageFile stored = backend.write(WriteRequest.ofStream(context.nameOf(key), new SourceStream(content), progress,
        resolve(key, options))).withKey(key);
    progress.complete(stored.size());
    cache.put(key, Optional.of(stored));
    return stored;
  }
}
