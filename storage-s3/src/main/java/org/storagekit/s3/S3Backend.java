package org.storagekit.s3;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.storagekit.Capability;
import org.storagekit.StorageException;
import org.storagekit.StorageFile;
import org.storagekit.spi.ContentChecksum;
import org.storagekit.spi.CopyRequest;
import org.storagekit.spi.DownloadRequest;
import org.storagekit.spi.Etags;
import org.storagekit.spi.ListRequest;
import org.storagekit.spi.Page;
import org.storagekit.spi.PartRunner;
import org.storagekit.spi.ReadRequest;
import org.storagekit.spi.StorageBackend;
import org.storagekit.spi.StorageContext;
import org.storagekit.spi.WriteRequest;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.EncodingType;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;

/**
 * A bucket (and prefix) on Amazon S3 or an S3-compatible server, through the AWS SDK for Java v2:
 * the primitive operations {@link org.storagekit.spi.StorageEngine} builds the contract on. Uploads
 * and copies are {@link S3Uploads}, downloads {@link S3Downloads}, their verification
 * {@link S3Expectation}; every failure is translated by {@link S3Errors}.
 */
final class S3Backend implements StorageBackend {
  static final Set<Capability> CAPABILITIES = EnumSet.of(Capability.WRITE, Capability.RANGED_READ,
      Capability.COPY, Capability.SERVER_SIDE_COPY, Capability.ETAG, Capability.MULTIPART_UPLOAD);
  /** Objects larger than this are copied with UploadPartCopy: S3's CopyObject limit, 5 GiB. */
  static final long COPY_MULTIPART_THRESHOLD = S3StorageConfig.MAX_PART_SIZE;

  private final StorageContext context;
  private final S3StorageConfig config;
  private final String bucket;
  private final S3Client s3;
  /** The default credentials chain this backend created (and so closes), or null. */
  private final DefaultCredentialsProvider defaultCredentials;
  private final S3Uploads uploads;
  private final S3Downloads downloads;

  /**
   * Creates the backend and its SDK client; sends no request.
   *
   * @param copyThreshold objects above this size are copied in parts (tests lower it)
   * @param overrides adjusts the SDK client's override configuration (tests add interceptors)
   */
  S3Backend(StorageContext context, S3StorageConfig config, long copyThreshold,
      Consumer<ClientOverrideConfiguration.Builder> overrides) {
    this.context = context;
    this.config = config;
    this.bucket = config.bucket();
    this.defaultCredentials = config.credentialsProvider().isPresent()
        ? null : DefaultCredentialsProvider.builder().build();
    this.s3 = client(config, Math.max(50, 2 * (partThreads(config) + config.options().parallelism())), overrides);
    this.uploads = new S3Uploads(s3, context, config, copyThreshold);
    this.downloads = new S3Downloads(s3, context, config);
  }

  /** The one place the SDK client is built. */
  private S3Client client(S3StorageConfig config, int connections,
      Consumer<ClientOverrideConfiguration.Builder> overrides) {
    S3ClientBuilder b = S3Client.builder()
        .httpClientBuilder(Apache5HttpClient.builder().maxConnections(connections))
        .forcePathStyle(config.pathStyle())
        .credentialsProvider(config.credentialsProvider().orElse(defaultCredentials));
    config.endpoint().ifPresent(b::endpointOverride);
    b.region(region(config)).crossRegionAccessEnabled(config.awsEndpoint());
    boolean required = config.effectiveChecksumMode() == S3StorageConfig.ChecksumMode.WHEN_REQUIRED;
    b.requestChecksumCalculation(required ? RequestChecksumCalculation.WHEN_REQUIRED : RequestChecksumCalculation.WHEN_SUPPORTED)
        .responseChecksumValidation(required ? ResponseChecksumValidation.WHEN_REQUIRED
            : ResponseChecksumValidation.WHEN_SUPPORTED);
    b.overrideConfiguration(o -> {
      if (config.maxAttempts() > 0) {
        o.retryStrategy(r -> r.maxAttempts(config.maxAttempts()));
      }
      overrides.accept(o);
    });
    return b.build();
  }

  /**
   * The configured region, else {@code aws.region} / {@code AWS_REGION}, else {@code us-east-1}; on
   * AWS cross-region access corrects a wrong guess. No instance metadata is asked: opening sends nothing.
   */
  private static Region region(S3StorageConfig config) {
    String value = config.region().orElse(System.getProperty("aws.region", System.getenv("AWS_REGION")));
    return value == null || value.isBlank() ? Region.US_EAST_1 : Region.of(value.trim());
  }

  /** Threads of the part executor: every parallel transfer may run its parts at once. */
  private static int partThreads(S3StorageConfig config) {
    return config.options().parallelism() + config.partConcurrency();
  }

  /** The part (or range) size for {@code size} bytes: {@code base}, raised to stay within S3's 10,000 parts. */
  static long partSize(long base, long size) {
    return Math.max(base, (size + S3StorageConfig.MAX_PARTS - 1) / S3StorageConfig.MAX_PARTS);
  }

  /** What a transfer does with one of its ranges. */
  @FunctionalInterface
  interface Range {
    void accept(int number, long offset, long length) throws IOException;
  }

  /** Calls {@code range} for the consecutive ranges of {@code partSize} bytes (the last may be shorter) of {@code size}. */
  static void ranges(long size, long partSize, Range range) throws IOException {
    int number = 1;
    for (long offset = 0; offset < size; offset += partSize) {
      range.accept(number++, offset, Math.min(partSize, size - offset));
    }
  }

  /** A runner for the parts of one transfer, on the storage's part executor. */
  static <T> PartRunner<T> runner(StorageContext context, S3StorageConfig config) {
    return new PartRunner<>(context.parts(partThreads(config)), config.partConcurrency());
  }

  @Override
  public Set<Capability> capabilities() {
    return CAPABILITIES;
  }

  /** One ListObjectsV2 page; its continuation token is the page token. */
  @Override
  public Page list(ListRequest request) {
    ListObjectsV2Request.Builder r = ListObjectsV2Request.builder().bucket(bucket)
        .maxKeys(Math.min(config.listPageSize(), request.pageSize())).encodingType(EncodingType.URL);
    if (!request.prefix().isEmpty()) {
      r.prefix(request.prefix());
    }
    request.token().ifPresent(r::continuationToken);
    ListObjectsV2Response response = s3.listObjectsV2(r.build());
    List<StorageFile> files = response.contents().stream()
        .map(o -> describe(o.key(), o.size(), o.lastModified(), o.eTag())).toList();
    return Page.of(files, Boolean.TRUE.equals(response.isTruncated()) ? response.nextContinuationToken() : null);
  }

  @Override
  public Optional<StorageFile> stat(String name) {
    return Optional.of(describe(name, s3.headObject(r -> r.bucket(bucket).key(name))));
  }

  /**
   * Listing and HEAD report times at different precisions (milliseconds vs. seconds); both are cut
   * to whole seconds so the same object describes itself the same way. ETags lose their quotes.
   */
  static StorageFile describe(String name, Long size, Instant lastModified, String etag) {
    Instant modified = lastModified == null ? Instant.EPOCH : lastModified.truncatedTo(ChronoUnit.SECONDS);
    return StorageFile.of(name, size == null ? 0 : size, modified, Etags.unquote(etag));
  }

  static StorageFile describe(String name, HeadObjectResponse h) {
    return describe(name, h.contentLength(), h.lastModified(), h.eTag());
  }

  @Override
  public InputStream read(ReadRequest request) {
    GetObjectRequest.Builder r = GetObjectRequest.builder().bucket(bucket).key(request.name());
    if (!request.isWhole()) {
      long offset = request.offset();
      r.range("bytes=" + offset + "-" + (request.length() > 0 ? offset + request.length() - 1 : ""));
    }
    return new ObjectStream(s3.getObject(r.build()));
  }

  /** An object's bytes. Closing it before the end aborts the connection rather than draining the rest. */
  private static final class ObjectStream extends FilterInputStream {
    private final ResponseInputStream<GetObjectResponse> response;
    private long remaining;

    ObjectStream(ResponseInputStream<GetObjectResponse> response) {
      super(response);
      this.response = response;
      Long length = response.response().contentLength();
      this.remaining = length == null ? Long.MAX_VALUE : length;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      remaining = b < 0 ? 0 : remaining - 1;
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      remaining = n < 0 ? 0 : remaining - n;
      return n;
    }

    @Override
    public void close() throws IOException {
      if (remaining > 0) {
        response.abort(); // do not drain the rest of a large object just to reuse the connection
      }
      super.close();
    }
  }

  @Override
  public StorageFile write(WriteRequest request) throws IOException {
    return uploads.write(request);
  }

  @Override
  public StorageFile copy(CopyRequest request) throws IOException {
    return uploads.copy(request);
  }

  @Override
  public void delete(String name) {
    s3.deleteObject(r -> r.bucket(bucket).key(name));
  }

  /** MD5 of the content, where the ETag is a plain MD5 (a single-part upload without SSE-KMS). */
  @Override
  public Optional<ContentChecksum> expectedChecksum(StorageFile file) {
    return file.etag().flatMap(S3Expectation::plainMd5);
  }

  @Override
  public void download(DownloadRequest request) throws IOException {
    downloads.download(request);
  }

  @Override
  public Optional<StorageException> translate(Throwable error, String key) {
    return S3Errors.translate(context.uri(), key, error);
  }

  @Override
  public void close() {
    s3.close();
    if (defaultCredentials != null) {
      defaultCredentials.close();
    }
  }

  @Override
  public String toString() {
    return "S3Backend[" + context.uri() + ", " + config.endpoint().map(Object::toString).orElse("default endpoint") + "]";
  }
}
