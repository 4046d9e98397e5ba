package org.storagekit;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What a storage knows of one stored file: its key, size, last-modified time and, where the backend
 * has one, an ETag or checksum [§2.2]. Immutable; equal when all fields are equal.
 *
 * <p>Keys in listings are reported as stored, even when another tool wrote a key this library would
 * refuse to write (such as {@code ../x}) [§2.5].
 */
public final class StorageFile {
  private final String key;
  private final long size;
  private final Instant lastModified;
  private final String etag;

  private StorageFile(String key, long size, Instant lastModified, String etag) {
    Objects.requireNonNull(key, "key");
    if (key.isEmpty()) {
      throw new IllegalArgumentException("key must not be empty");
    }
    if (size < 0) {
      throw new IllegalArgumentException("size must be >= 0 for key '" + key + "': " + size);
    }
    this.key = key;
    this.size = size;
    this.lastModified = Objects.requireNonNull(lastModified, "lastModified");
    this.etag = etag == null || etag.isEmpty() ? null : etag;
  }

  /**
   * Creates a file description.
   *
   * @param etag ETag or checksum as the backend reports it, or {@code null} if it has none
   */
  public static StorageFile of(String key, long size, Instant lastModified, String etag) {
    return new StorageFile(key, size, lastModified, etag);
  }

  /** The key, relative to the storage's location. */
  public String key() {
    return key;
  }

  /** Size in bytes. */
  public long size() {
    return size;
  }

  /** When the file was last written. */
  public Instant lastModified() {
    return lastModified;
  }

  /** The backend's ETag or checksum, opaque, if it has one. */
  public Optional<String> etag() {
    return Optional.ofNullable(etag);
  }

  /** The same file under another key. */
  public StorageFile withKey(String newKey) {
    return new StorageFile(newKey, size, lastModified, etag);
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof StorageFile)) {
      return false;
    }
    StorageFile other = (StorageFile) o;
    return size == other.size
        && key.equals(other.key)
        && lastModified.equals(other.lastModified)
        && Objects.equals(etag, other.etag);
  }

  @Override
  public int hashCode() {
    return Objects.hash(key, size, lastModified, etag);
  }

  @Override
  public String toString() {
    return key + " (" + size + " bytes, " + lastModified + (etag == null ? "" : ", etag " + etag) + ")";
  }
}
