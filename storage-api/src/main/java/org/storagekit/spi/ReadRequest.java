package org.storagekit.spi;

import java.util.Objects;
import java.util.Optional;
import org.storagekit.StorageFile;

/**
 * A read of an object's bytes.
 *
 * @param name full object name
 * @param offset first byte, at least 0
 * @param length bytes to read, or {@code -1} for "to the end"; never 0 (the engine answers those)
 * @param ifMatch the object as the engine found it, or {@code null}: the backend MUST then read only
 *     that object (If-Match on its ETag, or its generation) and fail with an error that
 *     {@link StorageBackend#translate} turns into a {@link org.storagekit.PreconditionFailedException}
 *     if it changed [§18.4]
 */
public record ReadRequest(String name, long offset, long length, StorageFile ifMatch) {

  /** Validates the request. */
  public ReadRequest {
    Objects.requireNonNull(name, "name");
    if (offset < 0 || length < -1 || length == 0) {
      throw new IllegalArgumentException("bad range for '" + name + "': offset " + offset + ", length " + length);
    }
  }

  /** A read without a condition. */
  public ReadRequest(String name, long offset, long length) {
    this(name, offset, length, null);
  }

  /** The whole object. */
  public static ReadRequest whole(String name) {
    return new ReadRequest(name, 0, -1);
  }

  /** This read, only of the object {@code file} describes. */
  public ReadRequest matching(StorageFile file) {
    return new ReadRequest(name, offset, length, file);
  }

  /** The object the read requires, if it has a condition. */
  public Optional<StorageFile> condition() {
    return Optional.ofNullable(ifMatch);
  }

  /** Whether this reads the whole object. */
  public boolean isWhole() {
    return offset == 0 && length < 0;
  }
}
