package org.storagekit.tck;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.storagekit.Capability;
import org.storagekit.Storage;
import org.storagekit.StorageException;
import org.storagekit.StorageFile;
import org.storagekit.StorageOptions;
import org.storagekit.spi.CopyRequest;
import org.storagekit.spi.ListRequest;
import org.storagekit.spi.Page;
import org.storagekit.spi.ReadRequest;
import org.storagekit.spi.StorageBackend;
import org.storagekit.spi.StorageContext;
import org.storagekit.spi.StorageEngine;
import org.storagekit.spi.WriteRequest;

/**
 * The TCK's in-memory reference backend: objects in a shared sorted map, listed in pages of
 * {@code pageSize}. Test data only, so objects live in byte arrays. Broken variants override one
 * operation each.
 */
class InMemoryBackend implements StorageBackend {
  /** One stored object. */
  static final class Blob {
    final byte[] bytes;
    final Instant modified;
    final long version;

    Blob(byte[] bytes, long version) {
      this.bytes = bytes;
      this.modified = Instant.now();
      this.version = version;
    }
  }

  private static final AtomicLong VERSIONS = new AtomicLong();

  final StorageContext context;
  final ConcurrentNavigableMap<String, Blob> bucket;
  private final Set<Capability> capabilities;
  private final int pageSize;

  InMemoryBackend(ConcurrentNavigableMap<String, Blob> bucket, String prefix, Set<Capability> capabilities,
      int pageSize) {
    this.context = StorageContext.of(URI.create("mem://tck/" + prefix + "/"), prefix + "/", StorageOptions.defaults());
    this.bucket = bucket;
    this.capabilities = capabilities;
    this.pageSize = pageSize;
  }

  /** The reference storage: this backend behind the engine. */
  static Storage open(ConcurrentNavigableMap<String, Blob> bucket, String prefix, Set<Capability> capabilities) {
    return new InMemoryBackend(bucket, prefix, capabilities, 100).storage();
  }

  /** This backend behind the engine. */
  Storage storage() {
    return StorageEngine.open(context, this);
  }

  /**
   * A storage on a bucket that does not exist: opening succeeds, every operation fails as a real
   * backend's translation of "no such bucket" does, with a NotFoundException naming no key.
   */
  static Storage openMissing() {
    return new InMemoryBackend(newBucket(), "missing", Set.of(Capability.WRITE, Capability.ETAG), 100) {
      @Override
      public Page list(ListRequest request) {
        throw new IllegalStateException("vendor: NoSuchBucket");
      }

      @Override
      public Optional<StorageFile> stat(String name) {
        throw new IllegalStateException("vendor: NoSuchBucket");
      }

      @Override
      public StorageFile write(WriteRequest request) {
        throw new IllegalStateException("vendor: NoSuchBucket");
      }

      @Override
      public Optional<StorageException> translate(Throwable error, String key) {
        return Optional.of(new org.storagekit.NotFoundException(context.uri(), null,
            "the bucket 'missing' does not exist", error));
      }
    }.storage();
  }

  static ConcurrentNavigableMap<String, Blob> newBucket() {
    return new ConcurrentSkipListMap<>();
  }

  @Override
  public Set<Capability> capabilities() {
    return capabilities;
  }

  @Override
  public Page list(ListRequest request) {
    String after = request.pageToken();
    ConcurrentNavigableMap<String, Blob> tail =
        after == null ? bucket.tailMap(request.prefix(), true) : bucket.tailMap(after, false);
    List<StorageFile> files = tail.entrySet().stream()
        .takeWhile(e -> e.getKey().startsWith(request.prefix()))
        .limit(Math.min(pageSize, request.pageSize()))
        .map(e -> describe(e.getKey(), e.getValue()))
        .collect(Collectors.toList());
    if (files.size() < Math.min(pageSize, request.pageSize())) {
      return Page.last(files);
    }
    return next(Page.of(files, files.get(files.size() - 1).key()));
  }

  /** A full page with its continuation; broken storages override it. */
  Page next(Page full) {
    return full;
  }

  static StorageFile describe(String name, Blob blob) {
    return StorageFile.of(name, blob.bytes.length, blob.modified, "v" + blob.version);
  }

  @Override
  public Optional<StorageFile> stat(String name) {
    return Optional.ofNullable(bucket.get(name)).map(b -> describe(name, b));
  }

  @Override
  public InputStream read(ReadRequest request) {
    Blob blob = bucket.get(request.name());
    if (blob == null) {
      throw context.notFound(request.name(), null);
    }
    int from = (int) Math.min(request.offset(), blob.bytes.length);
    int to = request.length() < 0 ? blob.bytes.length : (int) Math.min(blob.bytes.length, from + request.length());
    return new ByteArrayInputStream(blob.bytes, from, Math.max(0, to - from));
  }

  @Override
  public StorageFile write(WriteRequest request) throws IOException {
    try (InputStream file = request.file().isPresent() ? Files.newInputStream(request.file().get()) : null) {
      InputStream content = file != null ? file : request.stream().orElseThrow();
      ByteArrayOutputStream buffer = new ByteArrayOutputStream();
      byte[] chunk = new byte[8192];
      int n;
      while ((n = content.read(chunk)) >= 0) {
        buffer.write(chunk, 0, n);
        request.progress().add(n);
      }
      Blob blob = new Blob(buffer.toByteArray(), VERSIONS.incrementAndGet());
      bucket.put(request.name(), blob);
      return describe(request.name(), blob);
    }
  }

  @Override
  public StorageFile copy(CopyRequest request) {
    Blob blob = bucket.get(request.source());
    if (blob == null) {
      throw context.notFound(request.source(), null);
    }
    Blob copy = new Blob(blob.bytes, VERSIONS.incrementAndGet());
    bucket.put(request.target(), copy);
    return describe(request.target(), copy);
  }

  @Override
  public void delete(String name) {
    bucket.remove(name);
  }

  @Override
  public Optional<StorageException> translate(Throwable error, String key) {
    return Optional.empty();
  }
}
