package org.storagekit.spi;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.storagekit.Capability;
import org.storagekit.DeleteSummary;
import org.storagekit.NotFoundException;
import org.storagekit.Precondition;
import org.storagekit.ProgressListener;
import org.storagekit.Storage;
import org.storagekit.StorageEntry;
import org.storagekit.StorageFile;
import org.storagekit.TransferSummary;
import org.storagekit.WriteOptions;

/**
 * The one implementation of the {@link Storage} contract, over a provider's {@link StorageBackend}.
 * It validates keys [§1], gates capabilities [§13.3], orders writes to one key and waits for them
 * before reads [§10.4], caches metadata [§9], lists lazily [§2.1], downloads atomically with
 * verification [§3.4, §3.5], walks directories [§6], and translates every failure through the
 * backend's hook [§13]. Providers cannot override any of it: they open a storage with
 * {@link #open}.
 */
public final class StorageEngine implements Storage {
  private static final Logger LOG = LoggerFactory.getLogger(StorageEngine.class);
  private static final Duration MAX_PRESIGN = Duration.ofDays(7);

  private final StorageContext context;
  private final StorageBackend backend;
  private final URI uri;
  private final Set<Capability> capabilities;
  private final ExecutorService executor;
  private final Failures failures;
  private final MetadataCache cache;
  private final BackgroundUploads work;
  private final Listings listings;
  private final Downloads downloads;
  private final DirectoryUpload directories;
  private final Deletes deletes;
  private final Writes writes;
  private final AtomicBoolean closed = new AtomicBoolean();

  private StorageEngine(StorageContext context, StorageBackend backend) {
    this.context = Objects.requireNonNull(context, "context");
    this.backend = Objects.requireNonNull(backend, "backend");
    this.uri = context.uri();
    Set<Capability> declared = backend.capabilities();
    this.capabilities = Collections.unmodifiableSet(
        declared.isEmpty() ? EnumSet.noneOf(Capability.class) : EnumSet.copyOf(declared));
    this.executor = Threads.pool("storagekit", context.options().parallelism());
    this.failures = new Failures(uri, backend);
    this.cache = new MetadataCache(context.options().metadataCache(), context.options().metadataCacheSize());
    this.work = new BackgroundUploads(uri, executor, cache);
    this.listings = new Listings(context, backend, failures, cache);
    this.downloads = new Downloads(context, backend, failures, work);
    this.directories = new DirectoryUpload(context, failures, work);
    this.deletes = new Deletes(context, backend, failures, cache, work, executor);
    this.writes = new Writes(context, backend, failures, cache, this::require);
  }

  /**
   * Opens the storage {@code backend} serves. The storage owns the backend from now on and closes
   * it when it is closed.
   *
   * @param context the same context the backend was given
   */
  public static Storage open(StorageContext context, StorageBackend backend) {
    return new StorageEngine(context, backend);
  }

  // ================================================================ Storage

  @Override
  public URI uri() {
    return uri;
  }

  @Override
  public Set<Capability> capabilities() {
    return capabilities;
  }

  @Override
  public Stream<StorageFile> list() {
    return list("");
  }

  @Override
  public Stream<StorageFile> list(String keyPrefix) {
    return list(keyPrefix, null);
  }

  @Override
  public Stream<StorageFile> list(String keyPrefix, String startAfter) {
    ensureOpen();
    Keys.validatePrefix(keyPrefix);
    work.await(k -> k.startsWith(keyPrefix));
    return listings.list(keyPrefix, startAfter);
  }

  @Override
  public Stream<StorageEntry> listFolder(String folder, String startAfter) {
    ensureOpen();
    Objects.requireNonNull(folder, "folder");
    Keys.validatePrefix(folder);
    String prefix = folder.isEmpty() || folder.endsWith("/") ? folder : folder + "/";
    work.await(k -> k.startsWith(prefix));
    return listings.listFolder(prefix, startAfter);
  }

  @Override
  public Optional<StorageFile> get(String key) {
    ensureOpen();
    checkKey(key);
    work.await(key);
    Optional<StorageFile> cached = cache.get(key);
    if (cached != null) {
      return cached;
    }
    Optional<StorageFile> found = stat(key);
    cache.put(key, found);
    return found;
  }

  @Override
  public boolean contains(String key) {
    ensureOpen();
    checkKey(key);
    work.await(key);
    Boolean known = cache.contains(key);
    return known != null ? known : get(key).isPresent();
  }

  @Override
  public Path getFile(String key) {
    checkKey(key);
    return getFile(key, Path.of(Keys.fileName(key)), ProgressListener.none());
  }

  @Override
  public Path getFile(String key, Path local, Precondition condition, ProgressListener progress) {
    ensureOpen();
    checkKey(key);
    Objects.requireNonNull(local, "local");
    Objects.requireNonNull(progress, "progress");
    writes.checkRead(key, condition);
    work.await(key);
    Path target = Files.isDirectory(local) ? local.resolve(Keys.fileName(key)) : local;
    StorageFile file = writes.matching(key, stat(key).orElseThrow(() -> context.notFound(context.nameOf(key), null)),
        condition);
    downloads.getFile(file, target, progress);
    return target;
  }

  @Override
  public TransferSummary getAllFiles(Path directory, ProgressListener progress) {
    ensureOpen();
    Objects.requireNonNull(directory, "directory");
    Objects.requireNonNull(progress, "progress");
    return downloads.getAll(list(), directory, progress);
  }

  @Override
  public InputStream open(String key, Precondition condition) {
    ensureOpen();
    checkKey(key);
    writes.checkRead(key, condition);
    work.await(key);
    ReadRequest whole = ReadRequest.whole(context.nameOf(key));
    if (condition.isNone()) {
      return read(key, whole);
    }
    StorageFile file = writes.matching(key, stat(key).orElseThrow(() -> context.notFound(context.nameOf(key), null)),
        condition);
    return read(key, whole.matching(file.withKey(context.nameOf(key))));
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
    work.await(key);
    if (length == 0) {
      stat(key).orElseThrow(() -> context.notFound(context.nameOf(key), null));
      return InputStream.nullInputStream();
    }
    try {
      return read(key, new ReadRequest(context.nameOf(key), offset, length));
    } catch (RangeNotSatisfiableException e) {
      return InputStream.nullInputStream(); // the range starts at or past the end [§3.6]
    }
  }

  @Override
  public StorageFile put(String key, Path local, WriteOptions options) {
    ensureOpen();
    require(Capability.WRITE);
    checkKey(key);
    requireRegularFile(local);
    writes.checkWrite(options);
    work.await(key);
    return writes.write(key, options, () -> writes.uploadFile(key, local, options, ProgressListener.none()));
  }

  @Override
  public StorageFile put(String key, InputStream content, WriteOptions options, ProgressListener progress) {
    ensureOpen();
    require(Capability.WRITE);
    checkKey(key);
    Objects.requireNonNull(content, "content");
    Objects.requireNonNull(progress, "progress");
    writes.checkWrite(options);
    work.await(key);
    return writes.write(key, options, () -> writes.uploadStream(key, content, options, progress));
  }

  @Override
  public CompletableFuture<StorageFile> addFile(Path local, String key, WriteOptions options,
      ProgressListener progress) {
    ensureOpen();
    require(Capability.WRITE);
    checkKey(key);
    requireRegularFile(local);
    Objects.requireNonNull(progress, "progress");
    writes.checkWrite(options);
    CompletableFuture<StorageFile> visible = new CompletableFuture<>();
    work.submit(key, () -> writes.write(key, options, () -> writes.uploadFile(key, local, options, progress)), visible);
    return visible;
  }

  @Override
  public CompletableFuture<StorageFile> addFile(InputStream content, String key, WriteOptions options) {
    Objects.requireNonNull(content, "content");
    try {
      ensureOpen();
      require(Capability.WRITE);
      checkKey(key);
      writes.checkWrite(options);
    } catch (RuntimeException e) {
      try {
        content.close();
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
    CompletableFuture<StorageFile> visible = new CompletableFuture<>();
    work.submit(key, () -> writes.write(key, options, () -> {
      try (InputStream in = content) {
        return writes.uploadStream(key, in, options, ProgressListener.none());
      }
    }), visible);
    return visible;
  }

  @Override
  public TransferSummary addDirectory(Path local, String remotePrefix, WriteOptions options,
      ProgressListener progress) {
    ensureOpen();
    require(Capability.WRITE);
    Objects.requireNonNull(local, "local");
    Objects.requireNonNull(progress, "progress");
    writes.checkWrite(options);
    if (options.precondition().ifMatchEtag().isPresent()) {
      throw new IllegalArgumentException("addDirectory of " + local + ": an ifMatch condition names one file's"
          + " ETag; use ifNotExists or none");
    }
    return directories.add(local, remotePrefix,
        (file, key) -> () -> writes.write(key, options, () -> writes.uploadFile(key, file, options, progress)));
  }

  @Override
  public StorageFile copy(String source, String target, WriteOptions options) {
    ensureOpen();
    require(Capability.COPY);
    require(Capability.WRITE);
    checkKey(source);
    checkKey(target);
    writes.checkWrite(options);
    work.await(source);
    work.await(target);
    WriteOptions resolved = options.setsContent() ? Writes.resolve(target, options) : options;
    StorageFile copied;
    try {
      copied = writes.write(target, options, () -> backend.copy(
          new CopyRequest(context.nameOf(source), context.nameOf(target), resolved)).withKey(target));
    } catch (NotFoundException e) {
      if (e.key().isEmpty()) {
        throw e; // the bucket itself is missing
      }
      throw new NotFoundException(uri, source, "no such file", e);
    }
    cache.put(target, Optional.of(copied));
    return copied;
  }

  @Override
  public void delete(String key) {
    ensureOpen();
    require(Capability.WRITE);
    checkKey(key);
    work.await(key);
    deleteObject(key);
    cache.put(key, Optional.empty());
  }

  @Override
  public boolean remove(String key) {
    ensureOpen();
    require(Capability.WRITE);
    checkKey(key);
    work.await(key);
    boolean existed = stat(key).isPresent();
    if (existed) {
      deleteObject(key);
    }
    cache.put(key, Optional.empty());
    return existed;
  }

  @Override
  public DeleteSummary deleteAll(Iterable<String> keys) {
    ensureOpen();
    require(Capability.WRITE);
    Objects.requireNonNull(keys, "keys");
    return deletes.deleteAll(keys.iterator());
  }

  @Override
  public URI presignGet(String key, Duration expiry) {
    return presign(key, PresignRequest.Method.GET, expiry, null);
  }

  @Override
  public URI presignPut(String key, Duration expiry, String contentType) {
    if (contentType != null) {
      WriteOptions.builder().contentType(contentType); // validates it
    }
    return presign(key, PresignRequest.Method.PUT, expiry, contentType);
  }

  private URI presign(String key, PresignRequest.Method method, Duration expiry, String contentType) {
    ensureOpen();
    require(Capability.PRESIGN);
    if (method == PresignRequest.Method.PUT) {
      require(Capability.WRITE);
    }
    checkKey(key);
    Objects.requireNonNull(expiry, "expiry");
    if (expiry.compareTo(Duration.ofSeconds(1)) < 0 || expiry.compareTo(MAX_PRESIGN) > 0) {
      throw new IllegalArgumentException("presign '" + key + "': the expiry must be 1 second to 7 days, not "
          + expiry);
    }
    return failures.call(key, () -> backend.presign(new PresignRequest(context.nameOf(key), method, expiry,
        contentType)));
  }

  @Override
  public void update() {
    ensureOpen();
    cache.clear();
  }

  @Override
  public void flush() {
    ensureOpen();
    work.flush();
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      work.flush();
    } finally {
      executor.shutdown();
      context.close();
      try {
        backend.close();
      } catch (IOException | RuntimeException e) {
        LOG.warn("{}: releasing resources failed: {}", uri, e.toString());
      }
    }
  }

  /** Equal when the other storage addresses the same location [§11]. */
  @Override
  public boolean equals(Object o) {
    return o instanceof Storage && uri.equals(((Storage) o).uri());
  }

  @Override
  public int hashCode() {
    return uri.hashCode();
  }

  @Override
  public String toString() {
    return "Storage[" + uri + "]";
  }

  // ================================================================ internals

  /** The file under {@code key}, or empty; a not-found naming a key means "absent". */
  private Optional<StorageFile> stat(String key) {
    try {
      return failures.call(key, () -> backend.stat(context.nameOf(key))).map(f -> f.withKey(key));
    } catch (NotFoundException e) {
      if (e.key().isPresent()) {
        return Optional.empty();
      }
      throw e;
    }
  }

  private InputStream read(String key, ReadRequest request) {
    return new TranslatingInputStream(failures.call(key, () -> backend.read(request)), failures, key);
  }

  private void deleteObject(String key) {
    try {
      failures.call(key, () -> {
        backend.delete(context.nameOf(key));
        return null;
      });
    } catch (NotFoundException e) {
      if (e.key().isEmpty()) {
        throw e;
      }
      // already gone [§8.1]
    }
  }

  /**
   * Validates a key [§1.1], and the full object name it makes with the prefix against the same
   * length limit, so a long prefix cannot push a name past what backends accept.
   */
  private void checkKey(String key) {
    Keys.validate(key);
    String prefix = context.prefix();
    if (!prefix.isEmpty() && (prefix + key).getBytes(StandardCharsets.UTF_8).length > Keys.MAX_KEY_BYTES) {
      throw new IllegalArgumentException("invalid key '" + key + "': with the storage prefix '" + prefix
          + "' the object name is longer than " + Keys.MAX_KEY_BYTES + " bytes of UTF-8");
    }
  }

  private void ensureOpen() {
    if (closed.get()) {
      throw new IllegalStateException(uri + ": storage is closed");
    }
  }

  /** Throws {@link UnsupportedOperationException} unless the capability is declared [§13.3]. */
  private void require(Capability capability) {
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
}
