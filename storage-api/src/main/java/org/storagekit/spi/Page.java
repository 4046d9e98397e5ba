package org.storagekit.spi;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.storagekit.StorageFile;

/**
 * One page of a listing: files carrying full object names as keys, for a folder listing the
 * sub-folders (full names ending in {@code /}), and the token of the next page if there is one.
 * Immutable. Create with {@link #of}, {@link #last} or {@link #withFolders}.
 */
public final class Page {
  private final List<StorageFile> files;
  private final List<String> folders;
  private final String nextToken;

  private Page(List<StorageFile> files, List<String> folders, String nextToken) {
    this.files = List.copyOf(Objects.requireNonNull(files, "files"));
    this.folders = List.copyOf(Objects.requireNonNull(folders, "folders"));
    this.nextToken = nextToken;
  }

  /**
   * A page followed by another.
   *
   * @param nextToken opaque token for {@link ListRequest#next}; {@code null} if this is the last page
   */
  public static Page of(List<StorageFile> files, String nextToken) {
    return new Page(files, List.of(), nextToken);
  }

  /** The last page of a listing. */
  public static Page last(List<StorageFile> files) {
    return new Page(files, List.of(), null);
  }

  /**
   * A page of a folder listing.
   *
   * @param folders full names of the sub-folders on this page, each ending in {@code /}
   * @param nextToken the next page's token, or {@code null} on the last page
   */
  public static Page withFolders(List<StorageFile> files, List<String> folders, String nextToken) {
    return new Page(files, folders, nextToken);
  }

  /** The files of this page, with full object names as keys. */
  public List<StorageFile> files() {
    return files;
  }

  /** The sub-folders of this page of a folder listing, full names ending in {@code /}. */
  public List<String> folders() {
    return folders;
  }

  /** The token of the next page; empty on the last page. */
  public Optional<String> nextToken() {
    return Optional.ofNullable(nextToken);
  }

  @Override
  public String toString() {
    return "Page[" + files.size() + " files" + (folders.isEmpty() ? "" : ", " + folders.size() + " folders")
        + (nextToken == null ? ", last" : ", more") + "]";
  }
}
