package org.storagekit;

import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

/**
 * Files in one storage location: a bucket, container or folder, optionally under a prefix.
 *
 * <p>This is the whole user contract; {@code SPEC.md} states it as numbered rules, cited here as
 * {@code [§n.m]}. Keys are {@code /}-separated, relative to {@link #uri()}, and validated before any
 * remote call [§1]. Every method throws {@link StorageException} (unchecked) for storage failures,
 * {@link IllegalArgumentException} for bad arguments, {@link IllegalStateException} once closed, and
 * {@link UnsupportedOperationException} for a {@link Capability} the storage does not declare [§13].
 *
 * <p>A storage works like a map from keys to files: {@link #get}, {@link #put}, {@link #remove},
 * {@link #contains} and iteration agree with {@link #list()} [§2.6].
 *
 * <p>Implementations are thread-safe. Obtain one with {@link Storages#open(String)}, a provider's
 * config class ({@link StorageConfig#open()}), or {@link org.storagekit.guice.StorageModule}. There
 * is one implementation, {@link org.storagekit.spi.StorageEngine}; a backend is written against
 * {@link org.storagekit.spi.StorageBackend}.
 */
public interface Storage extends Iterable<StorageFile>, AutoCloseable {

  /**
   * The normalized location this storage addresses, for example {@code s3://bucket/prefix/} or
   * {@code file:///data/bucket/}. Two storages are {@link #equals equal} exactly when their URIs are
   * [§11].
   */
  URI uri();

  /** The optional features this storage supports [§15]. */
  Set<Capability> capabilities();

  // ---------------------------------------------------------------- listing and lookups

  /**
   * Every file in the storage, fetched lazily page by page [§2.1]. The stream SHOULD be closed
   * (try-with-resources) when not consumed to the end. Order is unspecified [§2.7].
   */
  Stream<StorageFile> list();

  /**
   * Every file whose key starts with {@code prefix} (a plain string prefix: {@code "a/b"} matches
   * {@code "a/b/c"} and {@code "a/bc"}) [§2.3].
   *
   * @throws IllegalArgumentException if the prefix starts with {@code /} or holds a control character
   */
  Stream<StorageFile> list(String prefix);

  /** Same files as {@link #list()} [§2.6]. */
  @Override
  default Iterator<StorageFile> iterator() {
    return list().iterator();
  }

  /**
   * Map-style lookup: the file stored under {@code key}, or empty [§2.6].
   *
   * @throws IllegalArgumentException if the key is invalid [§1.1]
   */
  Optional<StorageFile> get(String key);

  /** Whether a file is stored under {@code key}; agrees with {@link #get} and {@link #list()} [§2.6]. */
  boolean contains(String key);

  // ---------------------------------------------------------------- reading

  /**
   * Downloads {@code key} into the current directory, under the key's file name [§3.2].
   *
   * @return the path written
   * @throws NotFoundException if there is no such file [§3.3]
   */
  Path getFile(String key);

  /**
   * Downloads {@code key} to {@code local}, creating parent folders [§3.1]. If {@code local} is an
   * existing directory the file is written inside it under the key's file name [§3.2]. The file
   * appears atomically and only after its size and checksum are verified; an existing file is
   * replaced only on success [§3.4, §3.5].
   *
   * @return the path written
   * @throws NotFoundException if there is no such file [§3.3]
   */
  default Path getFile(String key, Path local) {
    return getFile(key, local, ProgressListener.none());
  }

  /** As {@link #getFile(String, Path)}, reporting progress to {@code progress} [§12]. */
  Path getFile(String key, Path local, ProgressListener progress);

  /**
   * Downloads every file into {@code directory}, keeping the key hierarchy [§4.1].
   *
   * @throws UnsafeKeyException if a stored key would resolve outside {@code directory}; nothing is
   *     ever written outside it [§4.2]
   */
  default TransferSummary getAllFiles(Path directory) {
    return getAllFiles(directory, ProgressListener.none());
  }

  /** As {@link #getAllFiles(Path)}, reporting progress per file [§4.3]. */
  TransferSummary getAllFiles(Path directory, ProgressListener progress);

  /**
   * Opens the file for reading. The caller MUST close the stream.
   *
   * @throws NotFoundException if there is no such file [§3.3]
   */
  InputStream open(String key);

  /**
   * Opens {@code length} bytes starting at {@code offset}; a range past the end is cut at the end
   * [§3.6].
   *
   * @throws UnsupportedOperationException without {@link Capability#RANGED_READ}
   * @throws IllegalArgumentException if {@code offset} or {@code length} is negative
   */
  InputStream open(String key, long offset, long length);

  // ---------------------------------------------------------------- writing

  /**
   * Map-style put: stores the local file under {@code key} and returns once it is durable [§5.1].
   *
   * @throws IllegalArgumentException if {@code local} is not a readable regular file
   */
  StorageFile put(String key, Path local);

  /**
   * Stores the stream's bytes (of any length, read to the end but not closed) under {@code key} and
   * returns once durable. A failed write leaves no partial file and keeps a previous one [§5.2, §5.3].
   */
  default StorageFile put(String key, InputStream content) {
    return put(key, content, ProgressListener.none());
  }

  /** As {@link #put(String, InputStream)}, reporting progress [§12]. */
  StorageFile put(String key, InputStream content, ProgressListener progress);

  /**
   * Adds a local file in the background [§5.5]. The returned future completes when the file is
   * durable; {@link #flush()} waits for it and reports its failure [§10].
   *
   * @throws IllegalArgumentException at once if {@code local} is not a readable regular file [§5.7]
   */
  default CompletableFuture<StorageFile> addFile(Path local, String key) {
    return addFile(local, key, ProgressListener.none());
  }

  /** As {@link #addFile(Path, String)}, reporting progress [§12]. */
  CompletableFuture<StorageFile> addFile(Path local, String key, ProgressListener progress);

  /**
   * Adds a stream's bytes in the background. The storage takes ownership of the stream and closes
   * it when done [§5.6].
   */
  CompletableFuture<StorageFile> addFile(InputStream content, String key);

  /** Adds a directory under a prefix named like the directory itself [§6.2]. */
  default TransferSummary addDirectory(Path local) {
    return addDirectory(local, null, ProgressListener.none());
  }

  /** Adds a directory under {@code remotePrefix}. */
  default TransferSummary addDirectory(Path local, String remotePrefix) {
    return addDirectory(local, remotePrefix, ProgressListener.none());
  }

  /**
   * Uploads every regular file below {@code local} as {@code remotePrefix/relative/path}, in
   * parallel with bounded concurrency, and returns when all are durable [§6.1, §6.5]. Symbolic links
   * are never followed: they are skipped and listed in {@link TransferSummary#skipped()} [§6.3].
   *
   * @param remotePrefix key prefix, or {@code null} for the directory's name
   * @throws IllegalArgumentException if {@code local} is not a directory [§6.4]
   * @throws StorageException naming every key that failed, after the others finished [§6.5]
   */
  TransferSummary addDirectory(Path local, String remotePrefix, ProgressListener progress);

  /**
   * Copies a file inside this storage, server-side where the backend can [§7].
   *
   * @throws NotFoundException if {@code source} does not exist
   * @throws UnsupportedOperationException without {@link Capability#COPY}
   */
  StorageFile copy(String source, String target);

  /** Deletes a file. Deleting a missing key is not an error, on every backend [§8.1]. */
  void delete(String key);

  /**
   * Map-style remove: deletes the file and says whether it was there [§8.2].
   *
   * @return {@code true} if a file was stored under the key
   */
  boolean remove(String key);

  // ---------------------------------------------------------------- cache, background work

  /**
   * Discards anything this instance cached about the remote, so that changes made by others become
   * visible [§9.3]. Changes made through this instance are always visible at once [§9.2].
   */
  void update();

  /**
   * Waits until every background upload is durable [§10.1].
   *
   * @throws FlushException naming every key whose upload failed since the last flush [§10.2]
   */
  void flush();

  /** Flushes, then releases resources [§10.3]. Later calls throw {@link IllegalStateException}. */
  @Override
  void close();
}
