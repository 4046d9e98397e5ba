package org.storagekit.gcs;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.UnknownHostException;
import org.storagekit.AccessDeniedException;
import org.storagekit.NotFoundException;
import org.storagekit.PreconditionFailedException;
import org.storagekit.StorageException;
import org.storagekit.TransientException;

/**
 * The one place Google Cloud Storage failures become StorageKit exceptions. The client has already
 * spent its retries (its {@code RetrySettings}) by the time a failure reaches this class.
 */
final class GcsErrors {
  private GcsErrors() {}

  /**
   * Translates a failure of the client: a {@link com.google.cloud.storage.StorageException}, or an
   * {@link IOException} from a channel that wraps one.
   */
  static StorageException translate(URI storage, String key, Throwable e) {
    if (e instanceof StorageException) {
      return (StorageException) e;
    }
    com.google.cloud.storage.StorageException gcs = find(e);
    if (gcs == null) {
      if (e instanceof InterruptedIOException || e instanceof UnknownHostException
          || e instanceof java.net.ConnectException || e instanceof java.net.SocketException) {
        return new TransientException(storage, key, describe(e), e);
      }
      return new StorageException(storage, key, describe(e), e);
    }
    int code = gcs.getCode();
    String reason = "GCS " + (code == 0 ? "" : code + " ")
        + (gcs.getReason() == null ? "" : gcs.getReason() + ": ") + gcs.getMessage();
    switch (code) {
      case 404:
        return new NotFoundException(storage, key, reason, e);
      case 401:
      case 403:
        return new AccessDeniedException(storage, key, reason, e);
      case 409:
      case 412:
        return new PreconditionFailedException(storage, key, reason, e);
      case 408:
      case 429:
        return new TransientException(storage, key, reason, e);
      default:
        if (code >= 500 || gcs.isRetryable()) {
          return new TransientException(storage, key, reason, e);
        }
        return new StorageException(storage, key, reason, e);
    }
  }

  /** Whether a failure of the client means "no such object or bucket". */
  static boolean isNotFound(Throwable e) {
    com.google.cloud.storage.StorageException gcs = find(e);
    return gcs != null && gcs.getCode() == 404;
  }

  private static com.google.cloud.storage.StorageException find(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof com.google.cloud.storage.StorageException) {
        return (com.google.cloud.storage.StorageException) t;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return null;
  }

  private static String describe(Throwable e) {
    String message = e.getMessage();
    return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }
}
