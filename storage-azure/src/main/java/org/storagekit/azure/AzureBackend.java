package org.storagekit.azure;

import com.azure.core.http.rest.PagedIterable;
import com.azure.core.http.rest.PagedResponse;
import com.azure.core.http.rest.Response;
import com.azure.core.util.Context;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.blob.batch.BlobBatch;
import com.azure.storage.blob.batch.BlobBatchClient;
import com.azure.storage.blob.batch.BlobBatchClientBuilder;
import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.blob.models.BlobListDetails;
import com.azure.storage.blob.models.BlobProperties;
import com.azure.storage.blob.models.BlobRange;
import com.azure.storage.blob.models.BlobRequestConditions;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.models.DeleteSnapshotsOptionType;
import com.azure.storage.blob.models.DownloadRetryOptions;
import com.azure.storage.blob.models.ListBlobsOptions;
import com.azure.storage.blob.options.BlobInputStreamOptions;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.channels.Channels;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
 * One Azure Blob Storage container, optionally under a prefix, as a {@link StorageBackend}: block
 * blob uploads ({@link AzureUploads}) and server-side copies ({@link AzureCopies}) with headers,
 * metadata and conditions, blobs as files ({@link AzureObjects}), SAS ({@link AzureSigner}), Blob
 * Batch deletes of {@value #DELETE_BATCH}; failures translated by {@link AzureErrors} only. A listing
 * page is one List Blobs call (with the delimiter {@code /} for folders), its continuation marker
 * the page token; downloads are parallel ranges pinned to the described ETag and checked against
 * its Content-MD5. With {@link AzureStorageConfig#createContainer()} a missing container is created
 * before the first operation.
 */
final class AzureBackend implements StorageBackend {
  static final Set<Capability> CAPABILITIES = EnumSet.of(Capability.WRITE, Capability.RANGED_READ,
      Capability.COPY, Capability.SERVER_SIDE_COPY, Capability.ETAG, Capability.MULTIPART_UPLOAD,
      Capability.METADATA, Capability.CONDITIONAL_WRITE, Capability.PRESIGN);
  /** The most sub-requests of one Blob Batch request. */
  static final int DELETE_BATCH = 256;

  private static final int READ_CHUNK = 4 * 1024 * 1024;

  private final AzureStorageConfig config;
  /** The container client, after creating the container once if the configuration asks for it. */
  private final Lazy<BlobContainerClient> container;
  private final Lazy<BlobBatchClient> batches;
  private final AzureErrors errors;
  private final AzureUploads uploads;
  private final AzureCopies copies;
  private final AzureSigner signer;
  private final StorageContext context;

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
    this.batches = new Lazy<>(() -> new BlobBatchClientBuilder(container.get()).buildClient());
    this.errors = new AzureErrors(context.uri(), config.container());
    this.uploads = new AzureUploads(context, config);
    this.signer = new AzureSigner(context, config);
    this.copies = new AzureCopies(context, config, signer);
  }

  @Override
  public Set<Capability> capabilities() {
    return CAPABILITIES;
  }

  @Override
  public Page list(ListRequest request) {
    // the configured page size (default 5000, the service's maximum), not the engine's 1000: on Azure
    // fewer, larger pages list faster; metadata comes in the same response, at no extra request
    ListBlobsOptions options = new ListBlobsOptions()
        .setMaxResultsPerPage(config.listPageSize())
        .setPrefix(request.prefix().isEmpty() ? null : request.prefix())
        .setStartFrom(startFrom(request.startAfter()))
        .setDetails(new BlobListDetails().setRetrieveMetadata(true));
    PagedIterable<BlobItem> items = request.folders() ? container.get().listBlobsByHierarchy("/", options, null)
        : container.get().listBlobs(options, null);
    PagedResponse<BlobItem> page = (request.pageToken() == null ? items.iterableByPage()
        : items.iterableByPage(request.pageToken())).iterator().next();
    List<StorageFile> files = new ArrayList<>();
    List<String> folders = new ArrayList<>();
    for (BlobItem item : page.getValue()) {
      if (Boolean.TRUE.equals(item.isPrefix())) {
        folders.add(item.getName());
      } else if (!AzureObjects.isFolderMarker(item.getMetadata()) && !Boolean.TRUE.equals(item.isDeleted())) {
        files.add(AzureObjects.listed(item));
      }
    }
    String next = page.getContinuationToken();
    return Page.withFolders(files, folders, next == null || next.isEmpty() ? null : next);
  }

  /**
   * {@code startAfter} as List Blobs' {@code startFrom}, which is inclusive (the engine drops the
   * equal name), cut before the first character from U+D800 on: up to there UTF-8 order, the
   * contract's, and UTF-16 order (Azurite compares JavaScript strings) agree, so no name after
   * {@code startAfter} is skipped whichever the service uses.
   */
  static String startFrom(String startAfter) {
    int end = 0;
    while (startAfter != null && end < startAfter.length() && startAfter.charAt(end) < '\uD800') {
      end++;
    }
    return end == 0 ? null : startAfter.substring(0, end);
  }

  @Override
  public Optional<StorageFile> stat(String name) {
    BlobProperties p = blob(name).getProperties();
    return AzureObjects.isFolderMarker(p.getMetadata()) ? Optional.empty() : Optional.of(AzureObjects.stat(name, p));
  }

  @Override
  public InputStream read(ReadRequest request) {
    return blob(request.name()).openInputStream(new BlobInputStreamOptions()
        .setBlockSize((int) Math.min(READ_CHUNK, config.blockSize()))
        .setRange(new BlobRange(request.offset(), request.length() < 0 ? null : request.length()))
        .setRequestConditions(request.condition().flatMap(StorageFile::etag).map(AzureObjects::ifMatch).orElse(null)));
  }

  @Override
  public StorageFile write(WriteRequest request) throws IOException {
    return uploads.write(blob(request.name()).getBlockBlobClient(), request);
  }

  /**
   * Downloads ranges of {@link AzureStorageConfig#blockSize()} in parallel straight into the temp
   * file (a small blob in one Get Blob), pinned to the described ETag so that they come from one
   * version, then checks the expected checksum (the blob's Content-MD5 as listed or looked up).
   * Progress is counted per range received.
   */
  @Override
  public void download(DownloadRequest request) throws IOException {
    BlobClient blob = blob(request.name());
    BlobRequestConditions pinned = request.file().etag().map(AzureObjects::ifMatch).orElse(null);
    DownloadRetryOptions retries = new DownloadRetryOptions() // resumptions of a broken body: retry.max-attempts - 1
        .setMaxRetryRequests(config.options().retries().maxAttempts() - 1);
    long size = request.file().size();
    long block = config.blockSize();
    Transfers.download(request, size, block, AzureUploads.<Long>runner(context, config), (offset, length, out) -> {
      blob.downloadStreamWithResponse(Channels.newOutputStream(out), size <= block ? null
          : new BlobRange(offset, length), retries, pinned, false, null, Context.NONE);
      request.progress().add(length);
      return length;
    });
    Optional<Checksum> expected = request.expected();
    if (expected.isPresent()) {
      request.verify(Checksum.of(expected.get().algorithm(), request.temp(), 0, -1));
    }
  }

  @Override
  public StorageFile copy(CopyRequest request) throws IOException {
    return copies.copy(blob(request.source()), blob(request.target()), request);
  }

  @Override
  public void delete(String name) {
    blob(name).deleteWithResponse(DeleteSnapshotsOptionType.INCLUDE, null, null, Context.NONE);
  }

  @Override
  public int deleteBatchSize() {
    return DELETE_BATCH;
  }

  /** One Blob Batch request; a sub-request that failed answers with its own error. */
  @Override
  public Map<String, Throwable> deleteBatch(List<String> names) {
    BlobBatch batch = batches.get().getBlobBatch();
    Map<String, Response<Void>> responses = new LinkedHashMap<>();
    for (String name : names) {
      // by URL: the (container, name) form leaves the account out of path-style URLs, as the emulator's
      responses.put(name, batch.deleteBlob(blob(name).getBlobUrl(), DeleteSnapshotsOptionType.INCLUDE, null));
    }
    batches.get().submitBatchWithResponse(batch, false, null, Context.NONE);
    Map<String, Throwable> failed = new LinkedHashMap<>();
    responses.forEach((name, response) -> {
      try {
        response.getStatusCode(); // throws the sub-request's error
      } catch (BlobStorageException e) {
        failed.put(name, e);
      }
    });
    return failed;
  }

  @Override
  public URI presign(PresignRequest request) {
    return signer.presign(blob(request.name()), request);
  }

  @Override
  public Optional<StorageException> translate(Throwable error, String key) {
    return errors.translate(error, key);
  }

  private BlobClient blob(String name) {
    return container.get().getBlobClient(name);
  }
}
