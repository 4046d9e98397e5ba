package org.storagekit.spi;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.storagekit.Capability;
import org.storagekit.Checksum;
import org.storagekit.StorageException;
import org.storagekit.StorageFile;

/**
 * The primitive operations a provider implements; {@link StorageEngine} builds the whole
 * {@link org.storagekit.Storage} contract on them, once. Operations work on full object names (the
 * storage's prefix plus the key, see {@link StorageContext}) and on request values that can grow
 * without changing these signatures.
 *
 * <p>Errors: an operation may throw anything — the backend's vendor exceptions, {@link IOException}s
 * — and SHOULD NOT catch them itself. The engine calls {@link #translate} around every call, and
 * applies its defaults where the backend does not recognise a failure. A missing object is reported
 * by {@link #stat} as empty, or by translating the vendor's "no such key" into a
 * {@link org.storagekit.NotFoundException} that names the key; a missing bucket MUST translate into a
 * {@code NotFoundException} without a key, naming the bucket.
 *
 * <p>Implementations MUST be thread-safe. They are called only by the engine, which has already
 * validated keys, checked capabilities and ordered writes to one key.
 */
public interface StorageBackend {

  /** The optional features this backend supports [§15]; fixed for the backend's lifetime. */
  Set<Capability> capabilities();

  /**
   * One page of the objects whose names start with {@code request.prefix()}. Directory markers
   * (names ending in {@code /}) MAY be included; the engine drops them [§2.4].
   */
  Page list(ListRequest request) throws IOException;

  /** The object's metadata (key: the full name), or empty if it does not exist. */
  Optional<StorageFile> stat(String name) throws IOException;

  /**
   * Opens an object's bytes. A range that starts at or past the end MAY fail with an error that
   * {@link #translate} turns into {@link RangeNotSatisfiableException}, or return an empty stream.
   * Closing the stream early SHOULD abort the transfer rather than drain it.
   */
  InputStream read(ReadRequest request) throws IOException;

  /**
   * Stores an object durably, multipart and parallel where the backend supports it; see
   * {@link WriteRequest}. Returns the stored object's metadata (key: the full name).
   */
  StorageFile write(WriteRequest request) throws IOException;

  /**
   * Copies an object, server-side where the backend can [§7]. Only called with
   * {@link Capability#COPY}.
   */
  StorageFile copy(CopyRequest request) throws IOException;

  /** Deletes an object; a missing object is not an error [§8.1]. */
  void delete(String name) throws IOException;

  /**
   * How many objects one {@link #deleteBatch} request can delete (S3: 1,000), or {@code 0} if the
   * backend has no batch call; the engine then deletes one object a request, in parallel [§20].
   * Asked again at every {@code deleteAll}: a backend that learnt its server refuses batches
   * answers {@code 0} from then on.
   */
  default int deleteBatchSize() {
    return 0;
  }

  /**
   * Deletes up to {@link #deleteBatchSize()} objects in one request; a missing object is not an
   * error. Only called when {@link #deleteBatchSize()} is positive.
   *
   * @return the objects that were not deleted, each with the backend's error (the engine translates
   *     it); empty when all were
   * @throws IOException if the whole request failed (the engine then counts every name as failed)
   * @throws UnsupportedOperationException if the server turned out not to implement the batch
   *     call (S3-compatible servers answering 501): the engine then deletes these names one a
   *     request, in parallel, and asks {@link #deleteBatchSize()} again before the next batch
   */
  default Map<String, Throwable> deleteBatch(List<String> names) throws IOException {
    throw new UnsupportedOperationException("this backend has no batch delete");
  }

  /**
   * A URL for {@code request} that works without credentials [§21]. Only called with
   * {@link Capability#PRESIGN}; the engine has validated the expiry.
   */
  default URI presign(PresignRequest request) throws IOException {
    throw new UnsupportedOperationException("this backend cannot presign URLs");
  }

  /**
   * A checksum that the downloaded bytes of {@code file} must match, where the backend vouches for
   * one. The default picks one of {@link StorageFile#checksums()}, the cheapest to compute.
   */
  default Optional<Checksum> expectedChecksum(StorageFile file) {
    for (Checksum.Algorithm a : List.of(Checksum.Algorithm.CRC32C, Checksum.Algorithm.CRC64NVME,
        Checksum.Algorithm.MD5, Checksum.Algorithm.SHA256)) {
      Optional<Checksum> c = file.checksum(a);
      if (c.isPresent()) {
        return c;
      }
    }
    return Optional.empty();
  }

  /**
   * Fills {@code request.temp()} with the object's bytes and verifies them. The default streams
   * {@link #read} and checks {@link DownloadRequest#expected()}; backends override it for parallel
   * ranged downloads.
   */
  default void download(DownloadRequest request) throws IOException {
    Checksum.Hasher hasher = request.expected().map(Checksum::newHasher).orElse(null);
    try (InputStream in = read(ReadRequest.whole(request.name()));
        FileChannel out = FileChannel.open(request.temp(), StandardOpenOption.WRITE)) {
      Transfers.copy(Channels.newChannel(in), out, ByteBuffer.allocate(Transfers.BUFFER), hasher,
          request.progress());
    }
    long written = java.nio.file.Files.size(request.temp());
    if (written != request.file().size()) {
      throw request.context().sizeMismatch(request.name(), request.file().size(), written); // says more than a checksum
    }
    if (hasher != null) {
      request.verify(hasher.finish());
    }
  }

  /**
   * The one place this backend's failures become StorageKit's: returns the exception the caller
   * should see for {@code error}, with {@code error} as its cause, or empty if the backend does not
   * recognise it (the engine then applies its defaults: network {@link IOException}s become
   * {@link org.storagekit.TransientException}).
   *
   * @param key the key the failed operation was about, or {@code null} for the storage as a whole
   */
  Optional<StorageException> translate(Throwable error, String key);

  /** Releases clients and connection pools; called once, when the storage closes. */
  default void close() throws IOException {}
}
