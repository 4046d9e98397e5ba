package org.storagekit;

import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
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

  /**
   * The files whose key starts with {@code prefix} and sorts strictly after {@code startAfter} in
   * the byte order of UTF-8 [§2.9]: resumes a listing from its last key.
   *
   * @param startAfter a key (need not exist), or {@code null} or empty to start at the beginning
   */
  Stream<StorageFile> list(String prefix, String startAfter);

  /**
   * One level of the hierarchy below {@code folder}: the files directly in it and its sub-folders,
   * each once, in the byte order of UTF-8, lazily and page by page like {@link #list()} [§19]. {@code folder} is {@code ""} for
   * the top or a key prefix; one that does not end in {@code /} gets one ({@code "logs"} lists
   * {@code logs/}). Nothing is read below a sub-folder: a folder with ten sub-folders of a million
   * files costs a request or two.
   */
  default Stream<StorageEntry> listFolder(String folder) {
    return listFolder(folder, null);
  }

  /** As {@link #listFolder(String)}, only entries whose key sorts after {@code startAfter} [§2.9]. */
  Stream<StorageEntry> listFolder(String folder, String startAfter);

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
  default Path getFile(String key, Path local, ProgressListener progress) {
    return getFile(key, local, Precondition.none(), progress);
  }

  /**
   * As {@link #getFile(String, Path)}, only if the file's ETag is what {@code condition} requires,
   * checked again by the backend on every request of the transfer [§18.4].
   *
   * @throws PreconditionFailedException if the file has another ETag; nothing is written
   * @throws UnsupportedOperationException for a condition without {@link Capability#CONDITIONAL_WRITE}
   * @throws IllegalArgumentException for {@link Precondition#ifNotExists()}, which no read can meet
   */
  Path getFile(String key, Path local, Precondition condition, ProgressListener progress);

  /**
   * Downloads every file into {@code directory}, keeping the key hierarchy [§4.1].
   *
   * @throws UnsafeKeyException if stored keys would resolve outside {@code directory}: after every
   *     safe file was downloaded, naming every refused key, with the {@link TransferSummary} of the
   *     rest; nothing is ever written outside {@code directory} [§4.2]
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
  default InputStream open(String key) {
    return open(key, Precondition.none());
  }

  /**
   * Opens the file for reading, only if its ETag is what {@code condition} requires [§18.4].
   *
   * @throws PreconditionFailedException if the file has another ETag
   * @throws UnsupportedOperationException for a condition without {@link Capability#CONDITIONAL_WRITE}
   */
  InputStream open(String key, Precondition condition);

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
  default StorageFile put(String key, Path local) {
    return put(key, local, WriteOptions.defaults());
  }

  /**
   * As {@link #put(String, Path)}, with a content type, metadata and precondition [§17, §18].
   *
   * @throws PreconditionFailedException if the precondition does not hold; nothing changes
   * @throws UnsupportedOperationException if the options need {@link Capability#METADATA} or
   *     {@link Capability#CONDITIONAL_WRITE} and the storage lacks it
   */
  StorageFile put(String key, Path local, WriteOptions options);

  /**
   * Stores the stream's bytes (of any length, read to the end but not closed) under {@code key} and
   * returns once durable. A failed write leaves no partial file and keeps a previous one [§5.2, §5.3].
   */
  default StorageFile put(String key, InputStream content) {
    return put(key, content, ProgressListener.none());
  }

  /** As {@link #put(String, InputStream)}, reporting progress [§12]. */
  default StorageFile put(String key, InputStream content, ProgressListener progress) {
    return put(key, content, WriteOptions.defaults(), progress);
  }

  /** As {@link #put(String, InputStream)}, with write options [§17, §18], reporting progress [§12]. */
  StorageFile put(String key, InputStream content, WriteOptions options, ProgressListener progress);

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
  default CompletableFuture<StorageFile> addFile(Path local, String key, ProgressListener progress) {
    return addFile(local, key, WriteOptions.defaults(), progress);
  }

  /**
   * As {@link #addFile(Path, String)}, with write options [§17, §18]; a failed precondition fails
   * the future and is reported by {@link #flush()} like any other failure.
   */
  CompletableFuture<StorageFile> addFile(Path local, String key, WriteOptions options, ProgressListener progress);

  /**
   * Adds a stream's bytes in the background. The storage takes ownership of the stream and closes
   * it when done [§5.6].
   */
  default CompletableFuture<StorageFile> addFile(InputStream content, String key) {
    return addFile(content, key, WriteOptions.defaults());
  }

  /** As {@link #addFile(InputStream, String)}, with write options [§17, §18]. */
  CompletableFuture<StorageFile> addFile(InputStream content, String key, WriteOptions options);

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
  default TransferSummary addDirectory(Path local, String remotePrefix, ProgressListener progress) {
    return addDirectory(local, remotePrefix, WriteOptions.defaults(), progress);
  }

  /**
   * As {@link #addDirectory(Path, String, ProgressListener)}, applying {@code options} to every file:
   * the content type, where not set, is guessed per file [§17.2]; {@link Precondition#ifNotExists()}
   * applies to each file, and a file that already exists fails alone [§18.1].
   *
   * @throws IllegalArgumentException for an {@link Precondition#ifMatch ifMatch} condition, which
   *     names one file's ETag
   */
  TransferSummary addDirectory(Path local, String remotePrefix, WriteOptions options, ProgressListener progress);

  /**
   * Copies a file inside this storage, server-side where the backend can [§7].
   *
   * @throws NotFoundException if {@code source} does not exist
   * @throws UnsupportedOperationException without {@link Capability#COPY}
   */
  default StorageFile copy(String source, String target) {
    return copy(source, target, WriteOptions.defaults());
  }

  /**
   * Copies a file with write options: the source's content type and metadata are kept unless
   * {@code options} {@link WriteOptions#setsContent() set any}, and then all are replaced [§17.4];
   * the precondition applies to the target [§18].
   */
  StorageFile copy(String source, String target, WriteOptions options);

  /** Deletes a file. Deleting a missing key is not an error, on every backend [§8.1]. */
  void delete(String key);

  /**
   * Map-style remove: deletes the file and says whether it was there [§8.2].
   *
   * @return {@code true} if a file was stored under the key
   */
  boolean remove(String key);

  /**
   * Deletes many files, in batches where the backend has a batch call (S3 {@code DeleteObjects}, a
   * thousand keys a request) and in parallel otherwise [§20]. Keys are consumed lazily, so a listing
   * of millions can be passed as {@code () -> stream.iterator()}. It never stops at a failed key.
   *
   * @return how many were deleted, and every key that was not with the reason; an invalid key is
   *     one of those, with an {@link IllegalArgumentException} as cause
   */
  DeleteSummary deleteAll(Iterable<String> keys);

  // ---------------------------------------------------------------- presigned URLs

  /**
   * A URL that any HTTP client can {@code GET} the file's bytes from, with no credentials, until
   * {@code expiry} has passed [§21]. The file need not exist yet.
   *
   * @param expiry from 1 second to 7 days
   * @throws UnsupportedOperationException without {@link Capability#PRESIGN}
   * @throws StorageException if the credentials in use cannot sign (it names what is missing)
   */
  URI presignGet(String key, Duration expiry);

  /**
   * A URL that any HTTP client can {@code PUT} a file's bytes to, with no credentials, until
   * {@code expiry} [§21]. The client MUST send {@code Content-Type: contentType} if one is given,
   * and the headers the service requires of every upload, which the provider's README names (Azure:
   * {@code x-ms-blob-type: BlockBlob}).
   *
   * @param contentType the media type the upload must declare, or {@code null} for none
   */
  URI presignPut(String key, Duration expiry, String contentType);

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
