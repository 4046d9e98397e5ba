package org.storagekit;

import java.net.URI;

/** The credentials in use may not perform the operation. */
public class AccessDeniedException extends StorageException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception; see {@link StorageException#StorageException(URI, String, String, Throwable)}. */
  public AccessDeniedException(URI storage, String key, String reason, Throwable cause) {
    super(storage, key, reason, cause);
  }

  /** Creates the exception without a cause. */
  public AccessDeniedException(URI storage, String key, String reason) {
    super(storage, key, reason, null);
  }
}
