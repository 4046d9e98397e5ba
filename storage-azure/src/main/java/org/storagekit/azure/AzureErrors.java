package org.storagekit.azure;

import com.azure.core.exception.HttpResponseException;
import com.azure.storage.blob.models.BlobErrorCode;
import com.azure.storage.blob.models.BlobStorageException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import org.storagekit.AccessDeniedException;
import org.storagekit.NotFoundException;
import org.storagekit.PreconditionFailedException;
import org.storagekit.StorageException;
import org.storagekit.TransientException;

/**
 * The one place Azure SDK failures become StorageKit exceptions. Messages are built here from the
 * HTTP status, the service's error code and the first line of its message, with anything that
 * looks like a secret (a SAS signature, an account key) removed; the SDK exception is kept as the
 * cause.
 */
final class AzureErrors {
  private static final Pattern SECRETS = Pattern.compile(
      "(?i)(sig=|accountkey=|sharedaccesssignature=|authorization:\\s*)[^&;\\s\"']+");

  private AzureErrors() {}

  /**
   * Translates a failure of an SDK call about {@code key} (or {@code null} for the whole storage).
   * A {@link StorageException} is returned unchanged.
   */
  static StorageException translate(URI storage, String key, Throwable failure) {
    Throwable e = unwrap(failure);
    if (e instanceof StorageException) {
      return (StorageException) e;
    }
    if (e instanceof HttpResponseException) {
      return fromResponse(storage, key, (HttpResponseException) e);
    }
    if (e instanceof IOException || e instanceof TimeoutException) {
      return new TransientException(storage, key,
          "network failure after the SDK's retries: " + describe(e), failure);
    }
    return new StorageException(storage, key, describe(e), failure);
  }

  /**
   * A failed If-Match on a blob read or copied in several requests: it changed in between. Trying
   * again reads the new version, so this is transient.
   */
  static TransientException changedMeanwhile(URI storage, String key, String what, Throwable failure) {
    return new TransientException(storage, key, what + "; try again", failure);
  }

  /** Whether the failure is a 404 for a missing blob (not a missing container). */
  static boolean isBlobNotFound(Throwable failure) {
    Throwable e = unwrap(failure);
    if (!(e instanceof HttpResponseException) || status((HttpResponseException) e) != 404) {
      return false;
    }
    return !BlobErrorCode.CONTAINER_NOT_FOUND.equals(errorCode((HttpResponseException) e));
  }

  /** Whether the failure is the service's answer to a range that starts past the end. */
  static boolean isInvalidRange(Throwable failure) {
    Throwable e = unwrap(failure);
    return e instanceof HttpResponseException && status((HttpResponseException) e) == 416;
  }

  /** Whether the failure is a failed condition (If-Match and the like). */
  static boolean isConditionNotMet(Throwable failure) {
    Throwable e = unwrap(failure);
    return e instanceof HttpResponseException && status((HttpResponseException) e) == 412;
  }

  /** Removes SAS signatures and account keys from text that may be shown or logged. */
  static String redact(String text) {
    return text == null ? null : SECRETS.matcher(text).replaceAll("$1<redacted>");
  }

  private static StorageException fromResponse(URI storage, String key, HttpResponseException e) {
    int status = status(e);
    BlobErrorCode code = errorCode(e);
    String reason = "HTTP " + status + (code == null ? "" : " " + code) + serviceMessage(e);
    switch (status) {
      case 404:
        if (BlobErrorCode.CONTAINER_NOT_FOUND.equals(code)) {
          return new NotFoundException(storage, key, "the container does not exist (" + reason + ")", e);
        }
        return new NotFoundException(storage, key, "no such file (" + reason + ")", e);
      case 401:
      case 403:
        return new AccessDeniedException(storage, key,
            "the service refused the credentials or their permissions (" + reason + ")", e);
      case 409:
      case 412:
        return new PreconditionFailedException(storage, key, "a condition on the blob's state failed (" + reason + ")", e);
      case 408:
      case 429:
      case 500:
      case 502:
      case 503:
      case 504:
        return new TransientException(storage, key, "the service is unavailable or throttling after the SDK's retries ("
            + reason + ")", e);
      default:
        return new StorageException(storage, key, reason, e);
    }
  }

  private static int status(HttpResponseException e) {
    if (e instanceof BlobStorageException) {
      return ((BlobStorageException) e).getStatusCode();
    }
    return e.getResponse() == null ? -1 : e.getResponse().getStatusCode();
  }

  private static BlobErrorCode errorCode(HttpResponseException e) {
    if (e instanceof BlobStorageException) {
      return ((BlobStorageException) e).getErrorCode();
    }
    return null;
  }

  private static String serviceMessage(HttpResponseException e) {
    String message = e instanceof BlobStorageException ? ((BlobStorageException) e).getServiceMessage() : null;
    if (message == null || message.isBlank()) {
      return "";
    }
    String first = message.strip().lines().findFirst().orElse("");
    if (first.length() > 300) {
      first = first.substring(0, 300) + "...";
    }
    return ": " + redact(first);
  }

  private static Throwable unwrap(Throwable failure) {
    Throwable e = failure;
    for (int depth = 0; depth < 10 && e.getCause() != null; depth++) {
      if (e instanceof StorageException || e instanceof HttpResponseException) {
        break;
      }
      boolean wrapper = e instanceof UncheckedIOException
          || e.getClass().getName().startsWith("reactor.core.Exceptions")
          || (e.getClass() == RuntimeException.class && e.getCause() != null)
          || e instanceof java.util.concurrent.ExecutionException
          || e instanceof java.util.concurrent.CompletionException;
      if (!wrapper) {
        break;
      }
      e = e.getCause();
    }
    return e;
  }

  private static String describe(Throwable e) {
    String message = e.getMessage();
    String name = e.getClass().getSimpleName();
    if (message == null || message.isBlank()) {
      return name;
    }
    return name + ": " + redact(message.strip().lines().findFirst().orElse(""));
  }
}
