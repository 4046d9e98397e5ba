package org.storagekit.spi;

import java.net.URI;
import org.storagekit.AccessDeniedException;
import org.storagekit.NotFoundException;
import org.storagekit.PreconditionFailedException;
import org.storagekit.StorageException;
import org.storagekit.TransientException;

/** HTTP status codes to StorageKit exceptions, the same way for every HTTP-based backend. */
public final class HttpErrors {
  private HttpErrors() {}

  /**
   * The exception for an HTTP failure: 404 not found; 401 and 403 access denied; 409 and 412
   * precondition failed; 416 {@link RangeNotSatisfiableException}; 408, 429 and 5xx transient,
   * except 501 (the server does not implement the request: a retry cannot help); anything else a
   * plain {@link StorageException}.
   *
   * @param status the HTTP status code
   * @param reason what the server said (its error code and message), for the exception's message
   */
  public static StorageException forStatus(URI storage, String key, int status, String reason, Throwable cause) {
    String message = reason + " (HTTP " + status + ")";
    switch (status) {
      case 404:
        return new NotFoundException(storage, key, message, cause);
      case 401:
      case 403:
        return new AccessDeniedException(storage, key, message, cause);
      case 409:
      case 412:
        return new PreconditionFailedException(storage, key, message, cause);
      case 416:
        return new RangeNotSatisfiableException(storage, key, cause);
      case 501:
        return new StorageException(storage, key, message + ": the server does not implement this request", cause);
      case 408:
      case 429:
        return new TransientException(storage, key, message, cause);
      default:
        return status >= 500 ? new TransientException(storage, key, message, cause)
            : new StorageException(storage, key, message, cause);
    }
  }
}
