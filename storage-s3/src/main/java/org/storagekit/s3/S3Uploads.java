package org.storagekit.s3;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.storagekit.Checksum;
import org.storagekit.Precondition;
import org.storagekit.PreconditionFailedException;
import org.storagekit.StorageFile;
import org.storagekit.TransientException;
import org.storagekit.WriteOptions;
import org.storagekit.s3.S3Files.Content;
import org.storagekit.spi.CopyRequest;
import org.storagekit.spi.Etags;
import org.storagekit.spi.Multipart;
import org.storagekit.spi.StorageContext;
import org.storagekit.spi.StreamParts;
import org.storagekit.spi.TransferProgress;
import org.storagekit.spi.WriteRequest;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkPlugin;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.services.s3.S3ServiceClientConfiguration;
import software.amazon.awssdk.services.s3.auth.scheme.S3AuthSchemeProvider;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CopyObjectResponse;
import software.amazon.awssdk.services.s3.model.CopyObjectResult;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.MetadataDirective;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

/**
 * Writes and copies, on the {@link Multipart} skeleton. Above the multipart threshold uploads are
 * sent in parts, {@code partConcurrency} at a time: parts of a local file are read by range straight
 * from the file; a stream is cut into part-sized buffers by {@link StreamParts}. Copies above the
 * copy threshold, and every copy with a precondition, run as parallel UploadPartCopy. Any failure,
 * a failed precondition on the commit too, aborts the multipart upload. In {@code WHEN_REQUIRED}
 * mode every put and part carries Content-MD5; with verification on, each object gets the metadata
 * {@code storagekit-md5} (single part) or {@code storagekit-part-size} (multipart) that
 * {@link S3Expectation} checks downloads against. Content type, headers and user metadata go on the
 * PutObject or CreateMultipartUpload [§16]; a precondition goes on the PutObject or
 * CompleteMultipartUpload as {@code If-None-Match: *} or {@code If-Match} [§17]. The returned file
 * is the response's ETag, version and checksums plus what was sent: no HEAD follows a write.
 */
record S3Uploads(S3Client s3, S3Heads heads, StorageContext context, S3StorageConfig config, long copyThreshold) {
  private static final String CONTENT_TYPE = "application/octet-stream";
  private static final Checksum.Algorithm MD5 = Checksum.Algorithm.MD5;
  /**
   * For one request: its body is signed whole rather than in {@code aws-chunked} chunks. Over plain
   * http the SDK signs bodies in chunks ({@code STREAMING-AWS4-HMAC-SHA256-PAYLOAD}), and Ceph's RGW
   * 16.2 cannot read an empty chunked body (it answers {@code XAmzContentSHA256Mismatch}), nor sign
   * a chunked one with a Content-Encoding the way the SDK does ({@code SignatureDoesNotMatch}). Only
   * those bodies, and only on custom endpoints, go this way: an empty one's SHA-256 is a constant;
   * an encoded one is read once more to hash it. Content-MD5 still goes with them.
   */
  private static final SdkPlugin UNCHUNKED = configuration -> {
    S3ServiceClientConfiguration.Builder c = (S3ServiceClientConfiguration.Builder) configuration;
    S3AuthSchemeProvider schemes = c.authSchemeProvider();
    c.authSchemeProvider(params -> schemes.resolveAuthScheme(params).stream()
        .map(o -> o.toBuilder().putSignerProperty(AwsV4FamilyHttpSigner.CHUNK_ENCODING_ENABLED, false).build())
        .toList());
  };

  /** For one request: no SDK retry; the caller retries it (CreateMultipartUpload). */
  private static final SdkPlugin NO_RETRY = configuration -> configuration.overrideConfiguration(
      configuration.overrideConfiguration().toBuilder().retryStrategy(AwsRetryStrategy.doNotRetry()).build());

  StorageFile write(WriteRequest request) throws IOException {
    String name = request.name();
    TransferProgress progress = request.progress();
    long threshold = config.multipartThreshold();
    Precondition condition = request.precondition();
    // one PutObject; with verification on, the content's MD5 goes into the metadata (and Content-MD5)
    Multipart.Single<StorageFile> put = content -> {
      Checksum md5 = config.options().verifyChecksums() ? content.checksum(MD5) : null;
      Content sent = Content.of(request.options(), request.contentType(),
          md5 == null ? Map.of() : Map.of(S3Expectation.META_MD5, md5.hex()));
      PutObjectResponse r = s3.putObject(b -> sent.apply(b.bucket(config.bucket()).key(name))
          .contentLength(content.length()).contentMD5(md5 != null && contentMd5() ? md5.base64() : null)
          .ifNoneMatch(ifNoneMatch(condition)).ifMatch(ifMatch(condition))
          .applyMutation(m -> {
            if ((content.length() == 0 || sent.encoding() != null) && !config.awsEndpoint()) {
              m.overrideConfiguration(o -> o.addPlugin(UNCHUNKED));
            }
          }), body(content, progress));
      return sent.describe(S3Files.written(name, content.length(), r.sdkHttpResponse(), r.eTag(), r.versionId()),
          r.checksumType(), r.checksumCRC64NVME(), r.checksumCRC32C(), r.checksumSHA256());
    };
    Multipart<CompletedPart, StorageFile> upload = multipart(name, partSize -> upload(name, partSize,
        Content.of(request.options(), request.contentType(), Map.of()), condition, (uploadId, part) -> {
          String md5 = contentMd5() ? part.checksum(MD5).base64() : null;
          String etag = s3.uploadPart(r -> r.bucket(config.bucket()).key(name).uploadId(uploadId)
              .partNumber(part.number()).contentLength(part.length()).contentMD5(md5), body(part, null)).eTag();
          progress.add(part.length());
          return etag;
        }));
    if (request.file().isPresent()) {
      return upload.file(request.file().get(), request.size(), threshold, config.partSize(), put);
    }
    int partSize = (int) Math.min(config.partSize(), StreamParts.MAX_PART_SIZE);
    return upload.stream(request.stream().orElseThrow(), n -> partSize, threshold, config.partConcurrency(), put);
  }

  /** Whether every put and part carries Content-MD5 ({@code WHEN_REQUIRED} mode). */
  private boolean contentMd5() {
    return config.effectiveChecksumMode() == S3StorageConfig.ChecksumMode.WHEN_REQUIRED;
  }

  private static String ifNoneMatch(Precondition condition) {
    return condition.isIfNotExists() ? "*" : null;
  }

  private static String ifMatch(Precondition condition) {
    return condition.ifMatchEtag().map(Etags::quote).orElse(null);
  }

  /**
   * Copies with CopyObject (pinned to the source's ETag), keeping the source's content headers and
   * metadata or replacing them with the request's [§16.4]; or with UploadPartCopy in parallel above
   * the threshold or under a precondition, which S3 checks only on the commit (CopyObject has no
   * condition on its target).
   */
  StorageFile copy(CopyRequest request) throws IOException {
    String source = request.source();
    String target = request.target();
    String bucket = config.bucket();
    WriteOptions options = request.options();
    Precondition condition = options.precondition();
    HeadObjectResponse h = heads.head(source);
    StorageFile from = S3Files.head(target, h);
    if (source.equals(target) && !options.setsContent()) {
      return unchanged(from, condition); // S3 refuses a copy onto itself that changes nothing
    }
    Content content = options.setsContent() // StorageKit's entries describe the same bytes
        ? Content.of(options, options.contentType().orElse(CONTENT_TYPE), Content.of(h).internal()) : Content.of(h);
    long size = h.contentLength();
    if (size <= copyThreshold && condition.isNone()) {
      CopyObjectResponse r = s3.copyObject(b -> (options.setsContent()
          ? content.apply(b.metadataDirective(MetadataDirective.REPLACE)) : b.metadataDirective(MetadataDirective.COPY))
          .sourceBucket(bucket).sourceKey(source).destinationBucket(bucket).destinationKey(target)
          .copySourceIfMatch(h.eTag()));
      CopyObjectResult c = r.copyObjectResult();
      return content.describe(S3Files.basic(target, size, c.lastModified(), c.eTag()).version(r.versionId()),
          c.checksumType(), c.checksumCRC64NVME(), c.checksumCRC32C(), c.checksumSHA256());
    }
    long partSize = Math.min(S3StorageConfig.MAX_PART_SIZE, S3Backend.partSize(config.partSize(), size));
    return multipart(target, p -> upload(target, p, content, condition, (uploadId, part) ->
        s3.uploadPartCopy(r -> r.sourceBucket(bucket).sourceKey(source).destinationBucket(bucket)
            .destinationKey(target).uploadId(uploadId).partNumber(part.number()).copySourceIfMatch(h.eTag())
            .copySourceRange(part.length() == size ? null // the whole object, even an empty one
                : "bytes=" + part.offset() + "-" + (part.offset() + part.length() - 1)))
            .copyPartResult().eTag())).copy(size, partSize);
  }

  /** The file a copy onto itself leaves as it was, if it meets {@code condition}. */
  private StorageFile unchanged(StorageFile file, Precondition condition) {
    String key = context.keyOf(file.key());
    if (condition.isIfNotExists() || condition.ifMatchEtag().filter(e -> !file.etag().equals(Optional.of(e)))
        .isPresent()) {
      throw new PreconditionFailedException(context.uri(), key, "a copy onto itself: the file exists"
          + file.etag().map(e -> " with ETag " + e).orElse(""));
    }
    return file;
  }

  /** The upload skeleton for the object {@code name}: at most 10,000 parts, on the storage's part executor. */
  private Multipart<CompletedPart, StorageFile> multipart(String name,
      Multipart.Start<CompletedPart, StorageFile> start) {
    return new Multipart<>(context, name, () -> S3Backend.runner(context, config), S3StorageConfig.MAX_PARTS, null,
        start);
  }

  /** Sends one part of the upload {@code uploadId}; answers its ETag. */
  @FunctionalInterface
  private interface PartRequest {
    String send(String uploadId, Multipart.Part part) throws IOException;
  }

  /**
   * Creates a multipart upload of {@code name} stored with {@code content}, its part size in the
   * metadata; its parts go by {@code request}, and it completes under {@code condition}.
   */
  private Multipart.Upload<CompletedPart, StorageFile> upload(String name, long partSize, Content content,
      Precondition condition, PartRequest request) {
    Content stored = content.with(S3Expectation.META_PART_SIZE, Long.toString(partSize));
    String uploadId = create(name, stored);
    return new Multipart.Upload<>() {
      @Override
      public CompletedPart part(Multipart.Part part) throws IOException {
        return CompletedPart.builder().partNumber(part.number()).eTag(request.send(uploadId, part)).build();
      }

      @Override
      public StorageFile complete(List<CompletedPart> parts, long size, Checksum checksum) {
        CompleteMultipartUploadResponse r = s3.completeMultipartUpload(b -> b.bucket(config.bucket()).key(name)
            .uploadId(uploadId).multipartUpload(m -> m.parts(parts))
            .ifNoneMatch(ifNoneMatch(condition)).ifMatch(ifMatch(condition)));
        return stored.describe(S3Files.written(name, size, r.sdkHttpResponse(), r.eTag(), r.versionId()),
            r.checksumType(), r.checksumCRC64NVME(), r.checksumCRC32C(), r.checksumSHA256());
      }

      @Override
      public void abort() {
        s3.abortMultipartUpload(r -> r.bucket(config.bucket()).key(name).uploadId(uploadId));
      }
    };
  }

  /**
   * Sends CreateMultipartUpload, retried here rather than by the SDK: an attempt whose reply was lost
   * (reset, stall, cut short: on RGW a chunked reply cut short parses to no UploadId) may still have
   * created an upload. So after any failed attempt, the key's multipart uploads are listed and those
   * initiated since the first attempt began (a second's margin), other than the one returned, are
   * aborted: nothing stays open. A concurrent writer's upload of the same key, started in that window,
   * is aborted too; its put then fails and can be retried.
   */
  private String create(String name, Content stored) {
    org.storagekit.RetryOptions retries = config.options().retries();
    Instant began = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(1);
    boolean failed = false;
    for (int attempt = 1; ; attempt++) {
      String uploadId = null;
      try {
        uploadId = s3.createMultipartUpload(r -> stored.apply(r.bucket(config.bucket()).key(name))
            .overrideConfiguration(o -> o.addPlugin(NO_RETRY))).uploadId();
        if (uploadId == null || uploadId.isEmpty()) {
          throw SdkClientException.create("CreateMultipartUpload answered no UploadId (a reply cut short?)",
              new EOFException("no UploadId in the CreateMultipartUpload reply"));
        }
        if (failed) {
          abortStrays(name, uploadId, began);
        }
        return uploadId;
      } catch (SdkException e) {
        failed = true;
        boolean transientFailure = S3Errors.translate(context.uri(), name, e)
            .filter(x -> x instanceof TransientException).isPresent();
        if (!transientFailure || attempt >= retries.maxAttempts()) {
          try {
            abortStrays(name, null, began);
          } catch (SdkException cleanup) {
            e.addSuppressed(cleanup);
          }
          throw e;
        }
        try {
          Thread.sleep(retries.backoff(attempt).toMillis());
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
  }

  /** Aborts the multipart uploads of exactly {@code name} initiated since {@code since}, but {@code ours}. */
  private void abortStrays(String name, String ours, Instant since) {
    for (MultipartUpload u : s3.listMultipartUploadsPaginator(r -> r.bucket(config.bucket()).prefix(name)).uploads()) {
      boolean recent = u.initiated() == null || !u.initiated().isBefore(since);
      if (name.equals(u.key()) && !u.uploadId().equals(ours) && recent) {
        s3.abortMultipartUpload(r -> r.bucket(config.bucket()).key(name).uploadId(u.uploadId()));
      }
    }
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
