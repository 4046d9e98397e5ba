package org.storagekit.jclouds;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NotDirectoryException;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import org.jclouds.blobstore.ContainerNotFoundException;
import org.jclouds.blobstore.KeyNotFoundException;
import org.jclouds.http.HttpResponse;
import org.jclouds.http.HttpResponseException;
import org.jclouds.rest.AuthorizationException;
import org.jclouds.rest.ResourceNotFoundException;
import org.storagekit.AccessDeniedException;
import org.storagekit.NotFoundException;
import org.storagekit.PreconditionFailedException;
import org.storagekit.StorageException;
import org.storagekit.TransientException;
import org.storagekit.spi.HttpErrors;

/**
 * The one place jclouds failures become StorageKit exceptions: the backend's translation hook. The
 * whole causal chain is inspected, nearest first, as jclouds wraps its failures in layers. Reasons
 * are built from exception types and HTTP status lines only, never from request URLs, headers or
 * response bodies, so no credential or signature can leak into a message.
 */
record JcloudsErrors(URI storage, String container) {
  /** The status jclouds quotes when a reply does not fit the operation. */
  private static final java.util.regex.Pattern STATUS = java.util.regex.Pattern.compile("statusCode=(-?\\d{1,3})\\b");

  /**
   * The StorageKit exception for a failure, with {@code e} as its cause; empty for a bare
   * {@link IOException}, which the engine's defaults describe (network failures are transient).
   *
   * @param key the key involved, or {@code null}
   */
  Optional<StorageException> translate(Throwable e, String key) {
    if (e instanceof StorageException) {
      return Optional.of((StorageException) e);
    }
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      StorageException known = known(t, e, key);
      if (known != null) {
        return Optional.of(known);
      }
    }
    if (e instanceof IOException || e instanceof UncheckedIOException) {
      return Optional.empty();
    }
    return Optional.of(new StorageException(storage, key, describe(e), e));
  }

  private StorageException known(Throwable t, Throwable e, String key) {
    if (t instanceof KeyNotFoundException) {
      return new NotFoundException(storage, key, "no such file", e);
    }
    if (t instanceof ContainerNotFoundException) {
      return new NotFoundException(storage, null, "container '" + container + "' does not exist", e);
    }
    if (t instanceof ResourceNotFoundException) {
      return new NotFoundException(storage, key, "not found", e);
    }
    if (t instanceof AuthorizationException) {
      return new AccessDeniedException(storage, key, "the provider refused the credentials or the access", e);
    }
    if (t instanceof HttpResponseException && ((HttpResponseException) t).getResponse() != null) {
      HttpResponse response = ((HttpResponseException) t).getResponse();
      String reason = response.getMessage() == null ? "the provider refused the request" : response.getMessage();
      return HttpErrors.forStatus(storage, key, response.getStatusCode(), reason, e);
    }
    if (t instanceof FileAlreadyExistsException || t instanceof DirectoryNotEmptyException
        || t instanceof NotDirectoryException) {
      return new PreconditionFailedException(storage, key,
          "a file stands where a folder is needed (or the reverse) in the provider's file layout", e);
    }
    if (t instanceof ConnectException || t instanceof UnknownHostException || t instanceof SocketException
        || t instanceof SocketTimeoutException || t instanceof TimeoutException) {
      return new TransientException(storage, key, "connection failed: " + t.getClass().getSimpleName(), e);
    }
    if (cutShort(t)) {
      return new TransientException(storage, key, "the reply was cut short: " + describe(t), e);
    }
    return null;
  }

  /**
   * Whether jclouds failed on a reply cut short, which it parses as garbage and does not retry: no
   * status line, or one cut within its code ({@code statusCode=-1}, {@code 2}), or its parsers of bodies (XML) and headers (dates)
   * failing on a truncated reply.
   */
  private static boolean cutShort(Throwable t) {
    String message = t.getMessage() == null ? "" : t.getMessage();
    java.util.regex.Matcher status = STATUS.matcher(message);
    if (t instanceof IllegalStateException && status.find() && Integer.parseInt(status.group(1)) < 100) {
      return true; // no status line (-1), or one cut within its code ("HTTP/1.1 2")
    }
    if (t instanceof IllegalArgumentException || t instanceof org.xml.sax.SAXException
        || t.getClass() == RuntimeException.class) {
      for (StackTraceElement frame : t.getStackTrace()) {
        String parser = frame.getClassName();
        if (parser.startsWith("org.jclouds.http.functions.Parse") || parser.startsWith("org.jclouds.s3.functions.Parse")
            || parser.startsWith("org.jclouds.date.")) {
          return true;
        }
      }
    }
    return false;
  }

  /** The failure's type, under Guava's wrappers; the message only where it holds no request details. */
  private static String describe(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getClass().getName().startsWith("com.google.common.")
        && !(root instanceof IllegalArgumentException)) {
      root = root.getCause();
    }
    boolean plain = root instanceof IOException || root instanceof IllegalArgumentException
        || root instanceof IllegalStateException || root instanceof UnsupportedOperationException;
    return root.getClass().getSimpleName() + (plain && root.getMessage() != null ? ": " + root.getMessage() : "");
  }
}
