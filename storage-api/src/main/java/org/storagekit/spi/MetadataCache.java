package org.storagekit.spi;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.storagekit.StorageFile;

/**
 * What this instance knows of stored files, for {@code get} and {@code contains} [§9]: a bounded
 * LRU map from key to the file, or to "absent". A file seen in a listing is known to exist, but a
 * listing may not carry everything {@code get} returns [§2.2], so only {@link #contains} answers
 * from it. Thread-safe.
 */
final class MetadataCache {
  private record Entry(Optional<StorageFile> file, boolean complete) {}

  private final boolean enabled;
  private final Map<String, Entry> entries;

  MetadataCache(boolean enabled, int capacity) {
    this.enabled = enabled;
    this.entries = new LinkedHashMap<>(16, 0.75f, true) {
      private static final long serialVersionUID = 1L;

      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
        return size() > capacity;
      }
    };
  }

  /** The cached answer of a stat for {@code key}, or {@code null} if nothing complete is known. */
  synchronized Optional<StorageFile> get(String key) {
    Entry e = enabled ? entries.get(key) : null;
    return e == null || !e.complete() ? null : e.file();
  }

  /** Whether a file exists under {@code key}, or {@code null} if nothing is known. */
  synchronized Boolean contains(String key) {
    Entry e = enabled ? entries.get(key) : null;
    return e == null ? null : e.file().isPresent();
  }

  /** Records what a stat or write found under {@code key} (the file, or empty for "absent"). */
  synchronized void put(String key, Optional<StorageFile> value) {
    if (enabled) {
      entries.put(key, new Entry(value, true));
    }
  }

  /** Records a file seen in a listing, unless something complete is known of it. */
  synchronized void putListed(String key, StorageFile file) {
    if (enabled) {
      Entry known = entries.get(key);
      if (known == null || !known.complete() || !known.file().map(f -> sameContent(f, file)).orElse(false)) {
        entries.put(key, new Entry(Optional.of(file), false));
      }
    }
  }

  private static boolean sameContent(StorageFile a, StorageFile b) {
    return a.size() == b.size() && a.lastModified().equals(b.lastModified()) && a.etag().equals(b.etag());
  }

  /** Forgets {@code key}. */
  synchronized void forget(String key) {
    entries.remove(key);
  }

  /** Forgets everything [§9.3]. */
  synchronized void clear() {
    entries.clear();
  }

  synchronized int size() {
    return entries.size();
  }
}
