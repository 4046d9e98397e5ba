package org.storagekit.jclouds;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NotDirectoryException;
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

/**
 * The one place jclouds failures become StorageKit exceptions. jclouds wraps its failures in
 * several layers (Guava's execution exceptions, {@code RuntimeException} around an
 * {@code IOException}), so the whole causal chain is inspected, nearest first.
 *
 * <p>Reasons are built from exception types and HTTP status lines only, never from request URLs,
 * headers or response bodies, so no credential or signature can leak into a message.
 */
final class JcloudsErrors {
  private JcloudsErrors() {}

  /**
   * Translates a failure of a jclouds call.
   *
   * @param storage the storage's URI
   * @param key the key involved, or {@code null}
   * @param e what jclouds threw
   * @return the StorageKit exception to throw; {@code e} itself if it already is one
   */
  static StorageException translate(URI storage, String key, Throwable e) {
    if (e instanceof StorageException) {
      return (StorageException) e;
    }
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof KeyNotFoundException) {
        return new NotFoundException(storage, key, "no such file", e);
      }
      if (t instanceof ContainerNotFoundException) {
        return new NotFoundException(storage, key, "the container does not exist", e);
      }
      if (t instanceof ResourceNotFoundException) {
        return new NotFoundException(storage, key, "not found", e);
      }
      if (t instanceof AuthorizationException) {
        return new AccessDeniedException(storage, key, "the provider refused the credentials or the access", e);
      }
      if (t instanceof HttpResponseException) {
        StorageException byStatus = byStatus(storage, key, (HttpResponseException) t, e);
        if (byStatus != null) {
          return byStatus;
        }
      }
      if (t instanceof FileAlreadyExistsException || t instanceof DirectoryNotEmptyException
          || t instanceof NotDirectoryException) {
        return new PreconditionFailedException(storage, key,
            "a file stands where a folder is needed (or the reverse) in the provider's file layout", e);
      }
      if (t instanceof ConnectException || t instanceof UnknownHostException || t instanceof SocketException
          || t instanceof InterruptedIOException || t instanceof TimeoutException) {
        return new TransientException(storage, key, "connection failed: " + t.getClass().getSimpleName(), e);
      }
    }
    return new StorageException(storage, key, describe(e), e);
  }

  /** The status code of a jclouds HTTP failure anywhere in the chain, or -1. */
  static int statusCode(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof HttpResponseException) {
        HttpResponse response = ((HttpResponseException) t).getResponse();
        if (response != null) {
          return response.getStatusCode();
        }
      }
    }
    return -1;
  }

  private static StorageException byStatus(URI storage, String key, HttpResponseException t, Throwable e) {
    HttpResponse response = t.getResponse();
    if (response == null) {
      return null;
    }
    int status = response.getStatusCode();
    String reason = "HTTP " + status + (response.getMessage() == null ? "" : " " + response.getMessage());
    switch (status) {
      case 401:
      case 403:
        return new AccessDeniedException(storage, key, reason, e);
      case 404:
        return new NotFoundException(storage, key, reason, e);
      case 409:
      case 412:
        return new PreconditionFailedException(storage, key, reason, e);
      case 408:
      case 429:
      case 500:
      case 502:
      case 503:
      case 504:
        return new TransientException(storage, key, reason, e);
      default:
        return new StorageException(storage, key, reason, e);
    }
  }

  private static String describe(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root
        && (root instanceof RuntimeException && !(root instanceof IllegalArgumentException))
        && root.getClass().getName().startsWith("com.google.common.")) {
      root = root.getCause();
    }
    if (root instanceof IOException || root instanceof IllegalArgumentException
        || root instanceof IllegalStateException || root instanceof UnsupportedOperationException) {
      String message = root.getMessage();
      return root.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
    return root.getClass().getSimpleName();
  }
}
