package org.storagekit.azure;

import com.azure.core.util.BinaryData;
import com.azure.core.util.Context;
import com.azure.storage.blob.models.BlobRequestConditions;
import com.azure.storage.blob.models.BlockBlobItem;
import com.azure.storage.blob.options.BlockBlobCommitBlockListOptions;
import com.azure.storage.blob.options.BlockBlobSimpleUploadOptions;
import com.azure.storage.blob.options.BlockBlobStageBlockOptions;
import com.azure.storage.blob.specialized.BlockBlobClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.storagekit.StorageFile;
import org.storagekit.Checksum;
import org.storagekit.WriteOptions;
import org.storagekit.spi.Multipart;
import org.storagekit.spi.PartRunner;
import org.storagekit.spi.StorageContext;
import org.storagekit.spi.StreamParts;
import org.storagekit.spi.TransferProgress;
import org.storagekit.spi.Transfers;
import org.storagekit.spi.WriteRequest;

/**
 * Block blob uploads on the SPI's {@link Multipart} skeleton: within
 * {@link AzureStorageConfig#maxSingleUploadSize()} one Put Blob carrying its Content-MD5, which the
 * service checks before it stores anything; else staged blocks of {@link AzureStorageConfig#blockSize()}
 * committed at the end with the whole MD5 as the blob's Content-MD5, so a failed upload commits
 * nothing and the previous blob stays [§5.3]. Both carry the content headers and metadata of the
 * request [§17] and its precondition as request conditions, checked by the service atomically with
 * the Put Blob or the Put Block List [§18.3]: a failed condition, or a block that failed after every
 * retry, leaves at most uncommitted blocks, which no reader sees and the service discards at the
 * blob's next commit or a week later. The Blob service has no call that deletes them alone (only a
 * commit, which would make the blob visible), so they are left to it; a retried block leaves none.
 */
final class AzureUploads {
  private static final Checksum.Algorithm MD5 = Checksum.Algorithm.MD5;
  /** The service's limit of blocks in one blob. */
  static final long MAX_BLOCKS = 50_000;

  private final StorageContext context;
  private final AzureStorageConfig config;

  AzureUploads(StorageContext context, AzureStorageConfig config) {
    this.context = context;
    this.config = config;
  }

  /** A runner for the blocks or ranges of one transfer, on the storage's part executor. */
  static <T> PartRunner<T> runner(StorageContext context, AzureStorageConfig config) {
    return new PartRunner<>(context.parts(config.maxConcurrency() * context.options().parallelism()),
        config.maxConcurrency());
  }

  StorageFile write(BlockBlobClient blob, WriteRequest request) throws IOException {
    String name = request.name();
    TransferProgress progress = request.progress();
    boolean verify = context.options().verifyChecksums();
    boolean stream = request.file().isEmpty();
    WriteOptions options = request.options();
    BlobRequestConditions conditions = AzureObjects.conditions(request.precondition());
    // a stream's blocks are committed with their MD5 always, a file's with verification on
    Multipart<String, StorageFile> upload = new Multipart<>(context, name, () -> runner(context, config), MAX_BLOCKS,
        stream || verify ? MD5 : null, partSize -> blocks(blob, request, stream && verify, conditions));
    Multipart.Single<StorageFile> put = content -> {
      Checksum md5 = content.checksum(MD5);
      progress.add(content.length());
      return stored(name, content.length(), options, md5, blob.uploadWithResponse(
          new BlockBlobSimpleUploadOptions(data(content)).setHeaders(AzureObjects.headers(options, null))
              .setMetadata(AzureObjects.metadata(options)).setContentMd5(md5.value()).setRequestConditions(conditions),
          null, Context.NONE).getValue());
    };
    if (!stream) {
      return upload.file(request.file().get(), request.size(), config.maxSingleUploadSize(), config.blockSize(), put);
    }
    // one Put Blob only if the stream ends within its first block
    int block = (int) Math.min(config.blockSize(), StreamParts.MAX_PART_SIZE);
    return upload.stream(request.stream().orElseThrow(), n -> block, Math.min(config.maxSingleUploadSize(),
        block - 1L), config.maxConcurrency(), put);
  }

  /**
   * The blocks of one upload, with transactional MD5s if {@code blockMd5}, committed with the whole
   * MD5 as the blob's Content-MD5, the headers and metadata, under {@code conditions}.
   */
  private static Multipart.Upload<String, StorageFile> blocks(BlockBlobClient blob, WriteRequest request,
      boolean blockMd5, BlobRequestConditions conditions) {
    TransferProgress progress = request.progress();
    WriteOptions options = request.options();
    String upload = uploadId();
    return new Multipart.Upload<>() {
      @Override
      public String part(Multipart.Part part) throws IOException {
        String id = blockId(upload, part.number());
        blob.stageBlockWithResponse(new BlockBlobStageBlockOptions(id, data(part))
            .setContentMd5(blockMd5 ? part.checksum(MD5).value() : null), null, Context.NONE);
        progress.add(part.length());
        return id;
      }

      @Override
      public StorageFile complete(List<String> ids, long size, Checksum md5) {
        byte[] whole = md5 == null ? null : md5.value();
        return stored(request.name(), size, options, md5, blob.commitBlockListWithResponse(
            new BlockBlobCommitBlockListOptions(ids).setHeaders(AzureObjects.headers(options, whole))
                .setMetadata(AzureObjects.metadata(options)).setRequestConditions(conditions), null, Context.NONE)
            .getValue());
      }
    };
  }

  /** A part's bytes: a file range read by the SDK itself, or a stream's buffer. */
  private static BinaryData data(Multipart.Part part) throws IOException {
    return part.file().isPresent()
        ? BinaryData.fromFile(part.file().get(), part.offset(), part.length(), Transfers.BUFFER)
        : BinaryData.fromStream(part.stream(), part.length());
  }

  /** The stored blob: the response's ETag, time and version, with what was sent. */
  private static StorageFile stored(String name, long size, WriteOptions options, Checksum md5, BlockBlobItem item) {
    return AzureObjects.written(name, size, options, md5, item.getETag(), item.getLastModified(), item.getVersionId());
  }

  /** 24 random hex digits, so that two uploads to one blob never stage the same block id. */
  static String uploadId() {
    return UUID.randomUUID().toString().replace("-", "").substring(0, 24);
  }

  /** Block ids of one blob must all have the same length: 36 characters, as the SDK's own. */
  static String blockId(String upload, int number) {
    return Base64.getEncoder().encodeToString(String.format("%s%012d", upload, number)
        .getBytes(StandardCharsets.US_ASCII));
  }
}
