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
 */
public record ListRequest(String prefix, String pageToken, int pageSize) {

  /** Validates the request. */
  public ListRequest {
    Objects.requireNonNull(prefix, "prefix");
    if (pageSize < 1) {
      throw new IllegalArgumentException("pageSize must be >= 1: " + pageSize);
    }
  }

  /** The first page of a listing of {@code prefix}. */
  public static ListRequest first(String prefix, int pageSize) {
    return new ListRequest(prefix, null, pageSize);
  }

  /** The page after the one that returned {@code token}. */
  public ListRequest next(String token) {
    return new ListRequest(prefix, Objects.requireNonNull(token, "token"), pageSize);
  }

  /** The page token, absent for the first page. */
  public Optional<String> token() {
    return Optional.ofNullable(pageToken);
  }
}
