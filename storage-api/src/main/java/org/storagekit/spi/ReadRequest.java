package org.storagekit.spi;

import java.util.Objects;

/**
 * A read of an object's bytes.
 *
 * @param name full object name
 * @param offset first byte, at least 0
 * @param length bytes to read, or {@code -1} for "to the end"; never 0 (the engine answers those)
 */
public record ReadRequest(String name, long offset, long length) {

  /** Validates the request. */
  public ReadRequest {
    Objects.requireNonNull(name, "name");
    if (offset < 0 || length < -1 || length == 0) {
      throw new IllegalArgumentException("bad range for '" + name + "': offset " + offset + ", length " + length);
    }
  }

  /** The whole object. */
  public static ReadRequest whole(String name) {
    return new ReadRequest(name, 0, -1);
  }

  /** Whether this reads the whole object. */
  public boolean isWhole() {
    return offset == 0 && length < 0;
  }
}
