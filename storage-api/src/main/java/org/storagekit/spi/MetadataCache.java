package org.storagekit.spi;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.storagekit.StorageFile;

/**
 * What this instance knows of stored files, for {@code get} and {@code contains} [§9]: a bounded
 * LRU map from key to the file, or to "absent". Thread-safe.
 */
final class MetadataCache {
  private final boolean enabled;
  private final Map<String, Optional<StorageFile>> entries;

  MetadataCache(boolean enabled, int capacity) {
    this.enabled = enabled;
    this.entries = new LinkedHashMap<>(16, 0.75f, true) {
      private static final long serialVersionUID = 1L;

      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Optional<StorageFile>> eldest) {
        return size() > capacity;
      }
    };
  }

  /** The cached answer for {@code key}, or {@code null} if nothing is known. */
  synchronized Optional<StorageFile> get(String key) {
    return enabled ? entries.get(key) : null;
  }

  /** Records what is stored under {@code key} (the file, or empty for "absent"). */
  synchronized void put(String key, Optional<StorageFile> value) {
    if (enabled) {
      entries.put(key, value);
    }
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
