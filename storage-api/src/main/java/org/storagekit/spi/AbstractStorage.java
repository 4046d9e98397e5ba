package org.storagekit.spi;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.storagekit.Capability;
import org.storagekit.FlushException;
import org.storagekit.NotFoundException;
import org.storagekit.ProgressListener;
import org.storagekit.Storage;
import org.storagekit.StorageException;
import org.storagekit.StorageFile;
import org.storagekit.StorageOptions;
import org.storagekit.LocalTargets;
import org.storagekit.TransferSummary;
import org.storagekit.UnsafeKeyException;

/**
 * The shared machinery behind every {@link Storage}: key validation, prefixes, atomic local writes,
 * traversal checks, progress, the background-upload queue and flush, directory walking, the
 * metadata cache, capability gates and equality. A provider implements only the few object
 * operations below, on full object names (the storage's prefix plus the key).
 *
 * <p>Hooks may throw {@link IOException}, which becomes a {@link StorageException} naming the key,
 * or a {@link StorageException} subtype from the provider's single error-translation class.
 */
public abstract class AbstractStorage implements Storage {
  private static final Logger LOG = LoggerFactory.getLogger(AbstractStorage.class);
  private static final int BUFFER = 1 << 16;
  private static final AtomicInteger POOLS = new AtomicInteger();

  private final URI uri;
  private final String prefix;
  private final Set<Capability> capabilities;
  private final StorageOptions options;
  private final ExecutorService executor;
  private final ConcurrentHashMap<String, CompletableFuture<StorageFile>> pending = new ConcurrentHashMap<>();
  private final Map<String, Throwable> failures = Collections.synchronizedMap(new LinkedHashMap<>());
  private final ConcurrentHashMap<String, Optional<StorageFile>> cache = new ConcurrentHashMap<>();
  private final AtomicBoolean closed = new AtomicBoolean();

  /**
   * Creates the storage.
   *
   * @param uri the normalized location; its path MUST end with {@code /}
   * @param prefix the object-name prefix of this location inside the bucket: empty, or ending with
   *     {@code /}
   * @param capabilities what this storage supports [§15]
   * @param options shared options
   */
  protected AbstractStorage(URI uri, String prefix, Set<Capability> capabilities, StorageOptions options) {
    this.uri = Objects.requireNonNull(uri, "uri");
    this.prefix = Objects.requireNonNull(prefix, "prefix");
    if (!prefix.isEmpty() && !prefix.endsWith("/")) {
      throw new IllegalArgumentException("prefix must be empty or end with '/': " + prefix);
    }
    this.capabilities = Collections.unmodifiableSet(
        capabilities.isEmpty() ? EnumSet.noneOf(Capability.class) : EnumSet.copyOf(capabilities));
    this.options = Objects.requireNonNull(options, "options");
    int n = options.parallelism();
    int pool = POOLS.incrementAndGet();
    AtomicInteger threads = new AtomicInteger();
    ThreadFactory factory = r -> {
      Thread t = new Thread(r, "storagekit-" + pool + "-" + threads.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
    ThreadPoolExecutor tpe = new ThreadPoolExecutor(n, n, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), factory);
    tpe.allowCoreThreadTimeOut(true);
    this.executor = tpe;
  }

  // ================================================================ provider hooks

  /**
   * Lists objects whose names start with {@code namePrefix}, lazily, page by page. Returned files
   * carry full object names as keys. An iterator that is also {@link AutoCloseable} is closed when
   * the listing stream is.
   */
  protected abstract Iterator<StorageFile> listObjects(String namePrefix) throws IOException;

  /** The object's metadata, or empty if it does not exist. */
  protected abstract Optional<StorageFile> statObject(String name) throws IOException;

  /**
   * Opens an object's bytes from {@code offset}; {@code length} is {@code -1} for "to the end".
   *
   * @throws NotFoundException if the object does not exist
   */
  protected abstract InputStream openObject(String name, long offset, long length) throws IOException;

  /**
   * Stores a local file of known size, durably, before returning; multipart and parallel where the
   * backend supports it. A failure MUST leave no partial object [§5.3]. Count bytes on
   * {@code progress}.
   */
  protected abstract StorageFile putFile(String name, Path file, long size, TransferProgress progress)
      throws IOException;

  /**
   * Stores a stream of unknown length, reading it to the end without holding it in memory [§5.2]. A
   * failure MUST leave no partial object [§5.3]. Do not close the stream.
   */
  protected abstract StorageFile putStream(String name, InputStream content, TransferProgress progress)
      throws IOException;

  /**
   * Copies an object inside the storage.
   *
   * @throws NotFoundException if {@code source} does not exist
   */
  protected abstract StorageFile copyObject(String source, String target) throws IOException;

  /** Deletes an object; a missing object is not an error [§8.1]. */
  protected abstract void deleteObject(String name) throws IOException;

  /**
   * Downloads an object into {@code temp} (an existing empty file). The default streams
   * {@link #openObject} and verifies {@link #expectedChecksum}; override for parallel ranged
   * downloads. The caller checks the size and renames the file into place.
   */
  protected void getObject(String name, StorageFile meta, Path temp, TransferProgress progress)
      throws IOException {
    Optional<ContentChecksum> expected = options.verifyChecksums() ? expectedChecksum(meta) : Optional.empty();
    ContentChecksum.Hasher hasher = expected.map(ContentChecksum::newHasher).orElse(null);
    try (InputStream in = openObject(name, 0, -1);
        FileChannel out = FileChannel.open(temp, StandardOpenOption.WRITE)) {
      Transfers.copy(Channels.newChannel(in), out, ByteBuffer.allocate(BUFFER), hasher, progress);
    }
    if (hasher != null) {
      verifyChecksum(name, expected.get(), hasher.finish());
    }
  }

  /** A checksum that the downloaded bytes of {@code meta} must match, where the backend has one. */
  protected Optional<ContentChecksum> expectedChecksum(StorageFile meta) {
    return Optional.empty();
  }

  /** Releases provider resources (clients, connection pools). Called once, by {@link #close()}. */
  protected void closeResources() throws IOException {}

  // ================================================================ helpers for providers

  /** The shared options. */
  protected final StorageOptions options() {
    return options;
  }

  /** This storage's object-name prefix: empty or ending with {@code /}. */
  protected final String prefix() {
    return prefix;
  }

  /**
   * Throws an integrity failure naming the object if the checksums differ.
   *
   * @throws StorageException if {@code actual} differs from {@code expected}
   */
  protected final void verifyChecksum(String name, ContentChecksum expected, ContentChecksum actual) {
    if (!expected.equals(actual)) {
      throw new StorageException(uri, keyOf(name),
          "integrity check failed: expected " + expected + " but received " + actual);
    }
  }

  /** The key of a full object name (the name without this storage's prefix). */
  protected final String keyOf(String name) {
    return name.startsWith(prefix) ? name.substring(prefix.length()) : name;
  }

  /** A not-found exception naming this storage and the key of {@code name}. */
  protected final NotFoundException notFound(String name, Throwable cause) {
    return new NotFoundException(uri, keyOf(name), "no such file", cause);
  }

  // ================================================================ Storage

  @Override
  public final URI uri() {
    return uri;
  }

  @Override
  public final Set<Capability> capabilities() {
    return capabilities;
  }

  @Override
  public Stream<StorageFile> list() {
    return list("");
  }

  @Override
  public Stream<StorageFile> list(String keyPrefix) {
    ensureOpen();
    Keys.validatePrefix(keyPrefix);
    awaitPending(k -> k.startsWith(keyPrefix));
    Iterator<StorageFile> raw = call(null, () -> listObjects(prefix + keyPrefix));
    Iterator<StorageFile> files = new Iterator<>() {
      private StorageFile next;

      @Override
      public boolean hasNext() {
        while (next == null) {
          boolean more = call(null, raw::hasNext);
          if (!more) {
            return false;
          }
          StorageFile f = raw.next();
          String name = f.key();
          if (name.endsWith("/") || !name.startsWith(prefix) || name.length() == prefix.length()) {
            continue; // directory markers are not files [§2.4]
          }
          next = f.withKey(name.substring(prefix.length()));
          cachePut(next.key(), Optional.of(next));
        }
        return true;
      }

      @Override
      public StorageFile next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        StorageFile f = next;
        next = null;
        return f;
      }
    };
    Stream<StorageFile> stream = StreamSupport.stream(
        Spliterators.spliteratorUnknownSize(files, Spliterator.ORDERED | Spliterator.NONNULL), false);
    if (raw instanceof AutoCloseable) {
      stream = stream.onClose(() -> {
        try {
          ((AutoCloseable) raw).close();
        } catch (Exception e) {
          LOG.debug("closing listing of {} failed", uri, e);
        }
      });
    }
    return stream;
  }

  @Override
  public Optional<StorageFile> get(String key) {
    ensureOpen();
    checkKey(key);
    awaitPending(key);
    if (options.metadataCache()) {
      Optional<StorageFile> cached = cache.get(key);
      if (cached != null) {
        return cached;
      }
    }
    Optional<StorageFile> found = call(key, () -> statObject(prefix + key)).map(f -> f.withKey(key));
    cachePut(key, found);
    return found;
  }

  @Override
  public boolean contains(String key) {
    return get(key).isPresent();
  }

  @Override
  public Path getFile(String key) {
    checkKey(key);
    return getFile(key, Path.of(Keys.fileName(key)), ProgressListener.none());
  }

  @Override
  public Path getFile(String key, Path local, ProgressListener progress) {
    ensureOpen();
    checkKey(key);
    Objects.requireNonNull(local, "local");
    Objects.requireNonNull(progress, "progress");
    awaitPending(key);
    Path target = Files.isDirectory(local) ? local.resolve(Keys.fileName(key)) : local;
    StorageFile meta = call(key, () -> statObject(prefix + key)).orElseThrow(() -> notFound(prefix + key, null));
    call(key, () -> {
      Path parent = target.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      download(key, meta, target, progress);
      return null;
    });
    return target;
  }

  private void download(String key, StorageFile meta, Path target, ProgressListener listener) throws IOException {
    AtomicFiles.write(target, temp -> {
      TransferProgress progress = new TransferProgress(listener, key, meta.size());
      getObject(prefix + key, meta, temp, progress);
      long written = Files.size(temp);
      if (written != meta.size()) {
        throw new StorageException(uri, key,
            "integrity check failed: expected " + meta.size() + " bytes but received " + written);
      }
      progress.complete(written);
    });
  }

  @Override
  public TransferSummary getAllFiles(Path directory, ProgressListener progress) {
    ensureOpen();
    Objects.requireNonNull(directory, "directory");
    Objects.requireNonNull(progress, "progress");
    Path real = call(null, () -> {
      Files.createDirectories(directory);
      return directory.toRealPath();
    });
    Batch batch = new Batch();
    try (Stream<StorageFile> files = list()) {
      Iterator<StorageFile> it = files.iterator();
      while (it.hasNext() && batch.failures.isEmpty()) {
        StorageFile file = it.next();
        Path target = LocalTargets.resolveInside(uri, real, file.key());
        batch.submit(file.key(), () -> {
          LocalTargets.createParents(uri, file.key(), real, target);
          download(file.key(), file, target, progress);
          return file;
        });
      }
    } catch (UnsafeKeyException e) {
      batch.await();
      throw e;
    }
    return batch.finish("download", List.of());
  }

  @Override
  public InputStream open(String key) {
    ensureOpen();
    checkKey(key);
    awaitPending(key);
    return call(key, () -> openObject(prefix + key, 0, -1));
  }

  @Override
  public InputStream open(String key, long offset, long length) {
    ensureOpen();
    require(Capability.RANGED_READ);
    checkKey(key);
    if (offset < 0 || length < 0) {
      throw new IllegalArgumentException(
          "offset and length must be >= 0 for key '" + key + "': " + offset + ", " + length);
    }
    awaitPending(key);
    if (length == 0) {
      call(key, () -> statObject(prefix + key)).orElseThrow(() -> notFound(prefix + key, null));
      return InputStream.nullInputStream();
    }
    return call(key, () -> openObject(prefix + key, offset, length));
  }

  @Override
  public StorageFile put(String key, Path local) {
    ensureOpen();
    require(Capability.WRITE);
    checkKey(key);
    requireRegularFile(local);
    awaitPending(key);
    return call(key, () -> uploadFile(key, local, ProgressListener.none()));
  }

  @Override
  public StorageFile put(String key, InputStream content, ProgressListener progress) {
    ensureOpen();
    require(Capability.WRITE);
    checkKey(key);
    Objects.requireNonNull(content, "content");
    Objects.requireNonNull(progress, "progress");
    awaitPending(key);
    return call(key, () -> uploadStream(key, content, progress));
  }

  @Override
  public CompletableFuture<StorageFile> addFile(Path local, String key, ProgressListener progress) {
    ensureOpen();
    require(Capability.WRITE);
    checkKey(key);
    requireRegularFile(local);
    Objects.requireNonNull(progress, "progress");
    CompletableFuture<StorageFile> visible = new CompletableFuture<>();
    submit(key, () -> uploadFile(key, local, progress), visible);
    return visible;
  }

  @Override
  public CompletableFuture<StorageFile> addFile(InputStream content, String key) {
    Objects.requireNonNull(content, "content");
    try {
      ensureOpen();
      require(Capability.WRITE);
      checkKey(key);
    } catch (RuntimeException e) {
      closeQuietly(content, e);
      throw e;
    }
    CompletableFuture<StorageFile> visible = new CompletableFuture<>();
    submit(key, () -> {
      try (InputStream in = content) {
        return uploadStream(key, in, ProgressListener.none());
      }
    }, visible);
    return visible;
  }

  @Override
  public TransferSummary addDirectory(Path local, String remotePrefix, ProgressListener progress) {
    ensureOpen();
    require(Capability.WRITE);
    Objects.requireNonNull(local, "local");
    Objects.requireNonNull(progress, "progress");
    if (!Files.isDirectory(local)) {
      throw new IllegalArgumentException("not a directory: " + local);
    }
    Path root = local.toAbsolutePath().normalize();
    String base;
    if (remotePrefix == null) {
      Path name = root.getFileName();
      if (name == null) {
        throw new IllegalArgumentException("a remote prefix is required to add the root directory " + local);
      }
      base = name.toString();
    } else {
      base = remotePrefix.endsWith("/") ? remotePrefix.substring(0, remotePrefix.length() - 1) : remotePrefix;
    }
    if (!base.isEmpty()) {
      Keys.validate(base);
    }
    List<Path> skipped = new ArrayList<>();
    Batch batch = new Batch();
    call(null, () -> Files.walkFileTree(root, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
        if (!attrs.isRegularFile()) {
          // symbolic links (never followed) and special files [§6.3]
          LOG.warn("{}: skipping {} ({})", uri, file, attrs.isSymbolicLink() ? "symbolic link" : "not a regular file");
          skipped.add(file);
          return FileVisitResult.CONTINUE;
        }
        StringBuilder relative = new StringBuilder();
        for (Path segment : root.relativize(file)) {
          if (relative.length() > 0) {
            relative.append('/');
          }
          relative.append(segment);
        }
        String key = Keys.join(base, relative.toString());
        if (!Keys.isValid(key)) {
          batch.fail(key, new IllegalArgumentException("local file " + file + " cannot be stored: "
              + Keys.problem(key)));
          return FileVisitResult.CONTINUE;
        }
        batch.submit(key, () -> uploadFile(key, file, progress));
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFileFailed(Path file, IOException e) {
        batch.fail(file.toString(), e);
        return FileVisitResult.CONTINUE;
      }
    }));
    return batch.finish("upload", skipped);
  }

  @Override
  public StorageFile copy(String source, String target) {
    ensureOpen();
    require(Capability.COPY);
    require(Capability.WRITE);
    checkKey(source);
    checkKey(target);
    awaitPending(source);
    awaitPending(target);
    StorageFile copied = call(target, () -> copyObject(prefix + source, prefix + target)).withKey(target);
    cachePut(target, Optional.of(copied));
    return copied;
  }

  @Override
  public void delete(String key) {
    ensureOpen();
    require(Capability.WRITE);
    checkKey(key);
    awaitPending(key);
    call(key, () -> {
      deleteObject(prefix + key);
      return null;
    });
    cachePut(key, Optional.empty());
  }

  @Override
  public boolean remove(String key) {
    ensureOpen();
    require(Capability.WRITE);
    checkKey(key);
    awaitPending(key);
    boolean existed = call(key, () -> statObject(prefix + key)).isPresent();
    if (existed) {
      call(key, () -> {
        deleteObject(prefix + key);
        return null;
      });
    }
    cachePut(key, Optional.empty());
    return existed;
  }

  @Override
  public void update() {
    ensureOpen();
    cache.clear();
  }

  @Override
  public void flush() {
    ensureOpen();
    flushPending();
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      flushPending();
    } finally {
      executor.shutdown();
      try {
        closeResources();
      } catch (IOException e) {
        LOG.warn("{}: releasing resources failed", uri, e);
      }
    }
  }

  /** Equal when the other storage addresses the same location [§11]. */
  @Override
  public final boolean equals(Object o) {
    return o instanceof Storage && uri.equals(((Storage) o).uri());
  }

  @Override
  public final int hashCode() {
    return uri.hashCode();
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "[" + uri + "]";
  }

  // ================================================================ internals

  private StorageFile uploadFile(String key, Path local, ProgressListener listener) throws IOException {
    long size = Files.size(local);
    TransferProgress progress = new TransferProgress(listener, key, size);
    StorageFile stored = putFile(prefix + key, local, size, progress).withKey(key);
    if (stored.size() != size) {
      throw new StorageException(uri, key, "integrity check failed: sent " + size
          + " bytes but the storage holds " + stored.size());
    }
    progress.complete(size);
    cachePut(key, Optional.of(stored));
    return stored;
  }

  private StorageFile uploadStream(String key, InputStream content, ProgressListener listener) throws IOException {
    TransferProgress progress = new TransferProgress(listener, key, -1);
    StorageFile stored = putStream(prefix + key, content, progress).withKey(key);
    progress.complete(stored.size());
    cachePut(key, Optional.of(stored));
    return stored;
  }

  /**
   * Runs {@code task} in the background as the pending operation on {@code key}, after any earlier
   * one. If {@code visible} (the caller's future) is given, the failure is kept for flush, and
   * {@code visible} completes before the internal future, so a flush that returns has every
   * caller's future done.
   */
  private CompletableFuture<StorageFile> submit(String key, Callable<StorageFile> task,
      CompletableFuture<StorageFile> visible) {
    CompletableFuture<StorageFile> future = new CompletableFuture<>();
    CompletableFuture<StorageFile> previous = pending.put(key, future);
    Runnable run = () -> {
      try {
        StorageFile result = call(key, task);
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
        cache.remove(key);
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

  private void flushPending() {
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

  private void awaitPending(String key) {
    CompletableFuture<StorageFile> f = pending.get(key);
    if (f != null) {
      f.handle((r, e) -> null).join();
    }
  }

  private void awaitPending(Predicate<String> keys) {
    for (Map.Entry<String, CompletableFuture<StorageFile>> e : pending.entrySet()) {
      if (keys.test(e.getKey())) {
        e.getValue().handle((r, x) -> null).join();
      }
    }
  }

  private void cachePut(String key, Optional<StorageFile> value) {
    if (!options.metadataCache()) {
      return;
    }
    if (cache.size() >= options.metadataCacheSize()) {
      cache.clear();
    }
    cache.put(key, value);
  }

  /**
   * Validates a key [§1.1], and the full object name it makes with this storage's prefix against
   * the same length limit, so a long prefix cannot push a name past what backends accept.
   */
  private void checkKey(String key) {
    Keys.validate(key);
    if (!prefix.isEmpty()
        && (prefix + key).getBytes(java.nio.charset.StandardCharsets.UTF_8).length > Keys.MAX_KEY_BYTES) {
      throw new IllegalArgumentException("invalid key '" + key + "': with the storage prefix '" + prefix
          + "' the object name is longer than " + Keys.MAX_KEY_BYTES + " bytes of UTF-8");
    }
  }

  private void ensureOpen() {
    if (closed.get()) {
      throw new IllegalStateException(uri + ": storage is closed");
    }
  }

  /**
   * Throws {@link UnsupportedOperationException} unless the capability is declared [§13.3].
   */
  protected final void require(Capability capability) {
    if (!capabilities.contains(capability)) {
      throw new UnsupportedOperationException(uri + ": this storage does not support " + capability);
    }
  }

  private static void requireRegularFile(Path local) {
    Objects.requireNonNull(local, "local");
    if (!Files.isRegularFile(local)) {
      throw new IllegalArgumentException("not a regular file: " + local);
    }
    if (!Files.isReadable(local)) {
      throw new IllegalArgumentException("not readable: " + local);
    }
  }

  private static void closeQuietly(InputStream in, Exception primary) {
    try {
      in.close();
    } catch (IOException e) {
      primary.addSuppressed(e);
    }
  }

  /** Runs a hook, turning checked failures into {@link StorageException}s that name the key. */
  private <T> T call(String key, Callable<T> hook) {
    try {
      return hook.call();
    } catch (StorageException | IllegalArgumentException | UnsupportedOperationException e) {
      throw e;
    } catch (UncheckedIOException e) {
      throw new StorageException(uri, key, describe(e.getCause()), e.getCause());
    } catch (IOException e) {
      throw new StorageException(uri, key, describe(e), e);
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new StorageException(uri, key, describe(e), e);
    }
  }

  private static String describe(Throwable e) {
    String message = e.getMessage();
    return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }

  /** Runs a multi-file transfer with bounded concurrency and collects every failure by key. */
  private final class Batch {
    private final int limit = Math.max(2, options.parallelism() * 2);
    private final Semaphore slots = new Semaphore(limit);
    private final Map<String, Throwable> failures = Collections.synchronizedMap(new LinkedHashMap<>());
    private final AtomicLong files = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();

    void submit(String key, Callable<StorageFile> task) {
      slots.acquireUninterruptibly();
      AbstractStorage.this.submit(key, task, null).whenComplete((file, error) -> {
        if (error != null) {
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

    void await() {
      slots.acquireUninterruptibly(limit);
      slots.release(limit);
    }

    TransferSummary finish(String what, List<Path> skipped) {
      await();
      if (!failures.isEmpty()) {
        Map<String, Throwable> copy;
        synchronized (failures) {
          copy = new LinkedHashMap<>(failures);
        }
        Throwable first = copy.values().iterator().next();
        if (copy.size() == 1 && first instanceof StorageException) {
          throw (StorageException) first;
        }
        StorageException e = new StorageException(uri, null,
            copy.size() + " file(s) failed to " + what + ": " + copy.keySet(), first);
        copy.values().stream().skip(1).limit(100).forEach(e::addSuppressed);
        throw e;
      }
      return new TransferSummary(files.get(), bytes.get(), skipped);
    }
  }
}
