package org.storagekit.spi;

import java.net.URI;
import org.storagekit.StorageException;

/**
 * What a backend's {@link StorageBackend#translate} returns for a ranged read that starts at or past
 * the end of the object (HTTP 416). The engine answers such a read with an empty stream [§3.6]; a
 * caller never sees this exception.
 */
public final class RangeNotSatisfiableException extends StorageException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception. */
  public RangeNotSatisfiableException(URI storage, String key, Throwable cause) {
    super(storage, key, "the range starts at or past the end of the file", cause);
  }
}
