package org.storagekit.azure;

import com.azure.core.util.BinaryData;
import com.azure.core.util.Context;
import com.azure.storage.blob.models.BlobHttpHeaders;
import com.azure.storage.blob.models.BlockBlobItem;
import com.azure.storage.blob.options.BlockBlobCommitBlockListOptions;
import com.azure.storage.blob.options.BlockBlobSimpleUploadOptions;
import com.azure.storage.blob.options.BlockBlobStageBlockOptions;
import com.azure.storage.blob.specialized.BlockBlobClient;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.storagekit.StorageFile;
import org.storagekit.spi.ContentChecksum;
import org.storagekit.spi.Etags;
import org.storagekit.spi.PartRunner;
import org.storagekit.spi.StorageContext;
import org.storagekit.spi.StreamParts;
import org.storagekit.spi.TransferProgress;
import org.storagekit.spi.Transfers;
import org.storagekit.spi.WriteRequest;

/**
 * Block blob uploads. A file up to {@link AzureStorageConfig#maxSingleUploadSize()}, or a stream
 * that ends within that and its first block, goes in one Put Blob carrying its Content-MD5, which
 * the service checks before it stores anything. Anything larger is staged as blocks of
 * {@link AzureStorageConfig#blockSize()}, at most
 * {@link AzureStorageConfig#maxConcurrency()} at a time on a {@link PartRunner}, and committed at the
 * end with the whole MD5 as the blob's Content-MD5, so a failed upload commits nothing and the
 * previous blob stays. A file's blocks are read from the file as they are sent; a stream is cut by
 * {@link StreamParts}, so it holds at most {@code maxConcurrency + 1} blocks whatever its length, and
 * each of its blocks carries a transactional MD5 when checksums are verified. Progress is counted as
 * blocks are staged (a single request: before it is sent), so a listener that throws stops the
 * upload before anything is committed [§12.3].
 */
final class AzureUploads {
  private static final String CONTENT_TYPE = "application/octet-stream";
  private static final ContentChecksum.Algorithm MD5 = ContentChecksum.Algorithm.MD5;
  /** The service's limit of blocks in one blob. */
  private static final long MAX_BLOCKS = 50_000;

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
    Optional<Path> source = request.file();
    return source.isPresent() ? writeFile(blob, request.name(), source.get(), request.size(), request.progress())
        : writeStream(blob, request.name(), request.stream().orElseThrow(), request.progress());
  }

  private StorageFile writeFile(BlockBlobClient blob, String name, Path file, long size, TransferProgress progress)
      throws IOException {
    if (size <= config.maxSingleUploadSize()) {
      ContentChecksum md5 = ContentChecksum.of(MD5, file, 0, size);
      progress.add(size);
      return single(blob, name, BinaryData.fromFile(file, 0L, size, Transfers.BUFFER), size, md5);
    }
    ContentChecksum md5 = context.options().verifyChecksums() ? ContentChecksum.of(MD5, file, 0, size) : null;
    long block = Math.max(config.blockSize(), (size + MAX_BLOCKS - 1) / MAX_BLOCKS);
    String upload = uploadId();
    PartRunner<String> runner = runner(context, config);
    try {
      for (int n = 0; (long) n * block < size; n++) {
        long offset = n * block;
        long length = Math.min(block, size - offset);
        String id = blockId(upload, n);
        BinaryData data = BinaryData.fromFile(file, offset, length, Transfers.BUFFER);
        runner.submit(() -> stage(blob, id, data, length, null, progress));
      }
      return commit(blob, name, runner.await(), size, md5);
    } catch (IOException | RuntimeException e) {
      runner.drain();
      throw e;
    }
  }

  private StorageFile writeStream(BlockBlobClient blob, String name, InputStream in, TransferProgress progress)
      throws IOException {
    StreamParts parts = new StreamParts(in, (int) Math.min(config.blockSize(), StreamParts.MAX_PART_SIZE),
        config.maxConcurrency() + 1);
    ContentChecksum.Hasher md5 = ContentChecksum.hasher(MD5);
    StreamParts.Part first = parts.next().orElseThrow();
    if (first.isLast() && first.length() <= config.maxSingleUploadSize()) {
      try {
        progress.add(first.length());
        return single(blob, name, BinaryData.fromStream(first.stream(), (long) first.length()), first.length(),
            first.checksum(MD5));
      } finally {
        first.release();
      }
    }
    boolean verify = context.options().verifyChecksums();
    String upload = uploadId();
    PartRunner<String> runner = runner(context, config);
    long size = 0;
    try {
      for (Optional<StreamParts.Part> next = Optional.of(first); next.isPresent(); next = parts.next()) {
        StreamParts.Part part = next.get();
        part.hashInto(md5);
        size += part.length();
        String id = blockId(upload, part.number());
        runner.submit(() -> {
          try {
            return stage(blob, id, BinaryData.fromStream(part.stream(), (long) part.length()), part.length(),
                verify ? part.checksum(MD5) : null, progress);
          } finally {
            part.release();
          }
        });
      }
      return commit(blob, name, runner.await(), size, md5.finish());
    } catch (IOException | RuntimeException e) {
      runner.drain();
      throw e;
    }
  }

  private StorageFile single(BlockBlobClient blob, String name, BinaryData data, long size, ContentChecksum md5) {
    BlockBlobItem item = blob.uploadWithResponse(new BlockBlobSimpleUploadOptions(data)
        .setHeaders(headers()).setContentMd5(md5.value()), null, Context.NONE).getValue();
    return stored(name, size, item);
  }

  private static String stage(BlockBlobClient blob, String id, BinaryData data, long length, ContentChecksum md5,
      TransferProgress progress) {
    blob.stageBlockWithResponse(new BlockBlobStageBlockOptions(id, data)
        .setContentMd5(md5 == null ? null : md5.value()), null, Context.NONE);
    progress.add(length);
    return id;
  }

  /** Commits the blocks, storing the MD5 the bytes were sent with as the blob's Content-MD5. */
  private StorageFile commit(BlockBlobClient blob, String name, List<String> ids, long size, ContentChecksum md5) {
    BlockBlobItem item = blob.commitBlockListWithResponse(new BlockBlobCommitBlockListOptions(ids)
        .setHeaders(md5 == null ? headers() : headers().setContentMd5(md5.value())), null, Context.NONE).getValue();
    return stored(name, size, item);
  }

  private static StorageFile stored(String name, long size, BlockBlobItem item) {
    return StorageFile.of(name, size, AzureBackend.instant(item.getLastModified()), Etags.unquote(item.getETag()));
  }

  private static BlobHttpHeaders headers() {
    return new BlobHttpHeaders().setContentType(CONTENT_TYPE);
  }

  /** 24 random hex digits, so that two uploads to one blob never stage the same block id. */
  private static String uploadId() {
    return UUID.randomUUID().toString().replace("-", "").substring(0, 24);
  }

  /** Block ids of one blob must all have the same length: 36 characters, as the SDK's own. */
  private static String blockId(String upload, int number) {
    return Base64.getEncoder().encodeToString(String.format("%s%012d", upload, number)
        .getBytes(StandardCharsets.US_ASCII));
  }
}
