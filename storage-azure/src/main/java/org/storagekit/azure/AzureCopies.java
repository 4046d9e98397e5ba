package org.storagekit.azure;

import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpHeaders;
import com.azure.core.http.RequestConditions;
import com.azure.core.util.Context;
import com.azure.core.util.DateTimeRfc1123;
import com.azure.core.util.polling.LongRunningOperationStatus;
import com.azure.core.util.polling.PollResponse;
import com.azure.core.util.polling.SyncPoller;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.models.BlobBeginCopySourceRequestConditions;
import com.azure.storage.blob.models.BlobCopyInfo;
import com.azure.storage.blob.models.BlobProperties;
import com.azure.storage.blob.models.BlobRange;
import com.azure.storage.blob.models.BlobRequestConditions;
import com.azure.storage.blob.models.BlockBlobItem;
import com.azure.storage.blob.models.CopyStatusType;
import com.azure.storage.blob.models.DeleteSnapshotsOptionType;
import com.azure.storage.blob.options.BlobBeginCopyOptions;
import com.azure.storage.blob.options.BlobCopyFromUrlOptions;
import com.azure.storage.blob.options.BlockBlobCommitBlockListOptions;
import com.azure.storage.blob.options.BlockBlobStageBlockFromUrlOptions;
import com.azure.storage.blob.sas.BlobSasPermission;
import com.azure.storage.blob.specialized.BlockBlobClient;
import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import org.storagekit.StorageException;
import org.storagekit.StorageFile;
import org.storagekit.WriteOptions;
import org.storagekit.spi.CopyRequest;
import org.storagekit.spi.Etags;
import org.storagekit.spi.PartRunner;
import org.storagekit.spi.StorageContext;

/**
 * Server-side copies [§7, §17.4, §18.3], pinned to the source's ETag as looked up, conditioned on
 * the target by the precondition. Keeping the source's headers and metadata: Copy Blob From URL up
 * to {@link AzureStorageConfig#syncCopyMaxSize()} where the source URL can carry a SAS, else a polled
 * Copy Blob. With new ones: Put Block From URL of the source's ranges into uncommitted blocks, then
 * one Put Block List with the headers, metadata and the source's Content-MD5, so the target never
 * shows the source's headers, and a failed condition leaves only uncommitted blocks.
 */
final class AzureCopies {
  private static final HttpHeaderName VERSION_ID = HttpHeaderName.fromString("x-ms-version-id");

  private final StorageContext context;
  private final AzureStorageConfig config;
  private final AzureSigner signer;

  AzureCopies(StorageContext context, AzureStorageConfig config, AzureSigner signer) {
    this.context = context;
    this.config = config;
    this.signer = signer;
  }

  StorageFile copy(BlobClient from, BlobClient to, CopyRequest request) throws IOException {
    BlobProperties source = from.getProperties();
    BlobRequestConditions target = AzureObjects.conditions(request.options().precondition());
    if (request.options().setsContent()) {
      return replacing(from, to.getBlockBlobClient(), request, source, target);
    }
    StorageFile copied = AzureObjects.stat(request.target(), source);
    if (source.getBlobSize() <= config.syncCopyMaxSize() && (config.hasAccountKey() || config.sasToken() != null)) {
      HttpHeaders h = to.copyFromUrlWithResponse(new BlobCopyFromUrlOptions(sourceUrl(from, false))
          .setSourceRequestConditions(new RequestConditions().setIfMatch(source.getETag()))
          .setDestinationRequestConditions(target), null, Context.NONE).getHeaders();
      String modified = h.getValue(HttpHeaderName.LAST_MODIFIED);
      return copied.toBuilder().etag(Etags.unquote(h.getValue(HttpHeaderName.ETAG)))
          .lastModified(modified == null ? Instant.now() : new DateTimeRfc1123(modified).getDateTime().toInstant())
          .version(h.getValue(VERSION_ID)).build();
    }
    BlobCopyInfo info = copyAsync(to, request.target(), sourceUrl(from, false), source.getETag(), target);
    return copied.toBuilder().etag(Etags.unquote(info.getETag()))
        .lastModified(AzureObjects.instant(info.getLastModified())).version(info.getVersionId()).build();
  }

  /** The copy with the options' headers and metadata: blocks staged from the source, one commit. */
  private StorageFile replacing(BlobClient from, BlockBlobClient to, CopyRequest request, BlobProperties source,
      BlobRequestConditions target) throws IOException {
    String url = sourceUrl(from, true);
    long size = source.getBlobSize();
    long block = Math.max(config.blockSize(), (size + AzureUploads.MAX_BLOCKS - 1) / AzureUploads.MAX_BLOCKS);
    BlobRequestConditions pinned = new BlobRequestConditions().setIfMatch(source.getETag());
    String upload = AzureUploads.uploadId();
    PartRunner<String> runner = AzureUploads.runner(context, config);
    for (long offset = 0; offset < size; offset += block) { // a failed block fails the next submit, or await
      String id = AzureUploads.blockId(upload, (int) (offset / block) + 1);
      BlobRange range = new BlobRange(offset, Math.min(block, size - offset));
      runner.submit(() -> {
        to.stageBlockFromUrlWithResponse(new BlockBlobStageBlockFromUrlOptions(id, url).setSourceRange(range)
            .setSourceRequestConditions(pinned), null, Context.NONE);
        return id;
      });
    }
    WriteOptions options = request.options();
    BlockBlobItem item = to.commitBlockListWithResponse(new BlockBlobCommitBlockListOptions(runner.await())
        .setHeaders(AzureObjects.headers(options, source.getContentMd5())).setMetadata(AzureObjects.metadata(options))
        .setRequestConditions(target), null, Context.NONE).getValue();
    return AzureObjects.written(request.target(), size, options, AzureObjects.md5(source.getContentMd5()),
        item.getETag(), item.getLastModified(), item.getVersionId());
  }

  private BlobCopyInfo copyAsync(BlobClient to, String target, String sourceUrl, String sourceEtag,
      BlobRequestConditions conditions) {
    SyncPoller<BlobCopyInfo, Void> poller = to.beginCopy(new BlobBeginCopyOptions(sourceUrl)
        .setSourceRequestConditions(new BlobBeginCopySourceRequestConditions().setIfMatch(sourceEtag))
        .setDestinationRequestConditions(conditions).setPollInterval(config.copyPollInterval()));
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
    return last.getValue();
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

  /**
   * The source blob's URL, with a short-lived read SAS signed with the account key, or the
   * configured SAS; for staged blocks, which need one, a user delegation SAS with a token credential.
   */
  private String sourceUrl(BlobClient from, boolean staged) {
    String url = from.getBlobUrl();
    OffsetDateTime expiry = OffsetDateTime.now().plus(config.copyTimeout()).plusMinutes(5);
    String sas = config.hasAccountKey() || staged && config.sasToken() == null
        ? signer.sas(from, new BlobSasPermission().setReadPermission(true), expiry).orElse(null) : config.sasToken();
    return sas == null ? url : url + (url.contains("?") ? "&" : "?") + sas;
  }
}
