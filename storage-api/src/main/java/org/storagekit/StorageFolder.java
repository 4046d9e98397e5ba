package org.storagekit;

import java.util.Objects;

/**
 * A folder in a {@link Storage#listFolder folder listing}: the common prefix, ending in {@code /},
 * of one or more files further down [§19.1]. Folders are not stored; they exist while files do.
 *
 * @param key the folder's key relative to the storage, ending in {@code /}, such as {@code logs/2026/}
 */
public record StorageFolder(String key) implements StorageEntry {

  /** Validates the key. */
  public StorageFolder {
    Objects.requireNonNull(key, "key");
    if (!key.endsWith("/") || key.length() < 2) {
      throw new IllegalArgumentException("a folder key ends in '/' after at least one character: '" + key + "'");
    }
  }
}
