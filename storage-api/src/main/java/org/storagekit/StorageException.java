package org.storagekit;

import java.net.URI;
import java.util.Optional;

/**
 * The root of every storage failure [§13.1]: it carries the storage's URI, the key (where one is
 * involved) and a reason, and prints as {@code uri key: reason}. The cause is always kept.
 *
 * <p>Subtypes a caller would catch: {@link NotFoundException}, {@link AccessDeniedException},
 * {@link PreconditionFailedException}, {@link TransientException}; plus {@link FlushException} and
 * {@link UnsafeKeyException}.
 */
public class StorageException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final URI storage;
  private final String key;
  private final String reason;

  /**
   * Creates an exception.
   *
   * @param storage the storage's URI, or {@code null} before one exists
   * @param key the key involved, or {@code null}
   * @param reason what went wrong, for a human
   * @param cause the underlying failure, or {@code null}
   */
  public StorageException(URI storage, String key, String reason, Throwable cause) {
    super(format(storage, key, reason), cause);
    this.storage = storage;
    this.key = key;
    this.reason = reason;
  }

  /** As the four-argument constructor, without a cause. */
  public StorageException(URI storage, String key, String reason) {
    this(storage, key, reason, null);
  }

  private static String format(URI storage, String key, String reason) {
    StringBuilder b = new StringBuilder();
    if (storage != null) {
      b.append(storage);
    }
    if (key != null) {
      if (b.length() > 0) {
        b.append(' ');
      }
      b.append('\'').append(key).append('\'');
    }
    if (b.length() > 0) {
      b.append(": ");
    }
    return b.append(reason).toString();
  }

  /** The storage's URI, if known. */
  public Optional<URI> storage() {
    return Optional.ofNullable(storage);
  }

  /** The key involved, if any. */
  public Optional<String> key() {
    return Optional.ofNullable(key);
  }

  /** The reason, without the storage and key. */
  public String reason() {
    return reason;
  }
}
