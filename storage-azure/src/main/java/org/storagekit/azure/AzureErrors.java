package org.storagekit.azure;

import com.azure.core.exception.HttpResponseException;
import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpRequest;
import com.azure.storage.blob.models.BlobErrorCode;
import com.azure.storage.blob.models.BlobStorageException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import org.storagekit.NotFoundException;
import org.storagekit.PreconditionFailedException;
import org.storagekit.StorageException;
import org.storagekit.TransientException;
import org.storagekit.spi.HttpErrors;

/**
 * The one place Azure SDK failures become StorageKit exceptions: {@link AzureBackend#translate}
 * delegates here. Messages are built from the HTTP status, the service's error code and the first
 * line of its message, with anything that looks like a secret (a SAS signature, an account key)
 * removed; the SDK exception is kept as the cause. A failed condition (412 {@code ConditionNotMet},
 * 409 {@code BlobAlreadyExists}) is a {@link PreconditionFailedException} naming the key.
 */
final class AzureErrors {
  private static final Pattern SECRETS = Pattern.compile(
      "(?i)(sig=|accountkey=|sharedaccesssignature=|authorization:\\s*)[^&;\\s\"']+");
  private static final HttpHeaderName SOURCE_IF_MATCH = HttpHeaderName.fromString("x-ms-source-if-match");

  private final URI storage;
  private final String container;

  AzureErrors(URI storage, String container) {
    this.storage = storage;
    this.container = container;
  }

  /**
   * The exception for a failure of an SDK call about {@code key} (or {@code null} for the whole
   * storage), or empty if it is not the SDK's: the engine's defaults then apply.
   */
  Optional<StorageException> translate(Throwable failure, String key) {
    Throwable e = unwrap(failure);
    if (e instanceof StorageException) {
      return Optional.of((StorageException) e);
    }
    if (e instanceof HttpResponseException) {
      return Optional.of(fromResponse(key, (HttpResponseException) e));
    }
    if (e != failure && (e instanceof IOException || e instanceof TimeoutException)
        && !(e instanceof java.nio.file.FileSystemException)) {
      return Optional.of(new TransientException(storage, key,
          "network failure after the SDK's retries: " + redact(e.toString()), failure));
    }
    if (PrematureClosures.isPrematureClosure(e)) {
      return Optional.of(new TransientException(storage, key,
          "the connection closed before the reply was complete: " + redact(e.toString()), failure));
    }
    return Optional.empty();
  }

  /** Removes SAS signatures and account keys from text that may be shown or logged. */
  static String redact(String text) {
    return text == null ? null : SECRETS.matcher(text).replaceAll("$1<redacted>");
  }

  private StorageException fromResponse(String key, HttpResponseException e) {
    int status = status(e);
    String message = e instanceof BlobStorageException ? ((BlobStorageException) e).getServiceMessage() : null;
    String first = message == null ? "" : message.strip().lines().findFirst().orElse("");
    String reason = (code(e).isEmpty() ? "the service refused the request" : code(e))
        + (first.isEmpty() ? "" : ": " + redact(first.length() > 300 ? first.substring(0, 300) + "..." : first));
    HttpRequest request = e.getResponse() == null ? null : e.getResponse().getRequest();
    if (status == 404 && code(e).equals(BlobErrorCode.CONTAINER_NOT_FOUND.toString())) {
      return new NotFoundException(storage, null, "the container does not exist: '" + container + "' ("
          + reason + ", HTTP 404)", e);
    } else if (status == 412 && (code(e).equals("SourceConditionNotMet") || request != null
        && request.getHeaders().getValue(SOURCE_IF_MATCH) != null && !conditionedTarget(request))) {
      // a copy pinned to one version of its source, which changed in between: a retry copies the new one
      return new TransientException(storage, key, "the source changed while it was being copied; try again", e);
    } else if (status == 412 && request != null && request.getHttpMethod() == HttpMethod.GET) {
      // a read pinned (If-Match) to the blob as looked up or required [§18.4], which is another now
      return new PreconditionFailedException(storage, key, "the blob is not the one required: its ETag changed ("
          + reason + ", HTTP 412)", e);
    }
    return HttpErrors.forStatus(storage, key, status, reason, e);
  }

  /** Whether a 412 may be the target's [§18]: Azurite answers a source's with ConditionNotMet too. */
  private static boolean conditionedTarget(HttpRequest request) {
    return request.getHeaders().getValue(HttpHeaderName.IF_MATCH) != null
        || request.getHeaders().getValue(HttpHeaderName.IF_NONE_MATCH) != null;
  }

  private static int status(HttpResponseException e) {
    return e.getResponse() == null ? -1 : e.getResponse().getStatusCode();
  }

  /** The service's error code ({@code BlobNotFound}, {@code ContainerNotFound}, ...), or empty. */
  private static String code(HttpResponseException e) {
    BlobErrorCode code = e instanceof BlobStorageException ? ((BlobStorageException) e).getErrorCode() : null;
    return code == null ? "" : code.toString();
  }

  /** The SDK's failure inside the wrappers Reactor and the sync clients put around it. */
  private static Throwable unwrap(Throwable failure) {
    Throwable e = failure;
    for (int depth = 0; depth < 10 && e.getCause() != null; depth++) {
      if (!(e instanceof UncheckedIOException || e instanceof ExecutionException || e instanceof CompletionException
          || e.getClass() == RuntimeException.class || e.getClass().getName().startsWith("reactor.core.Exceptions"))) {
        break;
      }
      e = e.getCause();
    }
    return e;
  }
}
