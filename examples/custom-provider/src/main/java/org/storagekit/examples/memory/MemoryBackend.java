package org.storagekit.examples.memory;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import org.storagekit.Capability;
import org.storagekit.Checksum;
import org.storagekit.StorageException;
import org.storagekit.StorageFile;
import org.storagekit.spi.CopyRequest;
import org.storagekit.spi.ListRequest;
import org.storagekit.spi.Page;
import org.storagekit.spi.ReadRequest;
import org.storagekit.spi.StorageBackend;
import org.storagekit.spi.StorageContext;
import org.storagekit.spi.WriteRequest;

/**
 * The primitive operations over a sorted map of objects. Everything else — key checks, capability
 * gates, caching, background uploads, atomic verified downloads, directory walks — is the engine's.
 */
final class MemoryBackend implements StorageBackend {
  static final Set<Capability> CAPABILITIES = Set.copyOf(EnumSet.of(Capability.WRITE, Capability.RANGED_READ,
      Capability.COPY, Capability.SERVER_SIDE_COPY, Capability.ETAG));
  private static final Map<String, NavigableMap<String, StoredObject>> BUCKETS = new ConcurrentHashMap<>();
  private static final AtomicLong GENERATIONS = new AtomicLong();

  /** One stored object: its bytes, when it was written, a generation (its ETag) and its CRC32C. */
  private record StoredObject(byte[] bytes, Instant modified, long generation, Checksum crc32c) {
    static StoredObject of(byte[] bytes) {
      Checksum.Hasher h = Checksum.hasher(Checksum.Algorithm.CRC32C);
      h.update(bytes, 0, bytes.length);
      return new StoredObject(bytes, Instant.now(), GENERATIONS.incrementAndGet(), h.finish());
    }

    /** The checksum is the one taken when this generation was written, so downloads verify against it. */
    StorageFile describe(String name) {
      return StorageFile.builder(name).size(bytes.length).lastModified(modified).etag("g" + generation)
          .checksum(crc32c).build();
    }
  }

  private final StorageContext context;
  private final NavigableMap<String, StoredObject> objects;

  MemoryBackend(StorageContext context, NavigableMap<String, StoredObject> objects) {
    this.context = context;
    this.objects = objects;
  }

  /** The JVM-wide bucket of that name, created on first use. */
  static NavigableMap<String, StoredObject> bucket(String name) {
    return BUCKETS.computeIfAbsent(name, n -> new ConcurrentSkipListMap<>());
  }

  /**
   * Stores bytes under a raw object name, bypassing every check: how another tool could fill the
   * bucket with names StorageKit refuses (the TCK's raw-key fixture uses it).
   */
  static void putRaw(String bucket, String name, byte[] bytes) {
    bucket(bucket).put(name, StoredObject.of(bytes.clone()));
  }

  @Override
  public Set<Capability> capabilities() {
    return CAPABILITIES;
  }

  /**
   * One page, from the token (the first name of the next page) or after {@code startAfter}. A
   * folder listing reports each sub-folder once and jumps past it: every name below {@code a/}
   * sorts before {@code a0}, so nothing under a folder is read.
   */
  @Override
  public Page list(ListRequest request) {
    String prefix = request.prefix();
    String from = request.token().orElse(request.after().map(a -> a + '\0').orElse(prefix));
    Map.Entry<String, StoredObject> e = objects.ceilingEntry(from);
    List<StorageFile> files = new ArrayList<>();
    List<String> folders = new ArrayList<>();
    while (e != null && e.getKey().startsWith(prefix) && files.size() + folders.size() < request.pageSize()) {
      int slash = request.folders() ? e.getKey().indexOf('/', prefix.length()) : -1;
      if (slash >= 0) {
        folders.add(e.getKey().substring(0, slash + 1));
        e = objects.ceilingEntry(e.getKey().substring(0, slash) + '0');
      } else {
        files.add(e.getValue().describe(e.getKey()));
        e = objects.higherEntry(e.getKey());
      }
    }
    boolean more = e != null && e.getKey().startsWith(prefix);
    return Page.withFolders(files, folders, more ? e.getKey() : null);
  }

  @Override
  public Optional<StorageFile> stat(String name) {
    return Optional.ofNullable(objects.get(name)).map(o -> o.describe(name));
  }

  @Override
  public InputStream read(ReadRequest request) {
    StoredObject o = find(request.name());
    int from = (int) Math.min(request.offset(), o.bytes().length);
    int to = request.length() < 0 ? o.bytes().length : (int) Math.min(o.bytes().length, from + request.length());
    return new ByteArrayInputStream(o.bytes(), from, to - from);
  }

  @Override
  public StorageFile write(WriteRequest request) throws IOException {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    try (InputStream in = request.file().isPresent() ? Files.newInputStream(request.file().get()) : null) {
      InputStream source = in != null ? in : request.stream().orElseThrow();
      byte[] chunk = new byte[1 << 16];
      int n;
      while ((n = source.read(chunk)) >= 0) {
        buffer.write(chunk, 0, n);
        request.progress().add(n); // a listener's exception aborts here, before anything is stored
      }
    }
    StoredObject stored = StoredObject.of(buffer.toByteArray());
    objects.put(request.name(), stored); // the object appears whole, or not at all
    return stored.describe(request.name());
  }

  @Override
  public StorageFile copy(CopyRequest request) {
    StoredObject copy = StoredObject.of(find(request.source()).bytes());
    objects.put(request.target(), copy);
    return copy.describe(request.target());
  }

  @Override
  public void delete(String name) {
    objects.remove(name);
  }

  /** This backend calls no vendor library, so it has nothing to translate: the engine's defaults apply. */
  @Override
  public Optional<StorageException> translate(Throwable error, String key) {
    return Optional.empty();
  }

  private StoredObject find(String name) {
    StoredObject o = objects.get(name);
    if (o == null) {
      throw context.notFound(name, null);
    }
    return o;
  }
}
