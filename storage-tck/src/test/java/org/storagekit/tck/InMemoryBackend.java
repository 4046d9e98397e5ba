package org.storagekit.tck;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import org.storagekit.Capability;
import org.storagekit.Checksum;
import org.storagekit.NotFoundException;
import org.storagekit.Precondition;
import org.storagekit.PreconditionFailedException;
import org.storagekit.Storage;
import org.storagekit.StorageException;
import org.storagekit.StorageFile;
import org.storagekit.StorageOptions;
import org.storagekit.WriteOptions;
import org.storagekit.spi.CopyRequest;
import org.storagekit.spi.ListRequest;
import org.storagekit.spi.Page;
import org.storagekit.spi.PresignRequest;
import org.storagekit.spi.ReadRequest;
import org.storagekit.spi.StorageBackend;
import org.storagekit.spi.StorageContext;
import org.storagekit.spi.StorageEngine;
import org.storagekit.spi.WriteRequest;

/**
 * The TCK's in-memory reference backend: objects in a shared sorted map, listed in pages of
 * {@code pageSize}, with content headers and metadata, exact conditional writes (atomic map
 * operations), folder listings that skip whole folders, batch deletes of three keys a request, and
 * presigned URLs served by {@link PresignServer}. Test data only, so objects live in byte arrays.
 * Broken variants override one operation each.
 */
class InMemoryBackend implements StorageBackend {
  /** One stored object: its bytes and everything written with them. */
  static final class Blob {
    final byte[] bytes;
    final Instant modified;
    final long version;
    final WriteOptions options;
    final Checksum crc32c;
    final Checksum md5;

    Blob(byte[] bytes, long version) {
      this(bytes, version, WriteOptions.defaults());
    }

    Blob(byte[] bytes, long version, WriteOptions options) {
      this.bytes = bytes;
      this.modified = Instant.now();
      this.version = version;
      this.options = options;
      this.crc32c = checksum(Checksum.Algorithm.CRC32C, bytes);
      this.md5 = checksum(Checksum.Algorithm.MD5, bytes);
    }

    String etag() {
      return "v" + version;
    }

    private static Checksum checksum(Checksum.Algorithm algorithm, byte[] bytes) {
      Checksum.Hasher h = Checksum.hasher(algorithm);
      h.update(bytes, 0, bytes.length);
      return h.finish();
    }
  }

  /** What this "vendor" throws when a condition does not hold; {@link #translate} knows it. */
  static final class ConditionNotMet extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ConditionNotMet(String message) {
      super(message);
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
        return Optional.of(new NotFoundException(context.uri(), null, "the bucket 'missing' does not exist", error));
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

  /**
   * One page. Tokens say where the next page starts: {@code K} + the last key, or {@code F} + the
   * last folder, whose whole subtree is then skipped without being read.
   */
  @Override
  public Page list(ListRequest request) {
    String prefix = request.prefix();
    String from = request.token().map(t -> t.charAt(0) == 'F' ? successor(t.substring(1)) : t.substring(1) + "\0")
        .orElse(request.after().filter(a -> a.compareTo(prefix) > 0).map(a -> a + "\0").orElse(prefix));
    int limit = Math.min(pageSize, request.pageSize());
    List<StorageFile> files = new ArrayList<>();
    List<String> folders = new ArrayList<>();
    String last = null;
    Map.Entry<String, Blob> e = bucket.ceilingEntry(from);
    while (e != null && e.getKey().startsWith(prefix) && files.size() + folders.size() < limit) {
      String name = e.getKey();
      int slash = request.folders() ? name.indexOf('/', prefix.length()) : -1;
      if (slash >= 0) {
        String folder = name.substring(0, slash + 1);
        folders.add(folder);
        last = "F" + folder;
        e = bucket.ceilingEntry(successor(folder));
      } else {
        files.add(describe(name, e.getValue()));
        last = "K" + name;
        e = bucket.higherEntry(name);
      }
    }
    boolean more = e != null && e.getKey().startsWith(prefix);
    return more ? next(Page.withFolders(files, folders, last)) : Page.withFolders(files, folders, null);
  }

  /** The first name after every name that starts with {@code folder} (which ends in {@code /}). */
  private static String successor(String folder) {
    return folder.substring(0, folder.length() - 1) + (char) ('/' + 1);
  }

  /** A full page with its continuation; broken storages override it. */
  Page next(Page full) {
    return full;
  }

  static StorageFile describe(String name, Blob blob) {
    WriteOptions o = blob.options;
    return StorageFile.builder(name).size(blob.bytes.length).lastModified(blob.modified).etag(blob.etag())
        .version(Long.toString(blob.version)).checksum(blob.crc32c).checksum(blob.md5)
        .contentType(o.contentType().orElse(null)).cacheControl(o.cacheControl().orElse(null))
        .contentDisposition(o.contentDisposition().orElse(null)).contentEncoding(o.contentEncoding().orElse(null))
        .metadata(o.metadata().orElse(Map.of())).build();
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
    request.condition().flatMap(StorageFile::etag).filter(etag -> !etag.equals(blob.etag())).ifPresent(etag -> {
      throw new ConditionNotMet("412: the ETag is " + blob.etag() + ", not " + etag);
    });
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
      WriteOptions stored = capabilities.contains(Capability.METADATA) ? request.options() : WriteOptions.defaults();
      Blob blob = new Blob(buffer.toByteArray(), VERSIONS.incrementAndGet(), stored);
      store(request.name(), blob, request.precondition());
      return describe(request.name(), blob);
    }
  }

  /** Stores {@code blob} if {@code condition} holds, atomically. */
  void store(String name, Blob blob, Precondition condition) {
    if (condition.isIfNotExists()) {
      if (bucket.putIfAbsent(name, blob) != null) {
        throw new ConditionNotMet("412: an object exists");
      }
    } else if (condition.ifMatchEtag().isPresent()) {
      Blob current = bucket.get(name);
      if (current == null || !current.etag().equals(condition.ifMatchEtag().get())
          || !bucket.replace(name, current, blob)) {
        throw new ConditionNotMet("412: the object is not the one matched");
      }
    } else {
      bucket.put(name, blob);
    }
  }

  @Override
  public StorageFile copy(CopyRequest request) {
    Blob blob = bucket.get(request.source());
    if (blob == null) {
      throw context.notFound(request.source(), null);
    }
    WriteOptions options = request.options().setsContent() ? request.options().toBuilder()
        .precondition(Precondition.none()).build() : blob.options;
    Blob copy = new Blob(blob.bytes, VERSIONS.incrementAndGet(), options);
    store(request.target(), copy, request.options().precondition());
    return describe(request.target(), copy);
  }

  @Override
  public void delete(String name) {
    bucket.remove(name);
  }

  @Override
  public int deleteBatchSize() {
    return 3;
  }

  @Override
  public Map<String, Throwable> deleteBatch(List<String> names) {
    Map<String, Throwable> failed = new HashMap<>();
    for (String name : names) {
      bucket.remove(name);
    }
    return failed;
  }

  @Override
  public URI presign(PresignRequest request) {
    return PresignServer.shared().sign(bucket, request);
  }

  @Override
  public Optional<StorageException> translate(Throwable error, String key) {
    if (error instanceof ConditionNotMet) {
      return Optional.of(new PreconditionFailedException(context.uri(), key, error.getMessage(), error));
    }
    return Optional.empty();
  }
}
