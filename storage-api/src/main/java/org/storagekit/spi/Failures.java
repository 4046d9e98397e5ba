package org.storagekit.spi;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.file.FileSystemException;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.storagekit.AccessDeniedException;
import org.storagekit.StorageException;
import org.storagekit.TransientException;

/**
 * The one path by which failures become StorageKit's: the backend's {@link StorageBackend#translate}
 * hook first, then the defaults. Every call into a backend goes through {@link #call}.
 */
final class Failures {
  private final URI uri;
  private final StorageBackend backend;

  Failures(URI uri, StorageBackend backend) {
    this.uri = uri;
    this.backend = backend;
  }

  /** A backend operation, allowed to throw anything. */
  @FunctionalInterface
  interface Operation<T> {
    T run() throws Exception;
  }

  /** Runs {@code operation}, translating whatever it throws. */
  <T> T call(String key, Operation<T> operation) {
    try {
      return operation.run();
    } catch (Exception e) {
      throw translate(e, key);
    }
  }

  /** Runs {@code operation} as a {@link Callable} whose failures are already translated. */
  <T> Callable<T> translated(String key, Operation<T> operation) {
    return () -> call(key, operation);
  }

  /**
   * The exception a caller sees for {@code error}: ours, with the original as its cause; argument,
   * state and unsupported-operation errors (ours or a listener's) pass unchanged.
   */
  RuntimeException translate(Throwable error, String key) {
    if (error instanceof Error) {
      throw (Error) error;
    }
    if (error instanceof StorageException) {
      return (StorageException) error;
    }
    SourceStream.Failure source = SourceStream.find(error);
    if (source != null) {
      return new StorageException(uri, key, source.getMessage(), error); // the caller's stream, not the network
    }
    Optional<StorageException> mine;
    try {
      mine = backend.translate(error, key);
    } catch (RuntimeException e) {
      e.addSuppressed(error);
      return new StorageException(uri, key, "the backend failed to describe a failure: " + describe(e), e);
    }
    if (mine.isPresent()) {
      return mine.get();
    }
    if (error instanceof IllegalArgumentException || error instanceof IllegalStateException
        || error instanceof UnsupportedOperationException) {
      return (RuntimeException) error;
    }
    Throwable cause = error instanceof UncheckedIOException && error.getCause() != null ? error.getCause() : error;
    if (cause instanceof java.nio.file.AccessDeniedException) {
      return new AccessDeniedException(uri, key, describe(cause), error);
    }
    if (cause instanceof FileSystemException) {
      return new StorageException(uri, key, describe(cause), error); // local files: not worth a retry
    }
    if (cause instanceof InterruptedIOException && !(cause instanceof SocketTimeoutException)
        || cause instanceof InterruptedException) {
      Thread.currentThread().interrupt();
      return new StorageException(uri, key, "interrupted: " + describe(cause), error);
    }
    if (cause instanceof IOException) {
      return new TransientException(uri, key, describe(cause), error); // the network: a retry may succeed
    }
    return new StorageException(uri, key, describe(cause), error);
  }

  /**
   * Whether {@code error} is a transient failure by the same rules as {@link #translate}: what a
   * retry may cure (the network, a timeout, a 5xx), not the caller's stream, a local file or an
   * interrupt.
   */
  boolean isTransient(Throwable error, String key) {
    return !(error instanceof Error) && translate(error, key) instanceof TransientException;
  }

  static String describe(Throwable e) {
    String message = e.getMessage();
    return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }
}
