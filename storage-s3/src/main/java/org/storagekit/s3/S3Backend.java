package org.storagekit.s3;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.net.URI;
import java.net.URL;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.storagekit.Capability;
import org.storagekit.RetryOptions;
import org.storagekit.StorageException;
import org.storagekit.StorageFile;
import org.storagekit.spi.BoundedInputStream;
import org.storagekit.spi.CopyRequest;
import org.storagekit.spi.DownloadRequest;
import org.storagekit.spi.Etags;
import org.storagekit.spi.ListRequest;
import org.storagekit.spi.Page;
import org.storagekit.spi.PartChecksums;
import org.storagekit.spi.PartRunner;
import org.storagekit.spi.PresignRequest;
import org.storagekit.spi.ReadRequest;
import org.storagekit.spi.StorageBackend;
import org.storagekit.spi.StorageContext;
import org.storagekit.spi.Transfers;
import org.storagekit.spi.WriteRequest;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.s3.LegacyMd5Plugin;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.EncodingType;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Error;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * A bucket (and prefix) on Amazon S3 or an S3-compatible server, through the AWS SDK for Java v2:
 * the primitive operations {@link org.storagekit.spi.StorageEngine} builds the contract on. Writes
 * and copies are {@link S3Uploads}; failures are translated by {@link S3Errors} only.
 *
 * <p>Downloads are pinned to the ETag the caller saw (If-Match), so a replaced object fails rather
 * than changes under them; above the multipart threshold they run as parallel ranged GETs written
 * by position, the ranges on the object's own part size where {@link S3Expectation} verifies
 * per-part MD5s.
 */
final class S3Backend implements StorageBackend {
  /** What every S3 storage supports; {@link Capability#CONDITIONAL_WRITE} only where the server checks conditions. */
  static final Set<Capability> CAPABILITIES = EnumSet.of(Capability.WRITE, Capability.RANGED_READ,
      Capability.COPY, Capability.SERVER_SIDE_COPY, Capability.ETAG, Capability.MULTIPART_UPLOAD,
      Capability.METADATA, Capability.PRESIGN);
  /** Keys in one DeleteObjects request, S3's limit. */
  static final int DELETE_BATCH = 1000;
  /** Objects larger than this are copied with UploadPartCopy: S3's CopyObject limit, 5 GiB. */
  static final long COPY_MULTIPART_THRESHOLD = S3StorageConfig.MAX_PART_SIZE;
  private static final Logger LOG = LoggerFactory.getLogger(S3Backend.class);

  private final StorageContext context;
  private final S3StorageConfig config;
  private final String bucket;
  private final DefaultCredentialsProvider defaultCredentials; // created (and so closed) here, or null
  private final S3Client s3;
  private final S3Presigner presigner;
  private final S3Heads heads;
  private final S3Uploads uploads;
  private volatile boolean oneByOne; // the server answered DeleteObjects 501

  /** Creates the backend and its SDK client, sending nothing; tests lower the copy threshold and add interceptors. */
  S3Backend(StorageContext context, S3StorageConfig config, long copyThreshold,
      Consumer<ClientOverrideConfiguration.Builder> overrides) {
    this.context = context;
    this.config = config;
    this.bucket = config.bucket();
    this.defaultCredentials = config.credentials().provider().isPresent()
        ? null : DefaultCredentialsProvider.builder().build();
    this.s3 = client(overrides);
    this.presigner = S3Presigner.builder().region(region()).endpointOverride(config.endpoint().orElse(null))
        .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(config.pathStyle()).build())
        .credentialsProvider(config.credentials().provider().orElse(defaultCredentials)).build();
    this.heads = new S3Heads(s3, config.bucket());
    this.uploads = new S3Uploads(s3, heads, context, config, copyThreshold);
  }

  /**
   * The one place the SDK client is built. Without a configured region: {@code aws.region} or
   * {@code AWS_REGION}, else {@code us-east-1}; on AWS, cross-region access corrects a wrong guess.
   * The instance metadata service is not asked, so opening sends nothing.
   */
  private S3Client client(Consumer<ClientOverrideConfiguration.Builder> overrides) {
    String checksums = config.effectiveChecksumMode().name(); // WHEN_SUPPORTED or WHEN_REQUIRED, as the SDK names them
    int connections = Math.max(50, 2 * (partThreads(config) + config.options().parallelism()));
    RetryOptions retries = config.options().retries();
    Apache5HttpClient.Builder http = Apache5HttpClient.builder().maxConnections(connections)
        .connectionTimeout(retries.connectTimeout()).socketTimeout(retries.readTimeout());
    return S3Client.builder()
        .httpClientBuilder(http)
        .applyMutation(b -> config.endpoint().ifPresent(b::endpointOverride))
        .forcePathStyle(config.pathStyle())
        .credentialsProvider(config.credentials().provider().orElse(defaultCredentials))
        .region(region())
        .crossRegionAccessEnabled(config.awsEndpoint())
        .requestChecksumCalculation(RequestChecksumCalculation.valueOf(checksums))
        .responseChecksumValidation(ResponseChecksumValidation.valueOf(checksums))
        .applyMutation(b -> { // Content-MD5, not a CRC, where a request needs a checksum (DeleteObjects)
          if (config.effectiveChecksumMode() == S3StorageConfig.ChecksumMode.WHEN_REQUIRED) {
            b.addPlugin(LegacyMd5Plugin.create());
          }
        })
        .overrideConfiguration(o -> {
          BackoffStrategy backoff = BackoffStrategy.exponentialDelay(retries.initialBackoff(), retries.maxBackoff());
          o.retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder().maxAttempts(retries.maxAttempts())
              .backoffStrategy(backoff).throttlingBackoffStrategy(backoff).build()) // full jitter, both
              .apiCallTimeout(retries.operationTimeout());
          overrides.accept(o);
        })
        .build();
  }

  private Region region() {
    String region = config.region().orElse(System.getProperty("aws.region", System.getenv("AWS_REGION")));
    return region == null || region.isBlank() ? Region.US_EAST_1 : Region.of(region.trim());
  }

  /** Threads of the part executor: every parallel transfer may run its parts at once. */
  private static int partThreads(S3StorageConfig config) {
    return config.options().parallelism() + config.partConcurrency();
  }

  /** A runner for the parts of one transfer, on the storage's part executor. */
  static <T> PartRunner<T> runner(StorageContext context, S3StorageConfig config) {
    return new PartRunner<>(context.parts(partThreads(config)), config.partConcurrency());
  }

  /** The part (or range) size for {@code size} bytes: {@code base}, raised to stay within 10,000 parts. */
  static long partSize(long base, long size) {
    return Math.max(base, (size + S3StorageConfig.MAX_PARTS - 1) / S3StorageConfig.MAX_PARTS);
  }

  @Override
  public Set<Capability> capabilities() {
    if (!config.conditionalWritesEnabled()) {
      return CAPABILITIES;
    }
    Set<Capability> all = EnumSet.copyOf(CAPABILITIES);
    all.add(Capability.CONDITIONAL_WRITE);
    return all;
  }

  /**
   * One ListObjectsV2 page, as the listing returns it and nothing more: its continuation token is the
   * page token; the first page starts after {@code startAfter}; a folder listing asks for delimiter
   * {@code /} and takes the common prefixes as folders.
   */
  @Override
  public Page list(ListRequest request) {
    ListObjectsV2Response response = s3.listObjectsV2(r -> r.bucket(bucket).encodingType(EncodingType.URL)
        .maxKeys(Math.min(config.listPageSize(), request.pageSize())).continuationToken(request.pageToken())
        .startAfter(request.pageToken() == null ? request.startAfter() : null)
        .delimiter(request.folders() ? "/" : null)
        .prefix(request.prefix().isEmpty() ? null : request.prefix()));
    List<StorageFile> files = response.contents().stream()
        .map(o -> S3Files.basic(o.key(), o.size(), o.lastModified(), o.eTag()).build()).toList();
    Set<String> folders = new LinkedHashSet<>(); // S3Proxy lists a marker "a/" as an object, S3 as a prefix
    response.commonPrefixes().forEach(p -> folders.add(p.prefix()));
    files.stream().map(StorageFile::key).filter(k -> request.folders() && k.endsWith("/")
        && k.length() > request.prefix().length()).forEach(folders::add);
    return Page.withFolders(files, List.copyOf(folders),
        Boolean.TRUE.equals(response.isTruncated()) ? response.nextContinuationToken() : null);
  }

  /** One HEAD, with the full-object checksums S3 keeps. */
  @Override
  public Optional<StorageFile> stat(String name) {
    return Optional.of(S3Files.head(name, heads.head(name)));
  }

  /** An object's bytes. Closing them before the end aborts the connection rather than draining the rest. */
  @Override
  public InputStream read(ReadRequest request) {
    long offset = request.offset();
    String end = request.length() > 0 ? String.valueOf(offset + request.length() - 1) : "";
    ResponseInputStream<GetObjectResponse> response = s3.getObject(r -> r.bucket(bucket).key(request.name())
        .range(request.isWhole() ? null : "bytes=" + offset + "-" + end)
        .ifMatch(request.condition().flatMap(StorageFile::etag).map(Etags::quote).orElse(null)));
    Long contentLength = response.response().contentLength();
    long length = contentLength == null ? Long.MAX_VALUE : contentLength;
    return new BoundedInputStream(response, length) {
      private long remaining = length;

      @Override
      protected void bytesRead(int count) {
        remaining -= count;
      }

      @Override
      public void close() throws IOException {
        if (remaining > 0) {
          response.abort();
        }
        super.close();
      }
    };
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

  @Override
  public int deleteBatchSize() {
    return oneByOne ? 0 : DELETE_BATCH;
  }

  /**
   * One DeleteObjects request in quiet mode: S3 answers only the keys it did not delete, each with
   * its error. A server that answers it 501 Not Implemented (S3Proxy by default, because of the
   * {@code x-amz-checksum-crc32} the SDK adds to it, after any interceptor could remove it) is
   * refused batches from then on, and the engine deletes one key per request, in parallel.
   */
  @Override
  public Map<String, Throwable> deleteBatch(List<String> names) {
    if (!oneByOne) {
      try {
        return deleteObjects(names);
      } catch (S3Exception e) {
        if (!S3Errors.notImplemented(e)) {
          throw e;
        }
        oneByOne = true;
        LOG.debug("bucket {}: the server does not implement DeleteObjects (HTTP 501); deleting one key per request",
            bucket);
      }
    }
    throw new UnsupportedOperationException("bucket " + bucket + ": the server does not implement DeleteObjects");
  }

  private Map<String, Throwable> deleteObjects(List<String> names) {
    DeleteObjectsResponse response = s3.deleteObjects(r -> r.bucket(bucket).delete(d -> d.quiet(true)
        .objects(names.stream().map(n -> ObjectIdentifier.builder().key(n).build()).toList())));
    Map<String, Throwable> failed = new LinkedHashMap<>();
    for (S3Error e : response.errors()) {
      failed.put(e.key(), S3Exception.builder().statusCode(response.sdkHttpResponse().statusCode())
          .message(e.code() + ": " + e.message())
          .awsErrorDetails(AwsErrorDetails.builder().errorCode(e.code()).errorMessage(e.message()).build())
          .build());
    }
    return failed;
  }

  /** A SigV4 query-string URL (on the configured endpoint and addressing style), signed here, offline. */
  @Override
  public URI presign(PresignRequest request) {
    String name = request.name();
    URL url = request.method() == PresignRequest.Method.GET
        ? presigner.presignGetObject(r -> r.signatureDuration(request.expiry())
            .getObjectRequest(g -> g.bucket(bucket).key(name))).url()
        : presigner.presignPutObject(r -> r.signatureDuration(request.expiry())
            .putObjectRequest(p -> p.bucket(bucket).key(name).contentType(request.contentType()))).url();
    return URI.create(url.toExternalForm());
  }

  /**
   * One GET; or above the multipart threshold a HEAD and parallel ranged GETs, all pinned to one
   * ETag, each resumed from where its body broke (see {@link Transfers#RANGE_ATTEMPTS}).
   */
  @Override
  public void download(DownloadRequest request) throws IOException {
    String name = request.name();
    String etag = Etags.quote(request.file().etag().orElse(null));
    if (request.file().size() <= config.multipartThreshold() || config.partConcurrency() == 1) {
      try (ResponseInputStream<GetObjectResponse> in = s3.getObject(r -> r.bucket(bucket).key(name).ifMatch(etag));
          FileChannel out = FileChannel.open(request.temp(), StandardOpenOption.WRITE)) {
        GetObjectResponse g = in.response(); // its headers say what to verify against: no HEAD first
        S3Expectation expected = S3Expectation.of(request, g.metadata(), g.eTag(), g.serverSideEncryption(),
            g.sseCustomerAlgorithm());
        expected.verify(request, java.util.Collections.singletonList(fill(request, in, out, expected.start(0))));
      }
      return;
    }
    HeadObjectResponse h = s3.headObject(r -> r.bucket(bucket).key(name).ifMatch(etag));
    long size = h.contentLength();
    S3Expectation expected = S3Expectation.of(request, h.metadata(), h.eTag(), h.serverSideEncryption(),
        h.sseCustomerAlgorithm());
    long rangeSize = partSize(expected.partSize() > 0 ? expected.partSize() : config.partSize(), size);
    // a range whose body breaks midway is requested again from where it broke, still pinned
    expected.verify(request, Transfers.download(request, size, rangeSize, runner(context, config),
        expected::start, (offset, length) -> s3.getObject(r -> r.bucket(bucket).key(name)
            .range("bytes=" + offset + "-" + (offset + length - 1)).ifMatch(h.eTag()))));
  }

  /** Copies {@code in} into the temp file from the position of {@code out} on, feeding {@code check}. */
  private static PartChecksums fill(DownloadRequest request, InputStream in, FileChannel out,
      PartChecksums check) throws IOException {
    Transfers.copy(Channels.newChannel(in), out, ByteBuffer.allocate(Transfers.BUFFER), check, request.progress());
    return check;
  }

  @Override
  public Optional<StorageException> translate(Throwable error, String key) {
    return S3Errors.translate(context.uri(), key, error);
  }

  @Override
  public void close() {
    presigner.close();
    s3.close();
    if (defaultCredentials != null) {
      defaultCredentials.close();
    }
  }

  @Override
  public String toString() {
    return "S3Backend[" + context.uri() + ", " + config.endpoint().map(Object::toString).orElse("AWS") + "]";
  }
}
