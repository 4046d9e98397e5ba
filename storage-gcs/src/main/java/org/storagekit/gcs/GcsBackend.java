package org.storagekit.gcs;

import com.google.auth.Credentials;
import com.google.cloud.ReadChannel;
import com.google.cloud.WriteChannel;
import com.google.cloud.storage.Blob;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.CopyWriter;
import com.google.cloud.storage.Storage.BlobListOption;
import com.google.cloud.storage.Storage.BlobSourceOption;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.StandardOpenOption;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.storagekit.Capability;
import org.storagekit.PreconditionFailedException;
import org.storagekit.StorageException;
import org.storagekit.StorageFile;
import org.storagekit.Checksum;
import org.storagekit.spi.CopyRequest;
import org.storagekit.spi.DownloadRequest;
import org.storagekit.spi.Lazy;
import org.storagekit.spi.ListRequest;
import org.storagekit.spi.Page;
import org.storagekit.spi.ReadRequest;
import org.storagekit.spi.StorageBackend;
import org.storagekit.spi.StorageContext;
import org.storagekit.spi.TransferProgress;
import org.storagekit.spi.Transfers;
import org.storagekit.spi.WriteRequest;

/**
 * A Google Cloud Storage bucket, optionally under a prefix, through the JSON API client.
 *
 * <p>Uploads go through resumable upload sessions in chunks of the configured size; an upload that
 * fails is never finalized, so no partial object appears. Downloads stream through a
 * {@link ReadChannel} pinned to the object generation that was looked up, and are verified against
 * the object's CRC32C. Copies are server-side rewrites, repeated until the server reports them
 * done. A file's ETag is its object generation, which changes whenever its content is written, and
 * its last-modified time is that generation's creation time. The client is built on first use, so
 * opening makes no request (not even the credentials' metadata-server probe).
 */
final class GcsBackend implements StorageBackend {
  static final Set<Capability> CAPABILITIES = EnumSet.of(
      Capability.WRITE, Capability.RANGED_READ, Capability.COPY, Capability.SERVER_SIDE_COPY, Capability.ETAG);
  private static final Logger LOG = LoggerFactory.getLogger(GcsBackend.class);
  private static final int BUFFER = 1 << 20;

  private final StorageContext context;
  private final GcsStorageConfig config;
  private final String bucket;
  /** The configured client, or the one built from the configuration on first use. */
  private final Lazy<com.google.cloud.storage.Storage> client;

  /**
   * Creates the backend.
   *
   * @param credentials what {@link GcsStorageConfig#credentials()} read, for a client built here
   */
  GcsBackend(StorageContext context, GcsStorageConfig config, Credentials credentials) {
    this.context = context;
    this.config = config;
    this.bucket = config.bucket();
    this.client = new Lazy<>(() -> config.client() != null ? config.client() : config.newClient(credentials));
  }

  @Override
  public Set<Capability> capabilities() {
    return CAPABILITIES;
  }

  @Override
  public Optional<StorageException> translate(Throwable error, String key) {
    return GcsErrors.translate(context.uri(), bucket, error, key);
  }

  // ---------------------------------------------------------------- listing

  /** One page of the JSON API's listing; its continuation token is the page token. */
  @Override
  public Page list(ListRequest request) {
    List<BlobListOption> options = new ArrayList<>();
    options.add(BlobListOption.pageSize(Math.min(config.pageSize(), request.pageSize())));
    if (!request.prefix().isEmpty()) {
      options.add(BlobListOption.prefix(request.prefix()));
    }
    request.token().ifPresent(token -> options.add(BlobListOption.pageToken(token)));
    com.google.api.gax.paging.Page<Blob> page = client.get().list(bucket, options.toArray(new BlobListOption[0]));
    List<StorageFile> files = new ArrayList<>();
    for (Blob blob : page.getValues()) {
      files.add(describe(blob.getName(), blob));
    }
    return page.hasNextPage() ? Page.of(files, page.getNextPageToken()) : Page.last(files);
  }

  // ---------------------------------------------------------------- reading

  @Override
  public Optional<StorageFile> stat(String name) {
    return lookup(name).map(blob -> describe(name, blob));
  }

  @Override
  public InputStream read(ReadRequest request) throws IOException {
    String name = request.name();
    Blob blob = existing(name);
    long size = sizeOf(name, blob);
    long offset = request.offset();
    if (offset >= size && offset > 0) {
      return InputStream.nullInputStream(); // nothing past the end; no request needed
    }
    ReadChannel reader = reader(name, blob);
    try {
      if (offset > 0) {
        reader.seek(offset);
      }
      if (request.length() >= 0 && request.length() < size - offset) {
        reader = reader.limit(offset + request.length()); // a range past the end is cut at the end [§3.6]
      }
    } catch (IOException | RuntimeException e) {
      reader.close();
      throw e;
    }
    return Channels.newInputStream(reader);
  }

  /**
   * Streams the object into the temp file, checksumming as it goes, and compares with the CRC32C
   * the server holds for exactly the generation read.
   */
  @Override
  public void download(DownloadRequest request) throws IOException {
    String name = request.name();
    Blob blob = existing(name);
    String generation = etagOf(blob);
    Optional<String> seen = request.file().etag();
    if (seen.isPresent() && generation != null && !seen.get().equals(generation)) {
      throw new PreconditionFailedException(context.uri(), context.keyOf(name),
          "the object changed after it was looked up (generation " + seen.get() + " is now " + generation
              + "); try again");
    }
    Checksum expected = request.verifyChecksums() ? crc32cOf(blob) : null;
    Checksum.Hasher hasher = expected == null ? null : expected.newHasher();
    try (ReadChannel reader = reader(name, blob);
        FileChannel out = FileChannel.open(request.temp(), StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING)) {
      Transfers.copy(reader, out, ByteBuffer.allocate(BUFFER), hasher, request.progress());
    }
    if (hasher != null) {
      context.verify(name, expected, hasher.finish());
    }
  }

  /** A reader of exactly the generation looked up, returning the stored bytes undecoded. */
  private ReadChannel reader(String name, Blob blob) {
    List<BlobSourceOption> options = new ArrayList<>();
    options.add(BlobSourceOption.shouldReturnRawInputStream(true));
    if (blob.getGeneration() != null) {
      options.add(BlobSourceOption.generationMatch(blob.getGeneration()));
    }
    return client.get().reader(BlobId.of(bucket, name), options.toArray(new BlobSourceOption[0]));
  }

  // ---------------------------------------------------------------- writing

  @Override
  public StorageFile write(WriteRequest request) throws IOException {
    if (request.file().isPresent()) {
      try (FileChannel source = FileChannel.open(request.file().get(), StandardOpenOption.READ)) {
        return upload(request.name(), source, request.progress());
      }
    }
    return upload(request.name(), Channels.newChannel(request.stream().orElseThrow()), request.progress());
  }

  /**
   * Sends {@code source} through a resumable upload session, one chunk at a time; only the chunk
   * buffer is held in memory. The session is finalized (the object appears) only when the whole
   * source was sent; on any failure it is abandoned unfinalized, which GCS discards. The client
   * sends the CRC32C of what it sent with the final chunk, and the server refuses a mismatch; the
   * stored object's size and CRC32C are then compared with the bytes read from {@code source}. A
   * mismatch is not deleted: the object found may be a concurrent writer's, not ours to remove.
   */
  private StorageFile upload(String name, ReadableByteChannel source, TransferProgress progress) throws IOException {
    Checksum.Hasher sent = Checksum.hasher(Checksum.Algorithm.CRC32C);
    WriteChannel writer = client.get().writer(BlobInfo.newBuilder(BlobId.of(bucket, name)).build());
    writer.setChunkSize(config.chunkSize());
    long total;
    try {
      total = Transfers.copy(source, writer, ByteBuffer.allocate(Math.min(BUFFER, config.chunkSize())), sent,
          progress);
    } catch (IOException | RuntimeException e) {
      // Not closed: the session stays unfinalized, GCS never shows a partial object and expires it.
      LOG.debug("{}: abandoning the upload session of '{}'", context.uri(), context.keyOf(name), e);
      throw e;
    }
    writer.close(); // sends the last chunk and finalizes the object
    Blob stored = lookup(name).orElseThrow(() -> new StorageException(context.uri(), context.keyOf(name),
        "the upload was finalized but the object cannot be found"));
    long storedSize = sizeOf(name, stored);
    if (storedSize != total) {
      throw context.sizeMismatch(name, total, storedSize);
    }
    Checksum storedChecksum = crc32cOf(stored);
    if (storedChecksum != null && context.options().verifyChecksums()) {
      context.verify(name, sent.finish(), storedChecksum);
    }
    return describe(name, stored);
  }

  @Override
  public StorageFile copy(CopyRequest request) {
    CopyWriter rewrite = client.get().copy(com.google.cloud.storage.Storage.CopyRequest.newBuilder()
        .setSource(BlobId.of(bucket, request.source()))
        .setTarget(BlobId.of(bucket, request.target()))
        .build());
    while (!rewrite.isDone()) {
      rewrite.copyChunk(); // large or cross-location objects take several rewrite calls
    }
    return describe(request.target(), rewrite.getResult());
  }

  /** Deletes the object; the client answers {@code false} for a missing one, which is no error. */
  @Override
  public void delete(String name) {
    client.get().delete(BlobId.of(bucket, name));
  }

  /** Closes the client if this backend built it; a given client is its owner's to close. */
  @Override
  public void close() throws IOException {
    Optional<com.google.cloud.storage.Storage> c = client.ifMade();
    if (c.isEmpty() || config.client() != null) {
      return;
    }
    try {
      c.get().close();
    } catch (Exception e) {
      throw e instanceof IOException ? (IOException) e : new IOException("closing the GCS client failed", e);
    }
  }

  // ---------------------------------------------------------------- metadata

  private Optional<Blob> lookup(String name) {
    return Optional.ofNullable(client.get().get(BlobId.of(bucket, name)));
  }

  /** The object's metadata, or a not-found naming its key. */
  private Blob existing(String name) {
    return lookup(name).orElseThrow(() -> context.notFound(name, null));
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
      throw new StorageException(context.uri(), context.keyOf(name), "the server reported no update time for the object");
    }
    return StorageFile.of(name, sizeOf(name, blob), time.toInstant(), etagOf(blob));
  }

  private long sizeOf(String name, BlobInfo blob) {
    Long size = blob.getSize();
    if (size == null) {
      throw new StorageException(context.uri(), context.keyOf(name), "the server reported no size for the object");
    }
    return size;
  }

  /** The object generation, which changes on every write of the content; else the server's ETag. */
  private static String etagOf(BlobInfo blob) {
    return blob.getGeneration() != null ? Long.toString(blob.getGeneration()) : blob.getEtag();
  }

  /** The CRC32C the server holds (base64 of 4 big-endian bytes), or null if it reported none. */
  private static Checksum crc32cOf(BlobInfo blob) {
    String crc32c = blob.getCrc32c();
    return crc32c == null || crc32c.isEmpty() ? null : Checksum.ofBase64(Checksum.Algorithm.CRC32C, crc32c);
  }
}
