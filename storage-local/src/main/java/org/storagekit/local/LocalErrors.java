package org.storagekit.local;

import java.io.IOException;
import java.net.URI;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import org.storagekit.AccessDeniedException;
import org.storagekit.NotFoundException;
import org.storagekit.PreconditionFailedException;
import org.storagekit.StorageException;

/** The one place local file-system failures become StorageKit exceptions. */
final class LocalErrors {
  private LocalErrors() {}

  static StorageException translate(URI storage, String key, IOException e) {
    if (e instanceof NoSuchFileException) {
      return new NotFoundException(storage, key, "no such file", e);
    }
    if (e instanceof java.nio.file.AccessDeniedException) {
      return new AccessDeniedException(storage, key, "the file system denied access to " + ((FileSystemException) e).getFile(), e);
    }
    if (e instanceof FileAlreadyExistsException || e instanceof NotDirectoryException) {
      return new PreconditionFailedException(storage, key,
          "a file stands where a folder is needed (or the reverse): " + ((FileSystemException) e).getFile(), e);
    }
    String message = e.getMessage();
    return new StorageException(storage, key,
        e.getClass().getSimpleName() + (message == null ? "" : ": " + message), e);
  }
}
