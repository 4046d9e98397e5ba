package org.storagekit.azure;

import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.RequestConditions;
import com.azure.core.http.rest.Response;
import com.azure.core.util.Context;
import com.azure.core.util.polling.LongRunningOperationStatus;
import com.azure.core.util.polling.PollResponse;
import com.azure.core.util.polling.SyncPoller;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.BlobContainerAsyncClient;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.models.BlobBeginCopySourceRequestConditions;
import com.azure.storage.blob.models.BlobCopyInfo;
import com.azure.storage.blob.models.BlobHttpHeaders;
import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.blob.models.BlobListDetails;
import com.azure.storage.blob.models.BlobProperties;
import com.azure.storage.blob.models.BlobRange;
import com.azure.storage.blob.models.BlobRequestConditions;
import com.azure.storage.blob.models.BlockBlobItem;
import com.azure.storage.blob.models.CopyStatusType;
import com.azure.storage.blob.models.DeleteSnapshotsOptionType;
import com.azure.storage.blob.models.DownloadRetryOptions;
import com.azure.storage.blob.models.ListBlobsOptions;
import com.azure.storage.blob.models.ParallelTransferOptions;
import com.azure.storage.blob.options.BlobUploadFromFileOptions;
import com.azure.storage.blob.options.BlobBeginCopyOptions;
import com.azure.storage.blob.options.BlobCopyFromUrlOptions;
import com.azure.storage.blob.options.BlobDownloadToFileOptions;
import com.azure.storage.blob.options.BlobInputStreamOptions;
import com.azure.storage.blob.options.BlobParallelUploadOptions;
import com.azure.storage.blob.sas.BlobSasPermission;
import com.azure.storage.blob.sas.BlobServiceSasSignatureValues;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.storagekit.Capability;
import org.storagekit.StorageException;
import org.storagekit.StorageFile;
import org.storagekit.spi.AbstractStorage;
import org.storagekit.spi.ContentChecksum;
import org.storagekit.spi.TransferProgress;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * One Azure Blob Storage container, optionally under a prefix, as a {@link org.storagekit.Storage}.
 *
 * <p>Uploads are block blob uploads through the SDK's buffered parallel upload: anything up to
 * {@link AzureStorageConfig#maxSingleUploadSize()} goes in one request, anything larger as blocks
 * of {@link AzureStorageConfig#blockSize()} staged {@link AzureStorageConfig#maxConcurrency()} at a
 * time and committed at the end, so a failed upload leaves the previous blob untouched. Memory is
 * bounded by those sizes, whatever the length of the stream. The MD5 of the bytes read is computed
 * on the way; the service computes Content-MD5 itself for single-request uploads, which must
 * match, and after a block upload the MD5 is stored as the blob's Content-MD5 (conditionally on
 * the committed ETag). Downloads are parallel ranged reads into the temp file the base class
 * provides, checked against Content-MD5 where the blob has one. Copies are server-side.
 */
final class AzureStorage extends AbstractStorage {
  static final Set<Capability> CAPABILITIES = EnumSet.of(Capability.WRITE, Capability.RANGED_READ,
      Capability.COPY, Capability.SERVER_SIDE_COPY, Capability.ETAG, Capability.MULTIPART_UPLOAD);

  private static final Logger LOG = LoggerFactory.getLogger(AzureStorage.class);
  private static final String CONTENT_TYPE = "application/octet-stream";
  private static final String FOLDER_MARKER = "hdi_isfolder";
  private static final int READ_CHUNK = 4 * 1024 * 1024;
  private static final int HASH_BUFFER = 1 << 16;
  private static final HttpHeaderName BLOB_CONTENT_MD5 = HttpHeaderName.fromString("x-ms-blob-content-md5");

  private final AzureStorageConfig config;
  private final BlobContainerClient container;
  private final BlobContainerAsyncClient asyncContainer;

  AzureStorage(URI uri, AzureStorageConfig config, BlobContainerClient container,
      BlobContainerAsyncClient asyncContainer) {
    super(uri, config.prefix(), CAPABILITIES, config.options());
    this.config = config;
    this.container = container;
    this.asyncContainer = asyncContainer;
  }

  // ---------------------------------------------------------------- listing and lookups

  @Override
  protected Iterator<StorageFile> listObjects(String namePrefix) {
    ListBlobsOptions options = new ListBlobsOptions()
        .setMaxResultsPerPage(config.listPageSize())
        .setDetails(new BlobListDetails().setRetrieveMetadata(true));
    if (!namePrefix.isEmpty()) {
      options.setPrefix(namePrefix);
    }
    return new Listing(namePrefix, options);
  }

  /** Blobs under a prefix, one page fetched at a time as the iterator advances. */
  private final class Listing implements Iterator<StorageFile> {
    private final String namePrefix;
    private final ListBlobsOptions options;
    private Iterator<BlobItem> items;
    private StorageFile next;

    Listing(String namePrefix, ListBlobsOptions options) {
      this.namePrefix = namePrefix;
      this.options = options;
    }

    @Override
    public boolean hasNext() {
      try {
        if (items == null) {
          items = container.listBlobs(options, null).iterator();
        }
        while (next == null && items.hasNext()) {
          BlobItem item = items.next();
          if (isFolderMarker(item.getMetadata()) || Boolean.TRUE.equals(item.isPrefix())
              || Boolean.TRUE.equals(item.isDeleted())) {
            continue;
          }
          next = StorageFile.of(item.getName(), item.getProperties().getContentLength(),
              instant(item.getProperties().getLastModified()), etag(item.getProperties().getETag()));
        }
        return next != null;
      } catch (RuntimeException e) {
        throw AzureErrors.translate(uri(), namePrefix.isEmpty() ? null : keyOf(namePrefix), e);
      }
    }

    @Override
    public StorageFile next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      StorageFile f = next;
      next = null;
      return f;
    }
  }

  @Override
  protected Optional<StorageFile> statObject(String name) {
    try {
      BlobProperties p = blob(name).getPropertiesWithResponse(null, null, Context.NONE).getValue();
      if (isFolderMarker(p.getMetadata())) {
        return Optional.empty();
      }
      return Optional.of(describe(name, p));
    } catch (RuntimeException e) {
      if (AzureErrors.isBlobNotFound(e)) {
        return Optional.empty();
      }
      throw AzureErrors.translate(uri(), keyOf(name), e);
    }
  }

  // ---------------------------------------------------------------- reading

  @Override
  protected InputStream openObject(String name, long offset, long length) {
    BlobClient blob = blob(name);
    BlobInputStreamOptions options = new BlobInputStreamOptions()
        .setBlockSize((int) Math.min(READ_CHUNK, config.blockSize()))
        .setRange(new BlobRange(offset, length < 0 ? null : length));
    try {
      return new Translating(blob.openInputStream(options), name);
    } catch (RuntimeException e) {
      if (AzureErrors.isInvalidRange(e)) {
        // the range starts at or past the end: cut at the end [§3.6], once we know the blob is there
        statObject(name).orElseThrow(() -> notFound(name, null));
        return InputStream.nullInputStream();
      }
      throw AzureErrors.translate(uri(), keyOf(name), e);
    }
  }

  /**
   * Downloads in parallel ranges straight into {@code temp}, pinned to the listed ETag so the
   * ranges come from one version, then checks the blob's Content-MD5 where it has one.
   */
  @Override
  protected void getObject(String name, StorageFile meta, Path temp, TransferProgress progress) throws IOException {
    BlobRequestConditions conditions = meta.etag().map(e -> new BlobRequestConditions().setIfMatch(quoted(e)))
        .orElse(null);
    Progress listener = new Progress(progress);
    BlobDownloadToFileOptions options = new BlobDownloadToFileOptions(temp.toString())
        .setParallelTransferOptions(new com.azure.storage.common.ParallelTransferOptions()
            .setBlockSizeLong(config.blockSize())
            .setMaxConcurrency(config.maxConcurrency())
            .setProgressListener(listener))
        .setDownloadRetryOptions(new DownloadRetryOptions().setMaxRetryRequests(config.maxTries()))
        .setRequestConditions(conditions)
        .setOpenOptions(Set.of(StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING));
    Response<BlobProperties> response;
    try {
      // a listener that throws cancels the parallel download at once [§12.3]
      response = Mono.firstWithSignal(asyncContainer.getBlobAsyncClient(name).downloadToFileWithResponse(options),
          listener.<Response<BlobProperties>>failure()).block();
    } catch (RuntimeException e) {
      listener.rethrowFailure();
      if (conditions != null && AzureErrors.isConditionNotMet(e)) {
        throw AzureErrors.changedMeanwhile(uri(), keyOf(name), "the blob changed while it was being downloaded;"
            + " nothing was written", e);
      }
      throw AzureErrors.translate(uri(), keyOf(name), e);
    }
    Optional<ContentChecksum> expected = blobMd5(response);
    if (options().verifyChecksums() && expected.isPresent()) {
      verifyChecksum(name, expected.get(), md5Of(temp));
    }
  }

  /**
   * The whole blob's Content-MD5 from a download response: {@code x-ms-blob-content-md5} on a ranged
   * read, {@code Content-MD5} on a whole one. (The SDK's properties hold only the latter.)
   */
  private static Optional<ContentChecksum> blobMd5(Response<?> response) {
    String value = response.getHeaders().getValue(BLOB_CONTENT_MD5);
    if (value == null && response.getHeaders().getValue(HttpHeaderName.CONTENT_RANGE) == null) {
      value = response.getHeaders().getValue(HttpHeaderName.CONTENT_MD5);
    }
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    try {
      ContentChecksum md5 = ContentChecksum.ofBase64(ContentChecksum.Algorithm.MD5, value.trim());
      return md5.value().length == 16 ? Optional.of(md5) : Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  // ---------------------------------------------------------------- writing

  @Override
  protected StorageFile putFile(String name, Path file, long size, TransferProgress progress) throws IOException {
    if (size <= config.maxSingleUploadSize()) {
      // one request: the service computes Content-MD5 over what it received and upload() compares
      try (InputStream in = Files.newInputStream(file)) {
        return upload(name, in, progress);
      }
    }
    // Blocks: the SDK's file upload reads each block from the file as it sends it, so no block sits
    // on the heap (its stream upload buffers blocks in memory). The MD5 is taken in one pass first,
    // stored as Content-MD5 after the commit, and every download is verified against it.
    ContentChecksum md5 = options().verifyChecksums() ? md5Of(file) : null;
    BlobClient blob = blob(name);
    Progress counted = new Progress(progress);
    ParallelTransferOptions transfer = new ParallelTransferOptions()
        .setBlockSizeLong(config.blockSize())
        .setMaxConcurrency(config.maxConcurrency())
        .setMaxSingleUploadSizeLong(config.maxSingleUploadSize())
        .setProgressListener(counted);
    BlockBlobItem item;
    try {
      item = blob.uploadFromFileWithResponse(new BlobUploadFromFileOptions(file.toString())
          .setParallelTransferOptions(transfer)
          .setHeaders(new BlobHttpHeaders().setContentType(CONTENT_TYPE)), null, Context.NONE).getValue();
    } catch (RuntimeException e) {
      throw AzureErrors.translate(uri(), keyOf(name), e);
    }
    try {
      counted.rethrowFailure(); // the sync file upload cannot be cancelled; undo it instead
    } catch (RuntimeException e) {
      discard(blob, item.getETag());
      throw e;
    }
    if (md5 == null) {
      return StorageFile.of(name, size, instant(item.getLastModified()), etag(item.getETag()));
    }
    return afterBlockUpload(blob, name, item, md5, size);
  }

  @Override
  protected StorageFile putStream(String name, InputStream content, TransferProgress progress) {
    return upload(name, content, progress);
  }

  private StorageFile upload(String name, InputStream content, TransferProgress progress) {
    BlobClient blob = blob(name);
    Hashing in = new Hashing(content, progress);
    BlobParallelUploadOptions options = new BlobParallelUploadOptions(in)
        .setParallelTransferOptions(new ParallelTransferOptions()
            .setBlockSizeLong(config.blockSize())
            .setMaxConcurrency(config.maxConcurrency())
            .setMaxSingleUploadSizeLong(config.maxSingleUploadSize()))
        .setHeaders(new BlobHttpHeaders().setContentType(CONTENT_TYPE))
        .setComputeMd5(options().verifyChecksums());
    BlockBlobItem item;
    try {
      item = blob.uploadWithResponse(options, null, Context.NONE).getValue();
    } catch (RuntimeException e) {
      in.rethrowListenerFailure();
      throw AzureErrors.translate(uri(), keyOf(name), e);
    }
    ContentChecksum sent = in.md5();
    long size = in.count();
    byte[] reported = item.getContentMd5();
    if (reported != null && ContentChecksum.of(ContentChecksum.Algorithm.MD5, reported).equals(sent)) {
      // one request: the service computed Content-MD5 over what it received, and it matches
      return StorageFile.of(name, size, instant(item.getLastModified()), etag(item.getETag()));
    }
    return afterBlockUpload(blob, name, item, sent, size);
  }

  /**
   * After a block upload the blob has no Content-MD5 of its own: store the one computed while
   * streaming, unless the blob changed meanwhile, and check the committed size.
   */
  private StorageFile afterBlockUpload(BlobClient blob, String name, BlockBlobItem item, ContentChecksum sent,
      long size) {
    try {
      BlobProperties p = blob.getPropertiesWithResponse(
          new BlobRequestConditions().setIfMatch(item.getETag()), null, Context.NONE).getValue();
      byte[] stored = p.getContentMd5();
      if (p.getBlobSize() != size
          || (stored != null && !ContentChecksum.of(ContentChecksum.Algorithm.MD5, stored).equals(sent))) {
        discard(blob, item.getETag());
        throw new StorageException(uri(), keyOf(name), "integrity check failed: sent " + size + " bytes with "
            + sent + " but the service holds " + p.getBlobSize() + " bytes"
            + (stored == null ? "" : " with MD5:" + ContentChecksum.of(ContentChecksum.Algorithm.MD5, stored).hex())
            + "; the blob was deleted");
      }
      if (stored != null) {
        return describe(name, p);
      }
      Response<Void> r = blob.setHttpHeadersWithResponse(
          new BlobHttpHeaders().setContentType(CONTENT_TYPE).setContentMd5(sent.value()),
          new BlobRequestConditions().setIfMatch(item.getETag()), null, Context.NONE);
      String etag = r.getHeaders().getValue(HttpHeaderName.ETAG);
      String modified = r.getHeaders().getValue(HttpHeaderName.LAST_MODIFIED);
      return StorageFile.of(name, size,
          modified == null ? instant(p.getLastModified())
              : OffsetDateTime.parse(modified, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant(),
          etag(etag == null ? p.getETag() : etag));
    } catch (StorageException e) {
      throw e;
    } catch (RuntimeException e) {
      if (AzureErrors.isConditionNotMet(e) || AzureErrors.isBlobNotFound(e)) {
        // another writer replaced the blob after our commit; ours was durable, theirs is newer
        LOG.debug("{}: '{}' changed right after upload; Content-MD5 not stored", uri(), keyOf(name));
        return StorageFile.of(name, size, instant(item.getLastModified()), etag(item.getETag()));
      }
      throw AzureErrors.translate(uri(), keyOf(name), e);
    }
  }

  private void discard(BlobClient blob, String etag) {
    try {
      blob.deleteWithResponse(DeleteSnapshotsOptionType.INCLUDE, new BlobRequestConditions().setIfMatch(etag), null,
          Context.NONE);
    } catch (RuntimeException e) {
      LOG.warn("{}: could not delete blob '{}' after a failed integrity check", uri(), blob.getBlobName(), e);
    }
  }

  @Override
  protected StorageFile copyObject(String source, String target) {
    BlobClient from = blob(source);
    BlobClient to = blob(target);
    BlobProperties sourceProperties = statProperties(from, source);
    String sourceUrl = sourceUrl(from);
    try {
      if (sourceProperties.getBlobSize() <= config.syncCopyMaxSize() && canSignSource()) {
        to.copyFromUrlWithResponse(new BlobCopyFromUrlOptions(sourceUrl)
            .setSourceRequestConditions(new RequestConditions().setIfMatch(sourceProperties.getETag())), null,
            Context.NONE);
      } else {
        copyAsync(to, target, sourceUrl, sourceProperties.getETag());
      }
    } catch (StorageException e) {
      throw e;
    } catch (RuntimeException e) {
      if (AzureErrors.isConditionNotMet(e)) {
        throw AzureErrors.changedMeanwhile(uri(), keyOf(target), "the source '" + keyOf(source)
            + "' changed while it was being copied", e);
      }
      throw AzureErrors.translate(uri(), keyOf(target), e);
    }
    return describe(target, statProperties(to, target));
  }

  private void copyAsync(BlobClient to, String target, String sourceUrl, String sourceEtag) {
    SyncPoller<BlobCopyInfo, Void> poller = to.beginCopy(new BlobBeginCopyOptions(sourceUrl)
        .setSourceRequestConditions(new BlobBeginCopySourceRequestConditions().setIfMatch(sourceEtag))
        .setPollInterval(config.copyPollInterval()));
    PollResponse<BlobCopyInfo> last;
    try {
      last = poller.waitForCompletion(config.copyTimeout());
    } catch (RuntimeException e) {
      abort(to, poller);
      throw e;
    }
    CopyStatusType status = last.getValue() == null ? null : last.getValue().getCopyStatus();
    if (last.getStatus() != LongRunningOperationStatus.SUCCESSFULLY_COMPLETED || status != CopyStatusType.SUCCESS) {
      String detail = last.getValue() == null ? null : last.getValue().getError();
      abort(to, poller);
      throw new StorageException(uri(), keyOf(target), "server-side copy ended with status "
          + (status == null ? last.getStatus() : status)
          + (detail == null ? "" : ": " + AzureErrors.redact(detail)));
    }
  }

  private void abort(BlobClient to, SyncPoller<BlobCopyInfo, Void> poller) {
    try {
      poller.cancelOperation();
    } catch (RuntimeException e) {
      LOG.debug("{}: cancelling copy to '{}' failed", uri(), to.getBlobName(), e);
    }
    try {
      to.deleteIfExistsWithResponse(DeleteSnapshotsOptionType.INCLUDE, null, null, Context.NONE);
    } catch (RuntimeException e) {
      LOG.warn("{}: could not delete '{}' after a failed copy", uri(), to.getBlobName(), e);
    }
  }

  /** Whether Copy Blob From URL can be authorized: it needs a SAS on the source URL. */
  private boolean canSignSource() {
    return config.hasAccountKey() || config.sasToken() != null;
  }

  /** The source blob's URL, with a short-lived read SAS (or the configured SAS) where there is one. */
  private String sourceUrl(BlobClient from) {
    String url = from.getBlobUrl();
    if (config.hasAccountKey()) {
      OffsetDateTime expiry = OffsetDateTime.now().plus(config.copyTimeout()).plusMinutes(5);
      return url + "?" + from.generateSas(
          new BlobServiceSasSignatureValues(expiry, new BlobSasPermission().setReadPermission(true)));
    }
    String sas = config.sasToken();
    return sas == null ? url : url + (url.contains("?") ? "&" : "?") + sas;
  }

  private BlobProperties statProperties(BlobClient blob, String name) {
    try {
      return blob.getPropertiesWithResponse(null, null, Context.NONE).getValue();
    } catch (RuntimeException e) {
      throw AzureErrors.translate(uri(), keyOf(name), e);
    }
  }

  @Override
  protected void deleteObject(String name) {
    try {
      blob(name).deleteIfExistsWithResponse(DeleteSnapshotsOptionType.INCLUDE, null, null, Context.NONE);
    } catch (RuntimeException e) {
      throw AzureErrors.translate(uri(), keyOf(name), e);
    }
  }

  // ---------------------------------------------------------------- helpers

  private BlobClient blob(String name) {
    return container.getBlobClient(name);
  }

  private StorageFile describe(String name, BlobProperties p) {
    return StorageFile.of(name, p.getBlobSize(), instant(p.getLastModified()), etag(p.getETag()));
  }

  private static boolean isFolderMarker(Map<String, String> metadata) {
    return metadata != null && metadata.entrySet().stream()
        .anyMatch(e -> FOLDER_MARKER.equalsIgnoreCase(e.getKey()) && "true".equalsIgnoreCase(e.getValue()));
  }

  private static Instant instant(OffsetDateTime time) {
    return time == null ? Instant.EPOCH : time.toInstant();
  }

  /** ETags without the quotes, so listing and lookups report the same string. */
  private static String etag(String etag) {
    if (etag == null) {
      return null;
    }
    return etag.length() >= 2 && etag.startsWith("\"") && etag.endsWith("\"")
        ? etag.substring(1, etag.length() - 1) : etag;
  }

  private static String quoted(String etag) {
    return "\"" + etag + "\"";
  }

  private static ContentChecksum md5Of(Path file) throws IOException {
    ContentChecksum.Hasher hasher = ContentChecksum.hasher(ContentChecksum.Algorithm.MD5);
    ByteBuffer buffer = ByteBuffer.allocate(HASH_BUFFER);
    try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
      while (in.read(buffer) >= 0) {
        buffer.flip();
        hasher.update(buffer);
        buffer.clear();
      }
    }
    return hasher.finish();
  }

  /**
   * Counts the SDK's cumulative progress reports as increments on a {@link TransferProgress}. A
   * listener's exception is not thrown into the SDK (which would lose it) but fails
   * {@link #failure()}, which cancels the transfer, and is rethrown by {@link #rethrowFailure()}.
   */
  private static final class Progress implements com.azure.core.util.ProgressListener {
    private final TransferProgress progress;
    private final Sinks.Empty<Void> failed = Sinks.empty();
    private long last;
    private RuntimeException failure;

    Progress(TransferProgress progress) {
      this.progress = progress;
    }

    @Override
    public synchronized void handleProgress(long bytesTransferred) {
      if (failure != null || bytesTransferred <= last) {
        return;
      }
      try {
        progress.add(bytesTransferred - last);
        last = bytesTransferred;
      } catch (RuntimeException e) {
        failure = e;
        failed.tryEmitError(e);
      }
    }

    /** Never emits a value; fails when the listener throws. */
    <T> Mono<T> failure() {
      return failed.asMono().then(Mono.never());
    }

    synchronized void rethrowFailure() {
      if (failure != null) {
        throw failure;
      }
    }
  }

  /**
   * Computes the MD5 and length of the bytes the SDK reads from the caller's stream, and reports
   * them as progress: a block is read just before it is sent, and a listener that throws fails the
   * read, so the SDK stops before committing anything [§12.3].
   */
  private static final class Hashing extends FilterInputStream {
    private final ContentChecksum.Hasher md5 = ContentChecksum.hasher(ContentChecksum.Algorithm.MD5);
    private final TransferProgress progress;
    private long count;
    private RuntimeException listenerFailure;

    Hashing(InputStream in, TransferProgress progress) {
      super(in);
      this.progress = progress;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n <= 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (listenerFailure != null) {
        throw new IOException("upload aborted by the progress listener", listenerFailure);
      }
      int n = in.read(b, off, len);
      if (n > 0) {
        md5.update(b, off, n);
        count += n;
        try {
          progress.add(n);
        } catch (RuntimeException e) {
          listenerFailure = e;
          throw new IOException("upload aborted by the progress listener", e);
        }
      }
      return n;
    }

    void rethrowListenerFailure() {
      if (listenerFailure != null) {
        throw listenerFailure;
      }
    }

    @Override
    public long skip(long n) throws IOException {
      throw new IOException("skip is not supported while hashing an upload");
    }

    @Override
    public boolean markSupported() {
      return false;
    }

    @Override
    public void close() {
      // the caller owns the stream
    }

    ContentChecksum md5() {
      return md5.finish();
    }

    long count() {
      return count;
    }
  }

  /** Turns the SDK's unchecked failures while reading into IOExceptions with safe messages. */
  private final class Translating extends FilterInputStream {
    private final String name;

    Translating(InputStream in, String name) {
      super(in);
      this.name = name;
    }

    @Override
    public int read() throws IOException {
      try {
        return in.read();
      } catch (RuntimeException e) {
        throw new IOException(AzureErrors.translate(uri(), keyOf(name), e).getMessage(), e);
      }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      try {
        return in.read(b, off, len);
      } catch (RuntimeException e) {
        throw new IOException(AzureErrors.translate(uri(), keyOf(name), e).getMessage(), e);
      }
    }
  }
}
