package org.storagekit.gcs;

import java.io.IOException;
import java.net.URI;
import java.util.Locale;
import java.util.Optional;
import org.storagekit.NotFoundException;
import org.storagekit.StorageException;
import org.storagekit.TransientException;
import org.storagekit.spi.HttpErrors;

/**
 * The one place Google Cloud Storage failures become StorageKit exceptions: the backend's
 * {@link org.storagekit.spi.StorageBackend#translate} hook. The client has already spent its
 * retries (its {@code RetrySettings}) by the time a failure reaches this class.
 */
final class GcsErrors {
  private GcsErrors() {}

  /**
   * Translates a failure of the client: a {@link com.google.cloud.storage.StorageException}, or an
   * {@link IOException} from a channel that wraps one. 404 is a missing object, or a missing bucket
   * where the server says so or no object was involved; other statuses map as
   * {@link HttpErrors#forStatus}; a failure the client deems retryable, or one of the network
   * (status 0 over an {@code IOException}), is transient. Anything else is left to the engine.
   *
   * @param key the key of the failed operation, or {@code null}
   */
  static Optional<StorageException> translate(URI storage, String bucket, Throwable error, String key) {
    com.google.cloud.storage.StorageException gcs = find(error);
    if (gcs == null) {
      return Optional.empty();
    }
    int code = gcs.getCode();
    String reason = "GCS " + (gcs.getReason() == null ? "" : gcs.getReason() + ": ") + gcs.getMessage();
    if (cutShort(gcs)) {
      return Optional.of(new TransientException(storage, key, "the reply was cut short within its headers (" + reason
          + "), a transport failure", error));
    }
    if (code == 404 && (key == null || mentionsBucket(gcs.getMessage()))) {
      return Optional.of(new NotFoundException(storage, null, "no such bucket '" + bucket + "': " + reason, error));
    }
    if (code == 0) {
      return Optional.of(gcs.isRetryable() || gcs.getCause() instanceof IOException
          ? new TransientException(storage, key, reason, error) : new StorageException(storage, key, reason, error));
    }
    StorageException mapped = HttpErrors.forStatus(storage, key, code, reason, error);
    if (gcs.isRetryable() && mapped.getClass() == StorageException.class) {
      mapped = new TransientException(storage, key, mapped.reason(), error);
    }
    return Optional.of(mapped);
  }

  /**
   * Whether the client parsed a reply cut short within its headers, which it takes for a whole one
   * and does not retry: a status that no server sends (the first digit of one), or a header it
   * needs missing or malformed (a resumable session's {@code Location}, a chunk's {@code Range}), or
   * no JSON body where one is due (the parser's NullPointerException, "no JSON input found").
   */
  private static boolean cutShort(com.google.cloud.storage.StorageException gcs) {
    if (gcs.getCode() > 0 && gcs.getCode() < 100) {
      return true;
    }
    for (Throwable t = gcs; t != null && t.getCause() != t; t = t.getCause()) {
      String message = t.getMessage() == null ? "" : t.getMessage();
      if (t instanceof java.net.MalformedURLException || message.startsWith("malformed Range header")
          || (t instanceof NullPointerException || t instanceof IllegalArgumentException) && fromJsonParser(t)) {
        return true;
      }
    }
    return false;
  }

  /** Whether {@code t} was thrown while the client's JSON parser read a reply's body. */
  private static boolean fromJsonParser(Throwable t) {
    for (StackTraceElement frame : t.getStackTrace()) {
      if (frame.getClassName().startsWith("com.google.api.client.json.")) {
        return true;
      }
    }
    return false;
  }

  /** Whether the server's message says the bucket is missing ("The specified bucket does not exist."). */
  private static boolean mentionsBucket(String message) {
    return message != null && message.toLowerCase(Locale.ROOT).contains("bucket does not exist");
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
}
