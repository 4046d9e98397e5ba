package org.storagekit.tck;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.storagekit.Capability;
import org.storagekit.StorageFile;
import org.storagekit.StorageOptions;
import org.storagekit.spi.AbstractStorage;
import org.storagekit.spi.TransferProgress;

/**
 * The TCK's in-memory reference storage: objects in a shared sorted map, listed in pages. Test
 * data only, so objects live in byte arrays.
 */
class InMemoryStorage extends AbstractStorage {
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

  final ConcurrentNavigableMap<String, Blob> bucket;
  final int pageSize;

  InMemoryStorage(ConcurrentNavigableMap<String, Blob> bucket, String prefix, Set<Capability> capabilities, int pageSize) {
    super(URI.create("mem://tck/" + prefix + "/"), prefix + "/", capabilities, StorageOptions.defaults());
    this.bucket = bucket;
    this.pageSize = pageSize;
  }

  static ConcurrentNavigableMap<String, Blob> newBucket() {
    return new ConcurrentSkipListMap<>();
  }

  /** Fetches one page of names after {@code after}. */
  List<Map.Entry<String, Blob>> page(String namePrefix, String after) {
    ConcurrentNavigableMap<String, Blob> tail = after == null ? bucket.tailMap(namePrefix, true) : bucket.tailMap(after, false);
    return tail.entrySet().stream()
        .takeWhile(e -> e.getKey().startsWith(namePrefix))
        .limit(pageSize)
        .collect(Collectors.toList());
  }

  @Override
  protected Iterator<StorageFile> listObjects(String namePrefix) {
    return new Iterator<>() {
      private List<Map.Entry<String, Blob>> page = page(namePrefix, null);
      private int index;

      @Override
      public boolean hasNext() {
        if (index < page.size()) {
          return true;
        }
        if (page.size() < pageSize) {
          return false;
        }
        page = nextPage(namePrefix, page.get(page.size() - 1).getKey());
        index = 0;
        return !page.isEmpty();
      }

      @Override
      public StorageFile next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        Map.Entry<String, Blob> e = page.get(index++);
        return describe(e.getKey(), e.getValue());
      }
    };
  }

  /** The page after {@code lastKey}; broken storages override it. */
  List<Map.Entry<String, Blob>> nextPage(String namePrefix, String lastKey) {
    return page(namePrefix, lastKey);
  }

  static StorageFile describe(String name, Blob blob) {
    return StorageFile.of(name, blob.bytes.length, blob.modified, "v" + blob.version);
  }

  @Override
  protected Optional<StorageFile> statObject(String name) {
    return Optional.ofNullable(bucket.get(name)).map(b -> describe(name, b));
  }

  @Override
  protected InputStream openObject(String name, long offset, long length) {
    Blob blob = bucket.get(name);
    if (blob == null) {
      throw notFound(name, null);
    }
    int from = (int) Math.min(offset, blob.bytes.length);
    int to = length < 0 ? blob.bytes.length : (int) Math.min(blob.bytes.length, offset + length);
    return new ByteArrayInputStream(blob.bytes, from, Math.max(0, to - from));
  }

  @Override
  protected StorageFile putFile(String name, Path file, long size, TransferProgress progress) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return putStream(name, in, progress);
    }
  }

  @Override
  protected StorageFile putStream(String name, InputStream content, TransferProgress progress) throws IOException {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    byte[] chunk = new byte[8192];
    int n;
    while ((n = content.read(chunk)) >= 0) {
      buffer.write(chunk, 0, n);
      progress.add(n);
    }
    Blob blob = new Blob(buffer.toByteArray(), VERSIONS.incrementAndGet());
    bucket.put(name, blob);
    return describe(name, blob);
  }

  @Override
  protected StorageFile copyObject(String source, String target) {
    Blob blob = bucket.get(source);
    if (blob == null) {
      throw notFound(source, null);
    }
    Blob copy = new Blob(blob.bytes, VERSIONS.incrementAndGet());
    bucket.put(target, copy);
    return describe(target, copy);
  }

  @Override
  protected void deleteObject(String name) {
    bucket.remove(name);
  }
}
