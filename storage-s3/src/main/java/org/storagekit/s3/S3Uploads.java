package org.storagekit.s3;

import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.storagekit.StorageException;
import org.storagekit.StorageFile;
import org.storagekit.spi.ContentChecksum;
import org.storagekit.spi.CopyRequest;
import org.storagekit.spi.PartRunner;
import org.storagekit.spi.StorageContext;
import org.storagekit.spi.StreamParts;
import org.storagekit.spi.TransferProgress;
import org.storagekit.spi.Transfers;
import org.storagekit.spi.WriteRequest;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

/**
 * Writes and copies. Above the multipart threshold uploads are sent in parts, {@code partConcurrency}
 * at a time: parts of a local file are read by range straight from the file; a stream is cut into
 * part-sized buffers by {@link StreamParts}. Copies above the copy threshold run as parallel
 * UploadPartCopy. Any failure aborts the multipart upload. In {@code WHEN_REQUIRED} mode every put
 * and part carries Content-MD5; with verification on, each object gets the metadata
 * {@code storagekit-md5} (single part) or {@code storagekit-part-size} (multipart) that
 * {@link S3Expectation} checks downloads against. Each write ends with a HEAD, so the returned file
 * matches what a later lookup or listing reports.
 */
record S3Uploads(S3Client s3, StorageContext context, S3StorageConfig config, long copyThreshold) {
  private static final Logger LOG = LoggerFactory.getLogger(S3Uploads.class);
  private static final String CONTENT_TYPE = "application/octet-stream";
  private static final ContentChecksum.Algorithm MD5 = ContentChecksum.Algorithm.MD5;

  StorageFile write(WriteRequest request) throws IOException {
    String name = request.name();
    TransferProgress progress = request.progress();
    if (request.file().isEmpty()) {
      return writeStream(name, request.stream().orElseThrow(), progress);
    }
    Path file = request.file().get();
    long size = request.size();
    if (size <= config.multipartThreshold()) {
      ContentChecksum md5 = config.options().verifyChecksums() ? ContentChecksum.of(MD5, file, 0, size) : null;
      return put(name, size, md5, fileBody(file, 0, size, progress));
    }
    long partSize = S3Backend.partSize(config.partSize(), size);
    return multipart(name, create(partSize, CONTENT_TYPE, Map.of()), (uploadId, runner) -> {
      S3Backend.ranges(size, partSize, (number, offset, length) -> runner.submit(() -> part(name, uploadId, number,
          length, contentMd5() ? ContentChecksum.of(MD5, file, offset, length) : null,
          fileBody(file, offset, length, null), progress)));
      return size;
    });
  }

  /**
   * A stream: parts are read until the stream ends (one PutObject) or passes the threshold
   * (multipart, with at most {@code partConcurrency + 1} part buffers once the first are sent).
   */
  private StorageFile writeStream(String name, InputStream content, TransferProgress progress) throws IOException {
    int partSize = (int) Math.min(config.partSize(), StreamParts.MAX_PART_SIZE);
    long threshold = config.multipartThreshold();
    int head = (int) Math.min(S3StorageConfig.MAX_PARTS, threshold / partSize + 1);
    StreamParts parts = new StreamParts(content, partSize, Math.max(head, config.partConcurrency() + 1));
    List<StreamParts.Part> first = new ArrayList<>();
    long total = 0;
    boolean ended = false;
    while (!ended && total <= threshold) {
      Optional<StreamParts.Part> p = parts.next();
      p.ifPresent(first::add);
      total += p.map(StreamParts.Part::length).orElse(0);
      ended = p.map(StreamParts.Part::isLast).orElse(true);
    }
    if (total <= threshold) { // the stream ended within the threshold
      ContentChecksum md5 = null;
      if (config.options().verifyChecksums()) {
        ContentChecksum.Hasher hasher = ContentChecksum.hasher(MD5);
        first.forEach(p -> p.hashInto(hasher));
        md5 = hasher.finish();
      }
      return put(name, total, md5, () -> counted(new SequenceInputStream(
          Collections.enumeration(first.stream().map(StreamParts.Part::stream).toList())), progress));
    }
    boolean more = !ended;
    return multipart(name, create(partSize, CONTENT_TYPE, Map.of()), (uploadId, runner) -> {
      long sent = 0;
      Iterator<StreamParts.Part> queued = first.iterator();
      for (boolean next = true; next; ) {
        runner.reserve();
        StreamParts.Part p = queued.hasNext() ? queued.next() : more ? parts.next().orElse(null) : null;
        if (p == null) {
          runner.unreserve();
          break;
        }
        if (p.number() > S3StorageConfig.MAX_PARTS) {
          throw new StorageException(context.uri(), context.keyOf(name), "stream too large for "
              + S3StorageConfig.MAX_PARTS + " parts of " + partSize + " bytes; raise the part size");
        }
        next = !p.isLast();
        sent += p.length();
        runner.submitReserved(() -> {
          try {
            return part(name, uploadId, p.number(), p.length(), contentMd5() ? p.checksum(MD5) : null, p::stream,
                progress);
          } finally {
            p.release();
          }
        });
      }
      return sent;
    });
  }

  /** Whether every put and part carries Content-MD5 ({@code WHEN_REQUIRED} mode). */
  private boolean contentMd5() {
    return config.effectiveChecksumMode() == S3StorageConfig.ChecksumMode.WHEN_REQUIRED;
  }

  /** Copies with CopyObject (pinned to the source's ETag), or UploadPartCopy in parallel above the threshold. */
  StorageFile copy(CopyRequest request) throws IOException {
    String source = request.source();
    String target = request.target();
    String bucket = config.bucket();
    HeadObjectResponse h = s3.headObject(r -> r.bucket(bucket).key(source));
    if (source.equals(target)) {
      return S3Backend.describe(target, h); // S3 refuses a copy onto itself
    }
    long size = h.contentLength();
    if (size <= copyThreshold) {
      s3.copyObject(r -> r.sourceBucket(bucket).sourceKey(source).destinationBucket(bucket).destinationKey(target)
          .copySourceIfMatch(h.eTag()));
      return stored(target, size);
    }
    long partSize = Math.min(S3StorageConfig.MAX_PART_SIZE, S3Backend.partSize(config.partSize(), size));
    String type = h.contentType() == null ? CONTENT_TYPE : h.contentType();
    return multipart(target, create(partSize, type, h.metadata()), (uploadId, runner) -> {
      S3Backend.ranges(size, partSize, (number, offset, length) -> runner.submit(() -> CompletedPart.builder()
          .partNumber(number).eTag(s3.uploadPartCopy(r -> r.sourceBucket(bucket).sourceKey(source)
              .destinationBucket(bucket).destinationKey(target).uploadId(uploadId).partNumber(number)
              .copySourceRange("bytes=" + offset + "-" + (offset + length - 1)).copySourceIfMatch(h.eTag()))
              .copyPartResult().eTag()).build()));
      return size;
    });
  }

  /** One PutObject; with verification on, the content's MD5 goes into the metadata (and Content-MD5). */
  private StorageFile put(String name, long length, ContentChecksum md5, ContentStreamProvider body) {
    s3.putObject(r -> r.bucket(config.bucket()).key(name).contentLength(length).contentType(CONTENT_TYPE)
        .metadata(md5 == null ? Map.of() : Map.of(S3Expectation.META_MD5, md5.hex()))
        .contentMD5(md5 != null && contentMd5() ? md5.base64() : null),
        RequestBody.fromContentProvider(body, length, CONTENT_TYPE));
    return stored(name, length);
  }

  /** Sends the parts of one upload; returns the bytes sent. */
  @FunctionalInterface
  private interface Parts {
    long send(String uploadId, PartRunner<CompletedPart> runner) throws IOException;
  }

  private static CreateMultipartUploadRequest.Builder create(long partSize, String type, Map<String, String> meta) {
    Map<String, String> m = new HashMap<>(meta);
    m.put(S3Expectation.META_PART_SIZE, Long.toString(partSize));
    return CreateMultipartUploadRequest.builder().contentType(type).metadata(m);
  }

  /** A multipart upload: created, its parts sent, completed; aborted after any failure, parts drained first. */
  private StorageFile multipart(String name, CreateMultipartUploadRequest.Builder create, Parts parts)
      throws IOException {
    String uploadId = s3.createMultipartUpload(create.bucket(config.bucket()).key(name).build()).uploadId();
    PartRunner<CompletedPart> runner = S3Backend.runner(context, config);
    long sent;
    try {
      sent = parts.send(uploadId, runner);
      List<CompletedPart> done = runner.await(); // in submission order, which is part order
      s3.completeMultipartUpload(r -> r.bucket(config.bucket()).key(name).uploadId(uploadId)
          .multipartUpload(m -> m.parts(done)));
    } catch (IOException | RuntimeException | Error e) {
      runner.drain();
      abort(name, uploadId, e);
      throw e;
    }
    return stored(name, sent);
  }

  private CompletedPart part(String name, String uploadId, int number, long length, ContentChecksum md5,
      ContentStreamProvider body, TransferProgress progress) {
    String etag = s3.uploadPart(r -> r.bucket(config.bucket()).key(name).uploadId(uploadId).partNumber(number)
        .contentLength(length).contentMD5(md5 == null ? null : md5.base64()),
        RequestBody.fromContentProvider(body, length, CONTENT_TYPE)).eTag();
    progress.add(length);
    return CompletedPart.builder().partNumber(number).eTag(etag).build();
  }

  /** Aborts a failed multipart upload so no parts are left behind; a failure to abort is attached to {@code cause}. */
  private void abort(String name, String uploadId, Throwable cause) {
    try {
      s3.abortMultipartUpload(r -> r.bucket(config.bucket()).key(name).uploadId(uploadId));
    } catch (RuntimeException e) {
      LOG.warn("{}: aborting the failed multipart upload of '{}' failed; parts may remain until a lifecycle "
          + "rule removes them: {}", context.uri(), context.keyOf(name), e.toString());
      cause.addSuppressed(e);
    }
  }

  /** The written object as a HEAD describes it; it must hold the {@code size} bytes sent. */
  private StorageFile stored(String name, long size) {
    StorageFile stored = S3Backend.describe(name, s3.headObject(r -> r.bucket(config.bucket()).key(name)));
    if (stored.size() != size) {
      throw context.sizeMismatch(name, size, stored.size());
    }
    return stored;
  }

  /**
   * Counts the bytes the SDK reads from a single-part body on {@code progress}, starting again for
   * each attempt, so the listener runs before the object exists and its exception aborts the put.
   */
  private static InputStream counted(InputStream in, TransferProgress progress) {
    progress.restart();
    return progress.counting(in);
  }

  /** A file range as a body the SDK may read more than once (signing, retries): a fresh stream each time. */
  private static ContentStreamProvider fileBody(Path file, long offset, long length, TransferProgress counting) {
    return ContentStreamProvider.fromInputStreamSupplier(() -> {
      try {
        InputStream in = Transfers.range(file, offset, length);
        return counting == null ? in : counted(in, counting);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }
}
