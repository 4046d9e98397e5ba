package org.storagekit;

/**
 * One entry of a {@link Storage#listFolder folder listing}: a {@link StorageFile} directly in the
 * folder, or a {@link StorageFolder} below it [§19].
 */
public sealed interface StorageEntry permits StorageFile, StorageFolder {

  /** The key: a file's key, or a folder's key ending in {@code /}. */
  String key();
}
