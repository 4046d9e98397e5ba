package org.storagekit.gcs;

import com.google.auth.Credentials;
import com.google.auth.ServiceAccountSigner;
import com.google.cloud.BatchResult;
import com.google.cloud.ReadChannel;
import com.google.cloud.storage.Blob;
import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.HttpMethod;
import com.google.cloud.storage.Storage.BlobListOption;
import com.google.cloud.storage.Storage.SignUrlOption;
import com.google.cloud.storage.StorageBatch;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.storagekit.Capability;
import org.storagekit.Checksum;
import org.storagekit.StorageException;
import org.storagekit.StorageFile;
import org.storagekit.spi.CopyRequest;
import org.storagekit.spi.DownloadRequest;
import org.storagekit.spi.Lazy;
import org.storagekit.spi.ListRequest;
import org.storagekit.spi.Page;
import org.storagekit.spi.PresignRequest;
import org.storagekit.spi.ReadRequest;
import org.storagekit.spi.StorageBackend;
import org.storagekit.spi.StorageContext;
import org.storagekit.spi.Transfers;
import org.storagekit.spi.WriteRequest;

/**
 * A Google Cloud Storage bucket, optionally under a prefix, through the JSON API client.
 *
 * <p>Listings carry the whole object resource; folder listings use the delimiter {@code /}, and a
 * {@code startAfter} becomes {@code startOffset}. Reads are undecoded (a {@code gzip} object arrives
 * as stored) and, with a condition, pinned with {@code ifGenerationMatch}; downloads are pinned to
 * the generation that was listed or looked up, make no metadata request, and are verified against
 * its CRC32C. Writes and copies: {@link GcsWrites}; ETags and preconditions: {@link GcsObjects}.
 * Batch deletes go through the JSON API's batch endpoint, 100 a request. Presigned URLs are V4
 * signed URLs, signed with the credentials' service-account key. The client is built on first use,
 * so opening makes no request (not even the credentials' metadata-server probe).
 */
final class GcsBackend implements StorageBackend {
  /** What every GCS storage declares; {@link Capability#PRESIGN} is added where credentials may sign. */
  static final Set<Capability> CAPABILITIES = Set.copyOf(EnumSet.of(Capability.WRITE, Capability.RANGED_READ,
      Capability.COPY, Capability.SERVER_SIDE_COPY, Capability.ETAG, Capability.METADATA,
      Capability.CONDITIONAL_WRITE));
  /** The most calls GCS takes in one batch request. */
  static final int BATCH_SIZE = 100;
  private static final int BUFFER = 1 << 20;

  private final StorageContext context;
  private final GcsStorageConfig config;
  private final String bucket;
  private final Credentials credentials;
  private final Set<Capability> capabilities;
  /** The configured client, or the one built from the configuration on first use. */
  private final Lazy<com.google.cloud.storage.Storage> client;
  private final GcsObjects objects;
  private final GcsWrites writes;

  /**
   * Creates the backend.
   *
   * @param credentials what {@link GcsStorageConfig#credentials()} read, for a client built here
   */
  GcsBackend(StorageContext context, GcsStorageConfig config, Credentials credentials) {
    this.context = context;
    this.config = config;
    this.bucket = config.bucket();
    this.credentials = credentials;
    this.client = new Lazy<>(() -> config.client() != null ? config.client() : config.newClient(credentials));
    this.objects = new GcsObjects(context, bucket);
    this.writes = new GcsWrites(context, objects, client::get, config.chunkSize());
    EnumSet<Capability> caps = EnumSet.copyOf(CAPABILITIES);
    if (config.client() != null || config.credentialsSource() != GcsStorageConfig.CredentialsSource.NONE) {
      caps.add(Capability.PRESIGN); // whether the credentials can sign shows when they are used
    }
    this.capabilities = Set.copyOf(caps);
  }

  @Override
  public Set<Capability> capabilities() {
    return capabilities;
  }

  @Override
  public Optional<StorageException> translate(Throwable error, String key) {
    return GcsErrors.translate(context.uri(), bucket, error, key);
  }

  // ---------------------------------------------------------------- listing

  /**
   * One page of the JSON API's listing; its continuation token is the page token. A folder listing
   * asks with the delimiter {@code /}, and GCS returns each deeper level once, as a prefix.
   */
  @Override
  public Page list(ListRequest request) {
    List<BlobListOption> options = new ArrayList<>();
    options.add(BlobListOption.pageSize(Math.min(config.pageSize(), request.pageSize())));
    if (!request.prefix().isEmpty()) {
      options.add(BlobListOption.prefix(request.prefix()));
    }
    if (request.folders()) {
      options.add(BlobListOption.delimiter("/"));
    }
    request.after().ifPresent(name -> options.add(BlobListOption.startOffset(name))); // inclusive: the engine drops it
    request.token().ifPresent(token -> options.add(BlobListOption.pageToken(token)));
    com.google.api.gax.paging.Page<Blob> page = client.get().list(bucket, options.toArray(new BlobListOption[0]));
    List<StorageFile> files = new ArrayList<>();
    List<String> folders = new ArrayList<>();
    for (Blob blob : page.getValues()) {
      if (blob.isDirectory()) {
        folders.add(blob.getName());
      } else {
        files.add(objects.describe(blob.getName(), blob));
      }
    }
    return Page.withFolders(files, folders, page.hasNextPage() ? page.getNextPageToken() : null);
  }

  // ---------------------------------------------------------------- reading

  @Override
  public Optional<StorageFile> stat(String name) {
    return Optional.ofNullable(client.get().get(objects.id(name))).map(blob -> objects.describe(name, blob));
  }

  /**
   * Opens a reader (pinned to the condition's generation, if any) and fetches its first bytes, so
   * that a missing object or a failed condition shows here rather than on the first read.
   */
  @Override
  public InputStream read(ReadRequest request) throws IOException {
    Long pinned = request.condition().map(objects::pinOf).orElse(null);
    ReadChannel reader = client.get().reader(objects.id(request.name()), GcsObjects.sourceOptions(pinned));
    InputStream in;
    try {
      if (request.offset() > 0) {
        reader.seek(request.offset());
      }
      if (request.length() > 0) {
        reader = reader.limit(request.offset() + request.length()); // a range past the end is cut at the end [§3.6]
      }
      in = new BufferedInputStream(Channels.newInputStream(reader), 1 << 16);
      in.mark(1);
      if (in.read() >= 0) {
        in.reset();
      }
    } catch (IOException | RuntimeException e) {
      reader.close();
      throw e;
    }
    return in;
  }

  /**
   * Streams the object into the temp file, pinned to the generation that was listed or looked up
   * (a concurrent overwrite fails the download with a failed precondition instead of mixing
   * versions), checksumming as it goes against the CRC32C or MD5 that description carries. One
   * request: no metadata lookup.
   */
  @Override
  public void download(DownloadRequest request) throws IOException {
    Checksum.Hasher hasher = request.expected().map(Checksum::newHasher).orElse(null);
    try (ReadChannel reader = client.get().reader(objects.id(request.name()),
            GcsObjects.sourceOptions(objects.pinOf(request.file())));
        FileChannel out = FileChannel.open(request.temp(), StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING)) {
      Transfers.copy(reader, out, ByteBuffer.allocate(BUFFER), hasher, request.progress());
    }
    if (hasher != null) {
      request.verify(hasher.finish());
    }
  }

  // ---------------------------------------------------------------- writing

  @Override
  public StorageFile write(WriteRequest request) throws IOException {
    return writes.write(request);
  }

  @Override
  public StorageFile copy(CopyRequest request) {
    return writes.copy(request);
  }

  /** Deletes the object; the client answers {@code false} for a missing one, which is no error. */
  @Override
  public void delete(String name) {
    client.get().delete(objects.id(name));
  }

  @Override
  public int deleteBatchSize() {
    return BATCH_SIZE;
  }

  /**
   * One batch request of deletes; each object's failure comes back on its own (a missing object is
   * none: the client reports it as "not deleted", without an error).
   */
  @Override
  public Map<String, Throwable> deleteBatch(List<String> names) {
    StorageBatch batch = client.get().batch();
    Map<String, Throwable> failed = new ConcurrentHashMap<>();
    for (String name : names) {
      batch.delete(objects.id(name)).notify(new BatchResult.Callback<>() {
        @Override
        public void success(Boolean deleted) {}

        @Override
        public void error(com.google.cloud.storage.StorageException e) {
          if (e.getCode() != 404) {
            failed.put(name, e);
          }
        }
      });
    }
    batch.submit();
    return failed;
  }

  // ---------------------------------------------------------------- presigning

  /**
   * A V4 signed URL, path style, on the configured host if one is set. A {@code PUT} with a content
   * type signs the {@code Content-Type} header, so the upload must send exactly that.
   */
  @Override
  public URI presign(PresignRequest request) throws IOException {
    Credentials c = credentials != null ? credentials : client.get().getOptions().getCredentials();
    if (!(c instanceof ServiceAccountSigner)) {
      throw new StorageException(context.uri(), context.keyOf(request.name()), "presigning needs a service-account"
          + " key: set " + GcsStorageProvider.CREDENTIALS_FILE + " (GcsStorageConfig.Builder.serviceAccountKey) to a"
          + " service-account JSON key; the credentials in use ("
          + (c == null ? "none" : c.getClass().getSimpleName()) + ") cannot sign");
    }
    List<SignUrlOption> options = new ArrayList<>(List.of(SignUrlOption.withV4Signature(),
        SignUrlOption.signWith((ServiceAccountSigner) c), SignUrlOption.withPathStyle(),
        SignUrlOption.httpMethod(request.method() == PresignRequest.Method.PUT ? HttpMethod.PUT : HttpMethod.GET)));
    BlobInfo.Builder info = BlobInfo.newBuilder(objects.id(request.name()));
    if (request.method() == PresignRequest.Method.PUT && request.contentType() != null) {
      options.add(SignUrlOption.withExtHeaders(Map.of("Content-Type", request.contentType()))); // signed: V4
    }
    String host = config.client() != null ? config.client().getOptions().getHost() : config.host();
    if (host != null) {
      options.add(SignUrlOption.withHostName(host));
    }
    try {
      return client.get().signUrl(info.build(), request.expiry().toSeconds(), TimeUnit.SECONDS,
          options.toArray(new SignUrlOption[0])).toURI();
    } catch (URISyntaxException e) {
      throw new IOException("the client made a malformed signed URL", e);
    }
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
}
