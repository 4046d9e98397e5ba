package org.storagekit.spi;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.storagekit.StorageFile;

/**
 * One page of a listing: files carrying full object names as keys, and the token of the next page
 * if there is one. Immutable. Create with {@link #of} or {@link #last}.
 */
public final class Page {
  private final List<StorageFile> files;
  private final String nextToken;

  private Page(List<StorageFile> files, String nextToken) {
    this.files = List.copyOf(files);
    this.nextToken = nextToken;
  }

  /**
   * A page followed by another.
   *
   * @param nextToken opaque token for {@link ListRequest#next}; {@code null} if this is the last page
   */
  public static Page of(List<StorageFile> files, String nextToken) {
    return new Page(Objects.requireNonNull(files, "files"), nextToken);
  }

  /** The last page of a listing. */
  public static Page last(List<StorageFile> files) {
    return new Page(Objects.requireNonNull(files, "files"), null);
  }

  /** The files of this page, with full object names as keys. */
  public List<StorageFile> files() {
    return files;
  }

  /** The token of the next page; empty on the last page. */
  public Optional<String> nextToken() {
    return Optional.ofNullable(nextToken);
  }

  @Override
  public String toString() {
    return "Page[" + files.size() + " files" + (nextToken == null ? ", last" : ", more") + "]";
  }
}
