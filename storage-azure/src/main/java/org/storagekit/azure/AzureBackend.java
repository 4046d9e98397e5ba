package org.storagekit.azure;

import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.RequestConditions;
import com.azure.core.http.rest.PagedResponse;
import com.azure.core.http.rest.Response;
import com.azure.core.util.Context;
import com.azure.core.util.polling.LongRunningOperationStatus;
import com.azure.core.util.polling.PollResponse;
import com.azure.core.util.polling.SyncPoller;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.blob.models.BlobBeginCopySourceRequestConditions;
import com.azure.storage.blob.models.BlobCopyInfo;
import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.blob.models.BlobListDetails;
import com.azure.storage.blob.models.BlobProperties;
import com.azure.storage.blob.models.BlobRange;
import com.azure.storage.blob.models.BlobRequestConditions;
import com.azure.storage.blob.models.CopyStatusType;
import com.azure.storage.blob.models.DeleteSnapshotsOptionType;
import com.azure.storage.blob.models.DownloadRetryOptions;
import com.azure.storage.blob.models.ListBlobsOptions;
import com.azure.storage.blob.options.BlobBeginCopyOptions;
import com.azure.storage.blob.options.BlobCopyFromUrlOptions;
import com.azure.storage.blob.options.BlobInputStreamOptions;
import com.azure.storage.blob.sas.BlobSasPermission;
import com.azure.storage.blob.sas.BlobServiceSasSignatureValues;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.storagekit.Capability;
import org.storagekit.StorageException;
import org.storagekit.StorageFile;
import org.storagekit.Checksum;
import org.storagekit.spi.CopyRequest;
import org.storagekit.spi.DownloadRequest;
import org.storagekit.spi.Etags;
import org.storagekit.spi.Lazy;
import org.storagekit.spi.ListRequest;
import org.storagekit.spi.Page;
import org.storagekit.spi.ReadRequest;
import org.storagekit.spi.StorageBackend;
import org.storagekit.spi.StorageContext;
import org.storagekit.spi.Transfers;
import org.storagekit.spi.WriteRequest;

/**
 * One Azure Blob Storage container, optionally under a prefix, as a {@link StorageBackend}.
 *
 * <p>Uploads are block blob uploads ({@link AzureUploads}). Downloads are parallel ranged reads into
 * the engine's temp file, pinned to the listed ETag, checked against Content-MD5 where the blob has
 * one. Copies are server-side: Copy Blob From URL up to {@link AzureStorageConfig#syncCopyMaxSize()}
 * when the source URL can be signed, a polled asynchronous copy otherwise. Listing returns one page
 * per call, with the service's continuation marker as the page token. With
 * {@link AzureStorageConfig#createContainer()} a missing container is created before the first
 * operation. Failures are translated by {@link AzureErrors} only.
 */
final class AzureBackend implements StorageBackend {
  static final Set<Capability> CAPABILITIES = EnumSet.of(Capability.WRITE, Capability.RANGED_READ,
      Capability.COPY, Capability.SERVER_SIDE_COPY, Capability.ETAG, Capability.MULTIPART_UPLOAD);

  private static final String FOLDER_MARKER = "hdi_isfolder";
  private static final int READ_CHUNK = 4 * 1024 * 1024;
  private static final Checksum.Algorithm MD5 = Checksum.Algorithm.MD5;
  private static final HttpHeaderName BLOB_CONTENT_MD5 = HttpHeaderName.fromString("x-ms-blob-content-md5");

  private final StorageContext context;
  private final AzureStorageConfig config;
  /** The container client, after creating the container once if the configuration asks for it. */
  private final Lazy<BlobContainerClient> container;
  private final AzureErrors errors;
  private final AzureUploads uploads;

  AzureBackend(StorageContext context, AzureStorageConfig config, BlobServiceClientBuilder clients) {
    this.context = context;
    this.config = config;
    BlobContainerClient client = clients.buildClient().getBlobContainerClient(config.container());
    this.container = new Lazy<>(() -> {
      if (config.createContainer()) {
        client.createIfNotExists();
      }
      return client;
    });
    this.errors = new AzureErrors(context.uri(), config.container());
    this.uploads = new AzureUploads(context, config);
  }

  @Override
  public Set<Capability> capabilities() {
    return CAPABILITIES;
  }

  @Override
  public Page list(ListRequest request) {
    // the configured page size (default 5000, the service's maximum), not the engine's 1000: on Azure
    // fewer, larger pages list faster
    ListBlobsOptions options = new ListBlobsOptions()
        .setMaxResultsPerPage(config.listPageSize())
        .setPrefix(request.prefix().isEmpty() ? null : request.prefix())
        .setDetails(new BlobListDetails().setRetrieveMetadata(true));
    PagedResponse<BlobItem> page = container.get().listBlobs(options, request.pageToken(), null).iterableByPage()
        .iterator().next();
    List<StorageFile> files = page.getValue().stream()
        .filter(item -> !isFolderMarker(item.getMetadata()) && !Boolean.TRUE.equals(item.isPrefix())
            && !Boolean.TRUE.equals(item.isDeleted()))
        .map(item -> StorageFile.of(item.getName(), item.getProperties().getContentLength(),
            instant(item.getProperties().getLastModified()), Etags.unquote(item.getProperties().getETag())))
        .toList();
    String next = page.getContinuationToken();
    return Page.of(files, next == null || next.isEmpty() ? null : next);
  }

  @Override
  public Optional<StorageFile> stat(String name) {
    BlobProperties p = blob(name).getProperties();
    return isFolderMarker(p.getMetadata()) ? Optional.empty() : Optional.of(describe(name, p));
  }

  @Override
  public InputStream read(ReadRequest request) {
    return blob(request.name()).openInputStream(new BlobInputStreamOptions()
        .setBlockSize((int) Math.min(READ_CHUNK, config.blockSize()))
        .setRange(new BlobRange(request.offset(), request.length() < 0 ? null : request.length())));
  }

  @Override
  public StorageFile write(WriteRequest request) throws IOException {
    return uploads.write(blob(request.name()).getBlockBlobClient(), request);
  }

  /**
   * Downloads ranges of {@link AzureStorageConfig#blockSize()} in parallel straight into the temp
   * file, pinned to the listed ETag so that they come from one version, then checks the blob's
   * Content-MD5 where it has one. Progress is counted per range received.
   */
  @Override
  public void download(DownloadRequest request) throws IOException {
    BlobClient blob = blob(request.name());
    BlobRequestConditions pinned = request.file().etag()
        .map(e -> new BlobRequestConditions().setIfMatch(Etags.quote(e))).orElse(null);
    DownloadRetryOptions retries = new DownloadRetryOptions().setMaxRetryRequests(config.maxTries());
    long size = request.file().size();
    long block = config.blockSize();
    Optional<Checksum> expected = Transfers.download(request, size, block, AzureUploads.runner(context, config),
        (offset, length, out) -> {
          // one range for a small blob: its Content-MD5 is the blob's
          Response<?> r = blob.downloadStreamWithResponse(Channels.newOutputStream(out),
              size <= block ? null : new BlobRange(offset, length), retries, pinned, false, null, Context.NONE);
          request.progress().add(length);
          return blobMd5(r);
        }).get(0);
    if (request.verifyChecksums() && expected.isPresent()) {
      context.verify(request.name(), expected.get(), Checksum.of(MD5, request.temp(), 0, -1));
    }
  }

  /**
   * The whole blob's Content-MD5 from a download response: {@code x-ms-blob-content-md5} on a ranged
   * read, {@code Content-MD5} on a whole one. (The SDK's properties hold only the latter.)
   */
  private static Optional<Checksum> blobMd5(Response<?> response) {
    String value = response.getHeaders().getValue(BLOB_CONTENT_MD5);
    if (value == null && response.getHeaders().getValue(HttpHeaderName.CONTENT_RANGE) == null) {
      value = response.getHeaders().getValue(HttpHeaderName.CONTENT_MD5);
    }
    return Checksum.parseBase64(MD5, value); // absent or malformed: the blob vouches for nothing
  }

  @Override
  public StorageFile copy(CopyRequest request) {
    BlobClient from = blob(request.source());
    BlobClient to = blob(request.target());
    BlobProperties source = from.getProperties();
    String sourceUrl = sourceUrl(from);
    if (source.getBlobSize() <= config.syncCopyMaxSize() && (config.hasAccountKey() || config.sasToken() != null)) {
      // Copy Blob From URL is authorized by a SAS on the source URL
      to.copyFromUrlWithResponse(new BlobCopyFromUrlOptions(sourceUrl)
          .setSourceRequestConditions(new RequestConditions().setIfMatch(source.getETag())), null, Context.NONE);
    } else {
      copyAsync(to, request.target(), sourceUrl, source.getETag());
    }
    return describe(request.target(), to.getProperties());
  }

  private void copyAsync(BlobClient to, String target, String sourceUrl, String sourceEtag) {
    SyncPoller<BlobCopyInfo, Void> poller = to.beginCopy(new BlobBeginCopyOptions(sourceUrl)
        .setSourceRequestConditions(new BlobBeginCopySourceRequestConditions().setIfMatch(sourceEtag))
        .setPollInterval(config.copyPollInterval()));
    PollResponse<BlobCopyInfo> last;
    try {
      last = poller.waitForCompletion(config.copyTimeout());
    } catch (RuntimeException e) {
      throw abort(to, poller, e);
    }
    CopyStatusType status = last.getValue() == null ? null : last.getValue().getCopyStatus();
    if (last.getStatus() != LongRunningOperationStatus.SUCCESSFULLY_COMPLETED || status != CopyStatusType.SUCCESS) {
      String detail = last.getValue() == null ? null : last.getValue().getError();
      throw abort(to, poller, new StorageException(context.uri(), context.keyOf(target),
          "server-side copy ended with status " + (status == null ? last.getStatus() : status)
          + (detail == null ? "" : ": " + AzureErrors.redact(detail))));
    }
  }

  /** Cancels a failed copy and deletes what it left; failures of that are attached to {@code failure}. */
  private static RuntimeException abort(BlobClient to, SyncPoller<?, ?> poller, RuntimeException failure) {
    for (Runnable step : List.<Runnable>of(poller::cancelOperation,
        () -> to.deleteIfExistsWithResponse(DeleteSnapshotsOptionType.INCLUDE, null, null, Context.NONE))) {
      try {
        step.run();
      } catch (RuntimeException e) {
        failure.addSuppressed(e);
      }
    }
    return failure;
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

  @Override
  public void delete(String name) {
    blob(name).deleteWithResponse(DeleteSnapshotsOptionType.INCLUDE, null, null, Context.NONE);
  }

  @Override
  public Optional<StorageException> translate(Throwable error, String key) {
    return errors.translate(error, key);
  }

  // ---------------------------------------------------------------- helpers

  private BlobClient blob(String name) {
    return container.get().getBlobClient(name);
  }

  private static StorageFile describe(String name, BlobProperties p) {
    return StorageFile.of(name, p.getBlobSize(), instant(p.getLastModified()), Etags.unquote(p.getETag()));
  }

  static Instant instant(OffsetDateTime time) {
    return time == null ? Instant.EPOCH : time.toInstant();
  }

  private static boolean isFolderMarker(Map<String, String> metadata) {
    return metadata != null && metadata.entrySet().stream()
        .anyMatch(e -> FOLDER_MARKER.equalsIgnoreCase(e.getKey()) && "true".equalsIgnoreCase(e.getValue()));
  }
}
