package org.storagekit;

import java.util.Objects;
import java.util.Optional;

/**
 * A condition on a file's current state that a write or read requires [§18]: none, "the key holds
 * no file" (create-only), or "the file's ETag is exactly this". The backend checks it atomically
 * with the operation; when it does not hold, the operation throws
 * {@link PreconditionFailedException} naming the key and changes nothing. Immutable.
 */
public final class Precondition {
  private static final Precondition NONE = new Precondition(false, null);
  private static final Precondition IF_NOT_EXISTS = new Precondition(true, null);

  private final boolean ifNotExists;
  private final String ifMatch;

  private Precondition(boolean ifNotExists, String ifMatch) {
    this.ifNotExists = ifNotExists;
    this.ifMatch = ifMatch;
  }

  /** No condition. */
  public static Precondition none() {
    return NONE;
  }

  /** Create-only: the write fails if any file is stored under the key [§18.1]. */
  public static Precondition ifNotExists() {
    return IF_NOT_EXISTS;
  }

  /**
   * Compare-and-swap: the operation fails unless a file is stored under the key with exactly this
   * {@link StorageFile#etag() ETag} [§18.2].
   */
  public static Precondition ifMatch(String etag) {
    Objects.requireNonNull(etag, "etag");
    if (etag.isBlank()) {
      throw new IllegalArgumentException("ifMatch needs an ETag, not a blank string");
    }
    return new Precondition(false, etag);
  }

  /** The ETag of {@code file}, as a condition: fails if the file changed since it was described. */
  public static Precondition ifMatch(StorageFile file) {
    return ifMatch(file.etag().orElseThrow(() -> new IllegalArgumentException(
        "ifMatch: '" + file.key() + "' has no ETag on this storage")));
  }

  /** Whether this is {@link #none()}. */
  public boolean isNone() {
    return !ifNotExists && ifMatch == null;
  }

  /** Whether this is {@link #ifNotExists()}. */
  public boolean isIfNotExists() {
    return ifNotExists;
  }

  /** The ETag an {@link #ifMatch} condition requires. */
  public Optional<String> ifMatchEtag() {
    return Optional.ofNullable(ifMatch);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Precondition && ((Precondition) o).ifNotExists == ifNotExists
        && Objects.equals(((Precondition) o).ifMatch, ifMatch);
  }

  @Override
  public int hashCode() {
    return Objects.hash(ifNotExists, ifMatch);
  }

  @Override
  public String toString() {
    return ifNotExists ? "ifNotExists" : ifMatch != null ? "ifMatch(" + ifMatch + ")" : "none";
  }
}
