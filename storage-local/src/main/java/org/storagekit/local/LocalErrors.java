package org.storagekit.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.Optional;
import org.storagekit.AccessDeniedException;
import org.storagekit.NotFoundException;
import org.storagekit.PreconditionFailedException;
import org.storagekit.StorageException;

/** The one place local file-system failures become StorageKit exceptions. */
final class LocalErrors {
  private LocalErrors() {}

  /** The exception for a file-system failure; empty for anything that is not one. */
  static Optional<StorageException> translate(URI storage, String key, Throwable error) {
    Throwable t = error instanceof UncheckedIOException ? error.getCause() : error;
    if (!(t instanceof IOException)) {
      return Optional.empty();
    }
    IOException e = (IOException) t;
    if (e instanceof NoSuchFileException) {
      return Optional.of(new NotFoundException(storage, key, "no such file", error));
    }
    if (e instanceof java.nio.file.AccessDeniedException) {
      return Optional.of(new AccessDeniedException(storage, key,
          "the file system denied access to " + ((FileSystemException) e).getFile(), error));
    }
    if (e instanceof FileAlreadyExistsException || e instanceof NotDirectoryException) {
      return Optional.of(new PreconditionFailedException(storage, key,
          "a file stands where a folder is needed (or the reverse): " + ((FileSystemException) e).getFile(), error));
    }
    String message = e.getMessage();
    return Optional.of(new StorageException(storage, key,
        e.getClass().getSimpleName() + (message == null ? "" : ": " + message), error));
  }
}
