package org.storagekit;

import java.net.URI;

/** A failure that may go away on retry: throttling, a timeout, a 5xx reply. Retries inside the backend were already spent. */
public class TransientException extends StorageException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception; see {@link StorageException#StorageException(URI, String, String, Throwable)}. */
  public TransientException(URI storage, String key, String reason, Throwable cause) {
    super(storage, key, reason, cause);
  }

  /** Creates the exception without a cause. */
  public TransientException(URI storage, String key, String reason) {
    super(storage, key, reason, null);
  }
}
