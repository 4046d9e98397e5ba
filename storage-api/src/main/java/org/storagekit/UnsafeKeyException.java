package org.storagekit;

import java.net.URI;

/**
 * A stored key that cannot be written to the local disk safely, for example {@code ../x},
 * {@code /etc/x} or {@code C:\x}, which other tools can create [§4.2]. Nothing is written for it.
 */
public class UnsafeKeyException extends StorageException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception. */
  public UnsafeKeyException(URI storage, String key, String reason) {
    super(storage, key, reason, null);
  }
}
