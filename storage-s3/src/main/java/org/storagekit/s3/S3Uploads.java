package org.storagekit.s3;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.storagekit.StorageFile;
import org.storagekit.Checksum;
import org.storagekit.spi.CopyRequest;
import org.storagekit.spi.Multipart;
import org.storagekit.spi.StorageContext;
import org.storagekit.spi.StreamParts;
import org.storagekit.spi.TransferProgress;
import org.storagekit.spi.WriteRequest;
import software.amazon.awssdk.core.SdkPlugin;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.services.s3.S3ServiceClientConfiguration;
import software.amazon.awssdk.services.s3.auth.scheme.S3AuthSchemeProvider;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

/**
 * Writes and copies, on the {@link Multipart} skeleton. Above the multipart threshold uploads are
 * sent in parts, {@code partConcurrency} at a time: parts of a local file are read by range straight
 * from the file; a stream is cut into part-sized buffers by {@link StreamParts}. Copies above the
 * copy threshold run as parallel UploadPartCopy. Any failure aborts the multipart upload. In
 * {@code WHEN_REQUIRED} mode every put and part carries Content-MD5; with verification on, each
 * object gets the metadata {@code storagekit-md5} (single part) or {@code storagekit-part-size}
 * (multipart) that {@link S3Expectation} checks downloads against. Each write ends with a HEAD, so
 * the returned file matches what a later lookup or listing reports.
 */
record S3Uploads(S3Client s3, StorageContext context, S3StorageConfig config, long copyThreshold) {
  private static final String CONTENT_TYPE = "application/octet-stream";
  private static final Checksum.Algorithm MD5 = Checksum.Algorithm.MD5;
  /**
   * For one request: its body is signed whole rather than in {@code aws-chunked} chunks. Over plain
   * http the SDK signs bodies in chunks ({@code STREAMING-AWS4-HMAC-SHA256-PAYLOAD}), and Ceph's RGW
   * 16.2 cannot read an empty chunked body (it answers {@code XAmzContentSHA256Mismatch}). Only empty
   * bodies on custom endpoints go this way, so no body is read twice to hash it: the SHA-256 of
   * nothing is a constant. Content-MD5 still goes with them.
   */
  private static final SdkPlugin UNCHUNKED = configuration -> {
    S3ServiceClientConfiguration.Builder c = (S3ServiceClientConfiguration.Builder) configuration;
    S3AuthSchemeProvider schemes = c.authSchemeProvider();
    c.authSchemeProvider(params -> schemes.resolveAuthScheme(params).stream()
        .map(o -> o.toBuilder().putSignerProperty(AwsV4FamilyHttpSigner.CHUNK_ENCODING_ENABLED, false).build())
        .toList());
  };

  StorageFile write(WriteRequest request) throws IOException {
    String name = request.name();
    TransferProgress progress = request.progress();
    long threshold = config.multipartThreshold();
    // one PutObject; with verification on, the content's MD5 goes into the metadata (and Content-MD5)
    Multipart.Single<Long> put = content -> {
      Checksum md5 = config.options().verifyChecksums() ? content.checksum(MD5) : null;
      s3.putObject(r -> r.bucket(config.bucket()).key(name).contentLength(content.length()).contentType(CONTENT_TYPE)
          .metadata(md5 == null ? Map.of() : Map.of(S3Expectation.META_MD5, md5.hex()))
          .contentMD5(md5 != null && contentMd5() ? md5.base64() : null)
          .applyMutation(b -> {
            if (content.length() == 0 && !config.awsEndpoint()) {
              b.overrideConfiguration(o -> o.addPlugin(UNCHUNKED));
            }
          }), body(content, progress));
      return content.length();
    };
    Multipart<CompletedPart, Long> upload = multipart(name, partSize -> upload(name, partSize, CONTENT_TYPE, Map.of(),
        (uploadId, part) -> {
          String md5 = contentMd5() ? part.checksum(MD5).base64() : null;
          String etag = s3.uploadPart(r -> r.bucket(config.bucket()).key(name).uploadId(uploadId)
              .partNumber(part.number()).contentLength(part.length()).contentMD5(md5), body(part, null)).eTag();
          progress.add(part.length());
          return etag;
        }));
    if (request.file().isPresent()) {
      return stored(name, upload.file(request.file().get(), request.size(), threshold, config.partSize(), put));
    }
    int partSize = (int) Math.min(config.partSize(), StreamParts.MAX_PART_SIZE);
    return stored(name, upload.stream(request.stream().orElseThrow(), n -> partSize, threshold,
        config.partConcurrency(), put));
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
    return stored(target, multipart(target, p -> upload(target, p, type, h.metadata(), (uploadId, part) ->
        s3.uploadPartCopy(r -> r.sourceBucket(bucket).sourceKey(source).destinationBucket(bucket)
            .destinationKey(target).uploadId(uploadId).partNumber(part.number()).copySourceIfMatch(h.eTag())
            .copySourceRange("bytes=" + part.offset() + "-" + (part.offset() + part.length() - 1)))
            .copyPartResult().eTag())).copy(size, partSize));
  }

  /** The upload skeleton for the object {@code name}: at most 10,000 parts, on the storage's part executor. */
  private Multipart<CompletedPart, Long> multipart(String name, Multipart.Start<CompletedPart, Long> start) {
    return new Multipart<>(context, name, () -> S3Backend.runner(context, config), S3StorageConfig.MAX_PARTS, null,
        start);
  }

  /** Sends one part of the upload {@code uploadId}; answers its ETag. */
  @FunctionalInterface
  private interface PartRequest {
    String send(String uploadId, Multipart.Part part) throws IOException;
  }

  /**
   * Creates a multipart upload of {@code name}, its part size in the metadata; its parts go by
   * {@code request}, and it completes with the bytes sent.
   */
  private Multipart.Upload<CompletedPart, Long> upload(String name, long partSize, String type,
      Map<String, String> meta, PartRequest request) {
    Map<String, String> m = new HashMap<>(meta);
    m.put(S3Expectation.META_PART_SIZE, Long.toString(partSize));
    String uploadId = s3.createMultipartUpload(r -> r.bucket(config.bucket()).key(name).contentType(type).metadata(m))
        .uploadId();
    return new Multipart.Upload<>() {
      @Override
      public CompletedPart part(Multipart.Part part) throws IOException {
        return CompletedPart.builder().partNumber(part.number()).eTag(request.send(uploadId, part)).build();
      }

      @Override
      public Long complete(List<CompletedPart> parts, long size, Checksum checksum) {
        s3.completeMultipartUpload(r -> r.bucket(config.bucket()).key(name).uploadId(uploadId)
            .multipartUpload(m -> m.parts(parts)));
        return size;
      }

      @Override
      public void abort() {
        s3.abortMultipartUpload(r -> r.bucket(config.bucket()).key(name).uploadId(uploadId));
      }
    };
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
   * A body the SDK may read more than once (signing, retries): a fresh stream each time. With
   * {@code counting} (single requests), the bytes the SDK reads are counted on it, starting again for
   * each attempt, so the listener runs before the object exists and its exception aborts the put.
   */
  private static RequestBody body(Multipart.Part part, TransferProgress counting) {
    return RequestBody.fromContentProvider(ContentStreamProvider.fromInputStreamSupplier(() -> {
      try {
        InputStream in = part.stream();
        if (counting == null) {
          return in;
        }
        counting.restart();
        return counting.counting(in);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }), part.length(), CONTENT_TYPE);
  }
}
