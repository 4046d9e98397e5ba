package org.storagekit;

import java.net.URI;

/** The file already exists, or a condition on its state (an ETag, a generation) did not hold. */
public class PreconditionFailedException extends StorageException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception; see {@link StorageException#StorageException(URI, String, String, Throwable)}. */
  public PreconditionFailedException(URI storage, String key, String reason, Throwable cause) {
    super(storage, key, reason, cause);
  }

  /** Creates the exception without a cause. */
  public PreconditionFailedException(URI storage, String key, String reason) {
    super(storage, key, reason, null);
  }
}
