package org.storagekit.bench;

import java.nio.file.Path;

/**
 * One way of moving files to and from a backend: StorageKit, or a peer measured in the same run.
 * Keys and prefixes are relative to the backend's bucket; a prefix has no trailing slash. An
 * operation a tool does not offer throws {@link UnsupportedOperationException}.
 */
interface Tool extends AutoCloseable {
  /** The name printed in the table. */
  String name();

  /** Stores one local file under {@code key} and returns once it is durable. */
  void upload(Path file, String key) throws Exception;

  /** Fetches {@code key} into {@code file}. */
  void download(String key, Path file) throws Exception;

  /** Stores every file below {@code dir} under {@code prefix/relative/path}. */
  void uploadDir(Path dir, String prefix) throws Exception;

  /** Fetches every file under {@code prefix/} into {@code dir}, keeping the hierarchy. */
  void downloadDir(String prefix, Path dir) throws Exception;

  /** Lists every key under {@code prefix/} and returns how many there were. */
  long list(String prefix) throws Exception;

  @Override
  default void close() {}
}
