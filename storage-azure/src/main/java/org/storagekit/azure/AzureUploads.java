package org.storagekit.azure;

import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpHeaders;
import com.azure.core.util.Context;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.models.BlobHttpHeaders;
import com.azure.storage.blob.models.BlobProperties;
import com.azure.storage.blob.models.BlobRequestConditions;
import com.azure.storage.blob.models.BlockBlobItem;
import com.azure.storage.blob.models.DeleteSnapshotsOptionType;
import com.azure.storage.blob.models.ParallelTransferOptions;
import com.azure.storage.blob.options.BlobParallelUploadOptions;
import com.azure.storage.blob.options.BlobUploadFromFileOptions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.storagekit.StorageFile;
import org.storagekit.spi.ContentChecksum;
import org.storagekit.spi.Etags;
import org.storagekit.spi.StorageContext;
import org.storagekit.spi.TransferProgress;
import org.storagekit.spi.WriteRequest;

/**
 * Block blob uploads through the SDK's parallel upload: anything up to
 * {@link AzureStorageConfig#maxSingleUploadSize()} goes in one request, anything larger as blocks of
 * {@link AzureStorageConfig#blockSize()} staged {@link AzureStorageConfig#maxConcurrency()} at a time
 * and committed at the end, so a failed upload leaves the previous blob untouched. Memory is bounded
 * by those sizes, whatever the length of the stream.
 *
 * <p>The MD5 of the bytes read is computed on the way. The service computes Content-MD5 itself for
 * single-request uploads, which must match; after a block upload the MD5 is stored as the blob's
 * Content-MD5 (conditionally on the committed ETag) and the committed size is checked. Large files go
 * through the SDK's file upload, which reads each block from the file as it sends it; their MD5 is
 * taken in one pass first.
 */
final class AzureUploads {
  private static final Logger LOG = LoggerFactory.getLogger(AzureUploads.class);
  private static final String CONTENT_TYPE = "application/octet-stream";
  private static final ContentChecksum.Algorithm MD5 = ContentChecksum.Algorithm.MD5;

  private final StorageContext context;
  private final AzureStorageConfig config;

  AzureUploads(StorageContext context, AzureStorageConfig config) {
    this.context = context;
    this.config = config;
  }

  StorageFile write(BlobClient blob, WriteRequest request) throws IOException {
    if (request.file().isEmpty()) {
      return upload(blob, request.name(), request.stream().orElseThrow(), request.progress());
    }
    Path file = request.file().get();
    if (request.size() <= config.maxSingleUploadSize()) {
      try (InputStream in = Files.newInputStream(file)) {
        return upload(blob, request.name(), in, request.progress());
      }
    }
    // blocks read from the file as they are sent, so none sits on the heap
    ContentChecksum md5 = context.options().verifyChecksums() ? ContentChecksum.of(MD5, file, 0, -1) : null;
    AzureProgress counted = new AzureProgress(request.progress());
    BlockBlobItem item = blob.uploadFromFileWithResponse(new BlobUploadFromFileOptions(file.toString())
        .setParallelTransferOptions(transfer().setProgressListener(counted))
        .setHeaders(headers()), null, Context.NONE).getValue();
    RuntimeException aborted = counted.failureOr(null);
    if (aborted != null) {
      throw discard(blob, item.getETag(), aborted); // the sync file upload cannot be cancelled; undo it
    }
    return md5 == null ? committed(request.name(), request.size(), item)
        : afterBlockUpload(blob, request.name(), item, md5, request.size());
  }

  private StorageFile upload(BlobClient blob, String name, InputStream content, TransferProgress progress) {
    AzureProgress counted = new AzureProgress(progress);
    AzureProgress.Hashing in = counted.hashing(content);
    BlockBlobItem item;
    try {
      item = blob.uploadWithResponse(new BlobParallelUploadOptions(in)
          .setParallelTransferOptions(transfer())
          .setHeaders(headers())
          .setComputeMd5(context.options().verifyChecksums()), null, Context.NONE).getValue();
    } catch (RuntimeException e) {
      throw counted.failureOr(e);
    }
    ContentChecksum sent = in.md5();
    byte[] reported = item.getContentMd5();
    if (reported != null && ContentChecksum.of(MD5, reported).equals(sent)) {
      // one request: the service computed Content-MD5 over what it received, and it matches
      return committed(name, in.count(), item);
    }
    return afterBlockUpload(blob, name, item, sent, in.count());
  }

  /**
   * After a block upload the blob has no Content-MD5 of its own: store the one computed while
   * sending, unless the blob changed meanwhile, and check the committed size.
   */
  private StorageFile afterBlockUpload(BlobClient blob, String name, BlockBlobItem item, ContentChecksum sent,
      long size) {
    BlobRequestConditions ifCommitted = new BlobRequestConditions().setIfMatch(item.getETag());
    return AzureErrors.unlessReplaced(() -> {
      BlobProperties p = blob.getPropertiesWithResponse(ifCommitted, null, Context.NONE).getValue();
      if (p.getBlobSize() != size) {
        throw discard(blob, item.getETag(), context.sizeMismatch(name, size, p.getBlobSize()));
      }
      if (p.getContentMd5() != null) {
        ContentChecksum held = ContentChecksum.of(MD5, p.getContentMd5());
        if (!held.equals(sent)) {
          throw discard(blob, item.getETag(), context.integrity(name, sent, held));
        }
        return AzureBackend.describe(name, p);
      }
      HttpHeaders set = blob.setHttpHeadersWithResponse(headers().setContentMd5(sent.value()), ifCommitted, null,
          Context.NONE).getHeaders();
      String etag = set.getValue(HttpHeaderName.ETAG);
      String modified = set.getValue(HttpHeaderName.LAST_MODIFIED);
      return StorageFile.of(name, size, modified == null ? AzureBackend.instant(p.getLastModified())
          : OffsetDateTime.parse(modified, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant(),
          Etags.unquote(etag == null ? p.getETag() : etag));
    }).orElseGet(() -> {
      // another writer replaced the blob after our commit; ours was durable, theirs is newer
      LOG.debug("{}: '{}' changed right after upload; Content-MD5 not stored", context.uri(), context.keyOf(name));
      return committed(name, size, item);
    });
  }

  private static StorageFile committed(String name, long size, BlockBlobItem item) {
    return StorageFile.of(name, size, AzureBackend.instant(item.getLastModified()), Etags.unquote(item.getETag()));
  }

  private ParallelTransferOptions transfer() {
    return new ParallelTransferOptions()
        .setBlockSizeLong(config.blockSize())
        .setMaxConcurrency(config.maxConcurrency())
        .setMaxSingleUploadSizeLong(config.maxSingleUploadSize());
  }

  private static BlobHttpHeaders headers() {
    return new BlobHttpHeaders().setContentType(CONTENT_TYPE);
  }

  /** Deletes the blob we committed (if it is still ours) after {@code failure}, and returns that. */
  private static RuntimeException discard(BlobClient blob, String etag, RuntimeException failure) {
    return cleanUp(failure, () -> blob.deleteWithResponse(DeleteSnapshotsOptionType.INCLUDE,
        new BlobRequestConditions().setIfMatch(etag), null, Context.NONE));
  }

  /** Runs a cleanup step after {@code failure}; a failure of the step is attached to it as suppressed. */
  static RuntimeException cleanUp(RuntimeException failure, Runnable step) {
    try {
      step.run();
    } catch (RuntimeException e) {
      failure.addSuppressed(e);
    }
    return failure;
  }
}
