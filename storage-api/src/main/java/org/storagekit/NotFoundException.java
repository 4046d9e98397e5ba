package org.storagekit;

import java.net.URI;

/** No file is stored under the key (or the container itself is missing) [§3.3]. */
public class NotFoundException extends StorageException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception; see {@link StorageException#StorageException(URI, String, String, Throwable)}. */
  public NotFoundException(URI storage, String key, String reason, Throwable cause) {
    super(storage, key, reason, cause);
  }

  /** Creates the exception without a cause. */
  public NotFoundException(URI storage, String key, String reason) {
    super(storage, key, reason, null);
  }
}
