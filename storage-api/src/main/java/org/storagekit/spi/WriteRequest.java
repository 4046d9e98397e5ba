package org.storagekit.spi;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import org.storagekit.Precondition;
import org.storagekit.WriteOptions;

/**
 * A write of one object, from a local file of known size or from a stream of unknown length.
 * Exactly one of {@link #file()} and {@link #stream()} is present.
 *
 * <p>The backend MUST make the object durable before returning and MUST leave no partial object on
 * failure [§5.3]; it counts the bytes it sends on {@link #progress()}, and MUST NOT close the stream.
 * It stores the content headers and metadata of {@link #options()} where it declares
 * {@link org.storagekit.Capability#METADATA} (the engine has already filled in the content type),
 * and checks {@link #precondition()} atomically with the write — on the single request, or on the
 * commit of a multipart or resumable upload — where it declares
 * {@link org.storagekit.Capability#CONDITIONAL_WRITE} [§18.3]. A failed condition leaves nothing
 * behind (abort the multipart upload) and fails with an error that {@link StorageBackend#translate}
 * turns into a {@link org.storagekit.PreconditionFailedException}.
 *
 * @param name full object name
 * @param source the local file, or {@code null} for a stream
 * @param content the stream, or {@code null} for a file
 * @param size the file's size, or {@code -1} for a stream
 * @param progress where to count the bytes sent
 * @param options content type (always set), content headers, metadata and precondition
 */
public record WriteRequest(String name, Path source, InputStream content, long size, TransferProgress progress,
    WriteOptions options) {

  /** Validates the request. */
  public WriteRequest {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(progress, "progress");
    Objects.requireNonNull(options, "options");
    if ((source == null) == (content == null)) {
      throw new IllegalArgumentException("exactly one of a file and a stream is needed for '" + name + "'");
    }
    if (source != null && size < 0) {
      throw new IllegalArgumentException("a file write needs its size for '" + name + "': " + size);
    }
    if (content != null && size != -1) {
      throw new IllegalArgumentException("a stream write has an unknown size for '" + name + "': " + size);
    }
  }

  /** A write of a local file of {@code size} bytes. */
  public static WriteRequest ofFile(String name, Path file, long size, TransferProgress progress,
      WriteOptions options) {
    return new WriteRequest(name, Objects.requireNonNull(file, "file"), null, size, progress, options);
  }

  /** A write of a local file of {@code size} bytes, with no options (tests and tools). */
  public static WriteRequest ofFile(String name, Path file, long size, TransferProgress progress) {
    return ofFile(name, file, size, progress, WriteOptions.defaults());
  }

  /** A write of a stream of unknown length. */
  public static WriteRequest ofStream(String name, InputStream content, TransferProgress progress,
      WriteOptions options) {
    return new WriteRequest(name, null, Objects.requireNonNull(content, "content"), -1, progress, options);
  }

  /** A write of a stream of unknown length, with no options (tests and tools). */
  public static WriteRequest ofStream(String name, InputStream content, TransferProgress progress) {
    return ofStream(name, content, progress, WriteOptions.defaults());
  }

  /** The local file, if this writes one. */
  public Optional<Path> file() {
    return Optional.ofNullable(source);
  }

  /** The stream, if this writes one. */
  public Optional<InputStream> stream() {
    return Optional.ofNullable(content);
  }

  /** The precondition the write must check atomically. */
  public Precondition precondition() {
    return options.precondition();
  }

  /** The content type to store. */
  public String contentType() {
    return options.contentType().orElse(ContentTypes.OCTET_STREAM);
  }
}
