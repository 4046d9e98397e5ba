package org.storagekit.spi;

import java.util.Objects;
import java.util.Optional;

/**
 * One page of a listing, as the engine asks a {@link StorageBackend} for it.
 *
 * @param prefix full object-name prefix (the storage's prefix plus the caller's); may be empty
 * @param pageToken the token of the previous {@link Page}, or {@code null} for the first page
 * @param pageSize a hint: how many entries the engine suggests per page; a backend MAY return fewer or
 *     more (a provider's own configured page size wins), and any page but the last MAY be short
 * @param startAfter a full object name, or {@code null}: the backend SHOULD start the listing after
 *     it (S3 {@code StartAfter}, GCS {@code startOffset}); the engine drops any name at or before it
 *     anyway, so a backend without such a parameter may ignore it [§2.9]
 * @param folders whether this is a folder listing [§19]: the backend MUST then return only the
 *     objects directly below {@code prefix} as files, and each deeper level once as a folder
 *     ({@link Page#folders()}: the prefix up to and including the next {@code /}), as with S3's
 *     delimiter {@code /}; it MUST NOT read the objects below a folder to find them
 */
public record ListRequest(String prefix, String pageToken, int pageSize, String startAfter, boolean folders) {

  /** Validates the request. */
  public ListRequest {
    Objects.requireNonNull(prefix, "prefix");
    if (pageSize < 1) {
      throw new IllegalArgumentException("pageSize must be >= 1: " + pageSize);
    }
  }

  /** The first page of a listing of {@code prefix}. */
  public static ListRequest first(String prefix, int pageSize) {
    return new ListRequest(prefix, null, pageSize, null, false);
  }

  /** The first page of a folder listing of {@code prefix} (which ends in {@code /} or is empty). */
  public static ListRequest firstFolder(String prefix, int pageSize) {
    return new ListRequest(prefix, null, pageSize, null, true);
  }

  /** This request, starting after the full name {@code name} ({@code null}: from the start). */
  public ListRequest startingAfter(String name) {
    return new ListRequest(prefix, pageToken, pageSize, name == null || name.isEmpty() ? null : name, folders);
  }

  /** The page after the one that returned {@code token}. */
  public ListRequest next(String token) {
    return new ListRequest(prefix, Objects.requireNonNull(token, "token"), pageSize, startAfter, folders);
  }

  /** The page token, absent for the first page. */
  public Optional<String> token() {
    return Optional.ofNullable(pageToken);
  }

  /** The full name to start after, if any. */
  public Optional<String> after() {
    return Optional.ofNullable(startAfter);
  }
}
