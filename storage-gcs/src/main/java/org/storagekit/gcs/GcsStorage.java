package org.storagekit.gcs;

import com.google.api.gax.paging.Page;
import com.google.cloud.ReadChannel;
import com.google.cloud.WriteChannel;
import com.google.cloud.storage.Blob;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.CopyWriter;
import com.google.cloud.storage.Storage.BlobListOption;
import com.google.cloud.storage.Storage.BlobSourceOption;
import com.google.cloud.storage.Storage.CopyRequest;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.storagekit.Capability;
import org.storagekit.PreconditionFailedException;
import org.storagekit.StorageException;
import org.storagekit.StorageFile;
import org.storagekit.StorageOptions;
import org.storagekit.spi.AbstractStorage;
import org.storagekit.spi.ContentChecksum;
import org.storagekit.spi.TransferProgress;
import org.storagekit.spi.Transfers;

/**
 * A Google Cloud Storage bucket, optionally under a prefix, through the JSON API client.
 *
 * <p>Uploads go through resumable upload sessions in chunks of the configured size; an upload that
 * fails is never finalized, so no partial object appears. Downloads stream through a
 * {@link ReadChannel} pinned to the object generation that was looked up, and are verified against
 * the object's CRC32C. Copies are server-side rewrites, repeated until the server reports them
 * done. A file's ETag is its object generation, which changes whenever its content is written, and
 * its last-modified time is that generation's creation time.
 */
final class GcsStorage extends AbstractStorage {
  static final Set<Capability> CAPABILITIES = EnumSet.of(
      Capability.WRITE, Capability.RANGED_READ, Capability.COPY, Capability.SERVER_SIDE_COPY, Capability.ETAG);
  private static final Logger LOG = LoggerFactory.getLogger(GcsStorage.class);
  private static final int BUFFER = 1 << 20;

  private final com.google.cloud.storage.Storage client;
  private final boolean ownsClient;
  private final String bucket;
  private final int chunkSize;
  private final int pageSize;

  GcsStorage(URI uri, String bucket, String prefix, com.google.cloud.storage.Storage client, boolean ownsClient,
      int chunkSize, int pageSize, StorageOptions options) {
    super(uri, prefix, CAPABILITIES, options);
    this.client = client;
    this.ownsClient = ownsClient;
    this.bucket = bucket;
    this.chunkSize = chunkSize;
    this.pageSize = pageSize;
  }

  // ---------------------------------------------------------------- listing

  @Override
  protected Iterator<StorageFile> listObjects(String namePrefix) {
    List<BlobListOption> options = new ArrayList<>();
    options.add(BlobListOption.pageSize(pageSize));
    if (!namePrefix.isEmpty()) {
      options.add(BlobListOption.prefix(namePrefix));
    }
    Page<Blob> first;
    try {
      first = client.list(bucket, options.toArray(new BlobListOption[0]));
    } catch (RuntimeException e) {
      throw GcsErrors.translate(uri(), null, e);
    }
    return new Listing(first.iterateAll().iterator());
  }

  /** Blobs of a lazily paged listing as files; the client fetches the next page when needed. */
  private final class Listing implements Iterator<StorageFile> {
    private final Iterator<Blob> blobs;

    Listing(Iterator<Blob> blobs) {
      this.blobs = blobs;
    }

    @Override
    public boolean hasNext() {
      try {
        return blobs.hasNext();
      } catch (RuntimeException e) {
        throw GcsErrors.translate(uri(), null, e);
      }
    }

    @Override
    public StorageFile next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      Blob blob = blobs.next();
      return describe(blob.getName(), blob);
    }
  }

  // ---------------------------------------------------------------- reading

  @Override
  protected Optional<StorageFile> statObject(String name) {
    return lookup(name).map(blob -> describe(name, blob));
  }

  @Override
  protected InputStream openObject(String name, long offset, long length) throws IOException {
    Blob blob = lookup(name).orElseThrow(() -> notFound(name, null));
    long size = sizeOf(name, blob);
    if (offset >= size && offset > 0) {
      return InputStream.nullInputStream(); // nothing past the end; no request needed
    }
    ReadChannel reader = reader(name, blob);
    try {
      if (offset > 0) {
        reader.seek(offset);
      }
      if (length >= 0 && length < size - offset) {
        reader = reader.limit(offset + length); // a range past the end is cut at the end [§3.6]
      }
    } catch (IOException | RuntimeException e) {
      reader.close();
      throw GcsErrors.translate(uri(), keyOf(name), e);
    }
    return Channels.newInputStream(reader);
  }

  /**
   * Streams the object into {@code temp}, checksumming as it goes, and compares with the CRC32C
   * the server holds for exactly the generation read.
   */
  @Override
  protected void getObject(String name, StorageFile meta, Path temp, TransferProgress progress) throws IOException {
    Blob blob = lookup(name).orElseThrow(() -> notFound(name, null));
    String generation = etagOf(blob);
    if (meta.etag().isPresent() && generation != null && !meta.etag().get().equals(generation)) {
      throw new PreconditionFailedException(uri(), keyOf(name),
          "the object changed after it was looked up (generation " + meta.etag().get() + " is now "
              + generation + "); try again");
    }
    ContentChecksum expected = options().verifyChecksums() ? crc32cOf(blob) : null;
    ContentChecksum.Hasher hasher = expected == null ? null : expected.newHasher();
    try (ReadChannel reader = reader(name, blob);
        FileChannel out = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
      Transfers.copy(reader, out, ByteBuffer.allocate(BUFFER), hasher, progress);
    } catch (IOException | com.google.cloud.BaseServiceException e) {
      throw GcsErrors.translate(uri(), keyOf(name), e);
    }
    if (hasher != null) {
      verifyChecksum(name, expected, hasher.finish());
    }
  }

  /** A reader of exactly the generation looked up, returning the stored bytes undecoded. */
  private ReadChannel reader(String name, Blob blob) {
    List<BlobSourceOption> options = new ArrayList<>();
    options.add(BlobSourceOption.shouldReturnRawInputStream(true));
    if (blob.getGeneration() != null) {
      options.add(BlobSourceOption.generationMatch(blob.getGeneration()));
    }
    try {
      return client.reader(BlobId.of(bucket, name), options.toArray(new BlobSourceOption[0]));
    } catch (RuntimeException e) {
      throw GcsErrors.translate(uri(), keyOf(name), e);
    }
  }

  // ---------------------------------------------------------------- writing

  @Override
  protected StorageFile putFile(String name, Path file, long size, TransferProgress progress) throws IOException {
    try (FileChannel source = FileChannel.open(file, StandardOpenOption.READ)) {
      return upload(name, source, progress);
    }
  }

  @Override
  protected StorageFile putStream(String name, InputStream content, TransferProgress progress) throws IOException {
    return upload(name, Channels.newChannel(content), progress);
  }

  /**
   * Sends {@code source} through a resumable upload session, one chunk at a time; only the chunk
   * buffer is held in memory. The session is finalized (the object appears) only when the whole
   * source was sent; on any failure it is abandoned unfinalized, which GCS discards. The client
   * sends the CRC32C of what it sent with the final chunk, and the server refuses a mismatch; the
   * stored object's CRC32C is then compared with the bytes read from {@code source}.
   */
  private StorageFile upload(String name, ReadableByteChannel source, TransferProgress progress) throws IOException {
    BlobId id = BlobId.of(bucket, name);
    ContentChecksum.Hasher sent = ContentChecksum.hasher(ContentChecksum.Algorithm.CRC32C);
    WriteChannel writer;
    try {
      writer = client.writer(BlobInfo.newBuilder(id).build());
      writer.setChunkSize(chunkSize);
    } catch (RuntimeException e) {
      throw GcsErrors.translate(uri(), keyOf(name), e);
    }
    long total;
    try {
      total = Transfers.copy(source, writer, ByteBuffer.allocate(Math.min(BUFFER, chunkSize)), sent, progress);
    } catch (IOException | RuntimeException e) {
      // The session stays unfinalized: GCS never shows a partial object and expires the session.
      // A progress listener's own exception propagates as it is [§12.3].
      LOG.debug("{}: abandoning the upload session of '{}'", uri(), keyOf(name), e);
      if (e instanceof IOException || e instanceof com.google.cloud.BaseServiceException) {
        throw GcsErrors.translate(uri(), keyOf(name), e);
      }
      throw e;
    }
    try {
      writer.close(); // sends the last chunk and finalizes the object
    } catch (IOException | RuntimeException e) {
      throw GcsErrors.translate(uri(), keyOf(name), e);
    }
    Blob stored = lookup(name).orElseThrow(() -> new StorageException(uri(), keyOf(name),
        "the upload was finalized but the object cannot be found"));
    ContentChecksum checksum = sent.finish();
    ContentChecksum storedChecksum = crc32cOf(stored);
    long storedSize = sizeOf(name, stored);
    boolean sameSize = storedSize == total;
    boolean sameChecksum = storedChecksum == null || !options().verifyChecksums() || storedChecksum.equals(checksum);
    if (!sameSize || !sameChecksum) {
      // Not deleted: the object found may be a concurrent writer's, which is not ours to remove.
      throw new StorageException(uri(), keyOf(name), "integrity check failed: sent " + total + " bytes ("
          + checksum + ") but the bucket holds " + storedSize + " bytes (" + storedChecksum
          + ") at generation " + stored.getGeneration() + " (corrupted, or replaced by a concurrent write)");
    }
    return describe(name, stored);
  }

  @Override
  protected StorageFile copyObject(String source, String target) {
    CopyRequest request = CopyRequest.newBuilder()
        .setSource(BlobId.of(bucket, source))
        .setTarget(BlobId.of(bucket, target))
        .build();
    try {
      CopyWriter rewrite = client.copy(request);
      while (!rewrite.isDone()) {
        rewrite.copyChunk(); // large or cross-location objects take several rewrite calls
      }
      return describe(target, rewrite.getResult());
    } catch (RuntimeException e) {
      // a 404 names the source: the target need not exist, and the bucket is the storage's own
      throw GcsErrors.translate(uri(), keyOf(GcsErrors.isNotFound(e) ? source : target), e);
    }
  }

  @Override
  protected void deleteObject(String name) {
    try {
      client.delete(BlobId.of(bucket, name)); // false when absent: not an error
    } catch (RuntimeException e) {
      if (!GcsErrors.isNotFound(e)) {
        throw GcsErrors.translate(uri(), keyOf(name), e);
      }
    }
  }

  @Override
  protected void closeResources() throws IOException {
    if (!ownsClient) {
      return;
    }
    try {
      client.close();
    } catch (IOException | RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IOException("closing the GCS client failed", e);
    }
  }

  // ---------------------------------------------------------------- metadata

  private Optional<Blob> lookup(String name) {
    try {
      return Optional.ofNullable(client.get(BlobId.of(bucket, name)));
    } catch (RuntimeException e) {
      throw GcsErrors.translate(uri(), keyOf(name), e);
    }
  }

  /**
   * The file as StorageKit describes it. Last-modified is the creation time of the object's current
   * generation, which is when its content was last written (metadata-only updates do not change
   * it); the update time stands in where a server reports no creation time.
   */
  private StorageFile describe(String name, BlobInfo blob) {
    OffsetDateTime time = blob.getCreateTimeOffsetDateTime();
    if (time == null) {
      time = blob.getUpdateTimeOffsetDateTime();
    }
    if (time == null) {
      throw new StorageException(uri(), keyOf(name), "the server reported no update time for the object");
    }
    return StorageFile.of(name, sizeOf(name, blob), time.toInstant(), etagOf(blob));
  }

  private long sizeOf(String name, BlobInfo blob) {
    Long size = blob.getSize();
    if (size == null) {
      throw new StorageException(uri(), keyOf(name), "the server reported no size for the object");
    }
    return size;
  }

  /** The object generation, which changes on every write of the content; else the server's ETag. */
  private static String etagOf(BlobInfo blob) {
    return blob.getGeneration() != null ? Long.toString(blob.getGeneration()) : blob.getEtag();
  }

  /** The CRC32C the server holds (base64 of 4 big-endian bytes), or null if it reported none. */
  private static ContentChecksum crc32cOf(BlobInfo blob) {
    String crc32c = blob.getCrc32c();
    return crc32c == null || crc32c.isEmpty() ? null : ContentChecksum.ofBase64(ContentChecksum.Algorithm.CRC32C, crc32c);
  }
}
