package org.storagekit.s3;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.storagekit.Capability;
import org.storagekit.StorageException;
import org.storagekit.StorageFile;
import org.storagekit.spi.AbstractStorage;
import org.storagekit.spi.BoundedInputStream;
import org.storagekit.spi.ContentChecksum;
import org.storagekit.spi.TransferProgress;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.EncodingType;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/**
 * A bucket (and prefix) on Amazon S3 or an S3-compatible server, through the AWS SDK for Java v2.
 *
 * <p>Uploads above the multipart threshold are sent in parts, {@code partConcurrency} at a time:
 * parts of a local file are read by range straight from the file; a stream is cut into part-sized
 * buffers, of which at most {@code partConcurrency + 1} exist at once. Any failure aborts the
 * multipart upload. Downloads above the threshold are fetched as parallel ranges (pinned to one
 * ETag with If-Match) and written by position into the temp file.
 *
 * <p>Integrity: in {@code WHEN_REQUIRED} mode every put and part carries Content-MD5, which the
 * server checks; in {@code WHEN_SUPPORTED} mode the SDK sends CRC trailers and validates response
 * checksums. Each object gets the metadata {@code storagekit-md5} (single-part uploads) or
 * {@code storagekit-part-size} (multipart), against which downloads are verified; see
 * {@link Expectation}.
 */
final class S3Storage extends AbstractStorage {
  static final Set<Capability> CAPABILITIES = EnumSet.of(Capability.WRITE, Capability.RANGED_READ,
      Capability.COPY, Capability.SERVER_SIDE_COPY, Capability.ETAG, Capability.MULTIPART_UPLOAD);
  /** Objects larger than this are copied with UploadPartCopy: S3's CopyObject limit, 5 GiB. */
  static final long COPY_MULTIPART_THRESHOLD = S3StorageConfig.MAX_PART_SIZE;
  /** User metadata: lower-case hex MD5 of the whole content, written when known before the upload. */
  static final String META_MD5 = "storagekit-md5";
  /** User metadata: the part size of a multipart upload, in bytes. */
  static final String META_PART_SIZE = "storagekit-part-size";

  private static final Logger LOG = LoggerFactory.getLogger(S3Storage.class);
  private static final String CONTENT_TYPE = "application/octet-stream";
  private static final int MAX_PARTS = 10_000;
  private static final int BUFFER = 1 << 16;
  /** Stream parts live in byte arrays, so their size is capped below 2 GiB. */
  private static final long MAX_STREAM_PART = 1L << 30;
  private static final Pattern MD5_HEX = Pattern.compile("[0-9a-fA-F]{32}");
  private static final Pattern MULTIPART_ETAG = Pattern.compile("([0-9a-fA-F]{32})-([0-9]+)");
  private static final AtomicInteger POOLS = new AtomicInteger();

  private final S3StorageConfig config;
  private final String bucket;
  private final S3Client s3;
  private final boolean contentMd5;
  private final long copyThreshold;
  private final ExecutorService parts;
  /** The default credentials chain this storage created (and so closes), or null. */
  private final DefaultCredentialsProvider defaultCredentials;

  S3Storage(S3StorageConfig config, long copyThreshold) {
    this(config, copyThreshold, o -> { });
  }

  /** As above; {@code overrides} adjusts the SDK client's override configuration (tests add interceptors). */
  S3Storage(S3StorageConfig config, long copyThreshold, Consumer<ClientOverrideConfiguration.Builder> overrides) {
    super(config.uri(), config.prefix(), CAPABILITIES, config.options());
    this.config = config;
    this.bucket = config.bucket();
    this.contentMd5 = config.effectiveChecksumMode() == S3StorageConfig.ChecksumMode.WHEN_REQUIRED;
    this.copyThreshold = copyThreshold;
    int threads = config.options().parallelism() + config.partConcurrency();
    int pool = POOLS.incrementAndGet();
    AtomicInteger count = new AtomicInteger();
    ThreadPoolExecutor tpe = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
        new LinkedBlockingQueue<>(), r -> {
          Thread t = new Thread(r, "storagekit-s3-" + pool + "-part-" + count.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
    tpe.allowCoreThreadTimeOut(true);
    this.parts = tpe;
    this.defaultCredentials = config.credentialsProvider().isPresent()
        ? null : DefaultCredentialsProvider.builder().build();
    this.s3 = client(config, Math.max(50, 2 * (threads + config.options().parallelism())), overrides);
  }

  private S3Client client(S3StorageConfig config, int connections,
      Consumer<ClientOverrideConfiguration.Builder> overrides) {
    S3ClientBuilder b = S3Client.builder()
        .httpClientBuilder(Apache5HttpClient.builder().maxConnections(connections))
        .forcePathStyle(config.pathStyle())
        .credentialsProvider(config.credentialsProvider().orElse(defaultCredentials));
    config.endpoint().ifPresent(b::endpointOverride);
    boolean aws = config.awsEndpoint();
    b.region(region(config, aws));
    if (aws) {
      b.crossRegionAccessEnabled(true);
    }
    if (config.effectiveChecksumMode() == S3StorageConfig.ChecksumMode.WHEN_REQUIRED) {
      b.requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
          .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
    } else {
      b.requestChecksumCalculation(RequestChecksumCalculation.WHEN_SUPPORTED)
          .responseChecksumValidation(ResponseChecksumValidation.WHEN_SUPPORTED);
    }
    b.overrideConfiguration(o -> {
      if (config.maxAttempts() > 0) {
        o.retryStrategy(r -> r.maxAttempts(config.maxAttempts()));
      }
      overrides.accept(o);
    });
    return b.build();
  }

  /**
   * The configured region; else, for AWS, the SDK's default region chain (cross-region access
   * corrects a wrong guess); else {@code AWS_REGION} / {@code aws.region}; else {@code us-east-1}.
   */
  private static Region region(S3StorageConfig config, boolean aws) {
    if (config.region().isPresent()) {
      return Region.of(config.region().get());
    }
    if (aws) {
      try {
        return new DefaultAwsRegionProviderChain().getRegion();
      } catch (SdkClientException e) {
        LOG.debug("no default AWS region found; using us-east-1 with cross-region access", e);
        return Region.US_EAST_1;
      }
    }
    String value = System.getProperty("aws.region", System.getenv("AWS_REGION"));
    return value == null || value.isBlank() ? Region.US_EAST_1 : Region.of(value.trim());
  }

  /** The SDK client, for tests in this package. */
  S3Client client() {
    return s3;
  }

  // ================================================================ listing and lookups

  @Override
  protected Iterator<StorageFile> listObjects(String namePrefix) {
    return new Listing(namePrefix);
  }

  /** ListObjectsV2, one page at a time, fetched only when the previous one is used up. */
  private final class Listing implements Iterator<StorageFile> {
    private final String namePrefix;
    private Iterator<S3Object> page = Collections.emptyIterator();
    private String token;
    private boolean done;

    Listing(String namePrefix) {
      this.namePrefix = namePrefix;
    }

    @Override
    public boolean hasNext() {
      while (!page.hasNext() && !done) {
        fetch();
      }
      return page.hasNext();
    }

    private void fetch() {
      ListObjectsV2Request.Builder r = ListObjectsV2Request.builder()
          .bucket(bucket)
          .maxKeys(config.listPageSize())
          .encodingType(EncodingType.URL);
      if (!namePrefix.isEmpty()) {
        r.prefix(namePrefix);
      }
      if (token != null) {
        r.continuationToken(token);
      }
      ListObjectsV2Response response;
      try {
        response = s3.listObjectsV2(r.build());
      } catch (SdkException e) {
        throw S3Errors.translate(uri(), null, e);
      }
      page = response.contents().iterator();
      token = response.nextContinuationToken();
      done = !Boolean.TRUE.equals(response.isTruncated()) || token == null;
    }

    @Override
    public StorageFile next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      S3Object o = page.next();
      return describe(o.key(), o.size(), o.lastModified(), o.eTag());
    }
  }

  @Override
  protected Optional<StorageFile> statObject(String name) {
    return head(name).map(h -> describe(name, h.contentLength(), h.lastModified(), h.eTag()));
  }

  private Optional<HeadObjectResponse> head(String name) {
    try {
      return Optional.of(s3.headObject(r -> r.bucket(bucket).key(name)));
    } catch (NoSuchKeyException e) {
      return Optional.empty();
    } catch (S3Exception e) {
      if (e.statusCode() == 404 && !isNoSuchBucket(e)) {
        return Optional.empty();
      }
      throw S3Errors.translate(uri(), keyOf(name), e);
    } catch (SdkException e) {
      throw S3Errors.translate(uri(), keyOf(name), e);
    }
  }

  private static boolean isNoSuchBucket(S3Exception e) {
    return e.awsErrorDetails() != null && "NoSuchBucket".equals(e.awsErrorDetails().errorCode());
  }

  private StorageFile stored(String name) {
    return statObject(name).orElseThrow(() -> new StorageException(uri(), keyOf(name),
        "the object was written but is not visible to a HEAD request"));
  }

  /**
   * Listing and HEAD report times at different precisions (milliseconds vs. seconds); both are cut
   * to whole seconds so the same object describes itself the same way. ETags lose their quotes.
   */
  private static StorageFile describe(String name, Long size, Instant lastModified, String etag) {
    Instant modified = lastModified == null ? Instant.EPOCH : lastModified.truncatedTo(ChronoUnit.SECONDS);
    return StorageFile.of(name, size == null ? 0 : size, modified, unquote(etag));
  }

  private static String unquote(String etag) {
    if (etag == null) {
      return null;
    }
    String e = etag.trim();
    if (e.startsWith("W/")) {
      e = e.substring(2);
    }
    if (e.length() >= 2 && e.startsWith("\"") && e.endsWith("\"")) {
      e = e.substring(1, e.length() - 1);
    }
    return e;
  }

  // ================================================================ reading

  @Override
  protected InputStream openObject(String name, long offset, long length) throws IOException {
    GetObjectRequest.Builder r = GetObjectRequest.builder().bucket(bucket).key(name);
    if (offset > 0 || length >= 0) {
      r.range("bytes=" + offset + "-" + (length >= 0 ? String.valueOf(offset + length - 1) : ""));
    }
    try {
      return new ObjectStream(s3.getObject(r.build()));
    } catch (NoSuchKeyException e) {
      throw notFound(name, e);
    } catch (S3Exception e) {
      if (e.statusCode() == 416) {
        return InputStream.nullInputStream(); // the range starts at or past the end [§3.6]
      }
      throw S3Errors.translate(uri(), keyOf(name), e);
    } catch (SdkException e) {
      throw S3Errors.translate(uri(), keyOf(name), e);
    }
  }

  /**
   * An object's bytes. Closing it before the end aborts the connection rather than draining the
   * rest of the object; SDK failures while reading surface as {@link IOException}.
   */
  private static final class ObjectStream extends FilterInputStream {
    private final ResponseInputStream<GetObjectResponse> response;
    private final long length;
    private long read;
    private boolean eof;

    ObjectStream(ResponseInputStream<GetObjectResponse> response) {
      super(response);
      this.response = response;
      Long contentLength = response.response().contentLength();
      this.length = contentLength == null ? -1 : contentLength;
    }

    @Override
    public int read() throws IOException {
      try {
        int b = super.read();
        count(b < 0 ? -1 : 1);
        return b;
      } catch (SdkException e) {
        throw new IOException("reading from S3 failed: " + e.getMessage(), e);
      }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      try {
        int n = super.read(b, off, len);
        count(n);
        return n;
      } catch (SdkException e) {
        throw new IOException("reading from S3 failed: " + e.getMessage(), e);
      }
    }

    private void count(int n) {
      if (n < 0) {
        eof = true;
      } else {
        read += n;
        eof |= length >= 0 && read >= length;
      }
    }

    @Override
    public void close() throws IOException {
      if (!eof) {
        response.abort(); // do not drain the rest of a large object just to reuse the connection
      }
      super.close();
    }
  }

  /** MD5 of the content, where the ETag is a plain MD5 (a single-part upload without SSE-KMS). */
  @Override
  protected Optional<ContentChecksum> expectedChecksum(StorageFile meta) {
    return meta.etag()
        .filter(e -> MD5_HEX.matcher(e).matches())
        .map(e -> ContentChecksum.ofHex(ContentChecksum.Algorithm.MD5, e));
  }

  @Override
  protected void getObject(String name, StorageFile meta, Path temp, TransferProgress progress) throws IOException {
    if (meta.size() > config.multipartThreshold() && config.partConcurrency() > 1) {
      getParallel(name, meta, temp, progress);
      return;
    }
    boolean verify = options().verifyChecksums();
    try (ResponseInputStream<GetObjectResponse> in = getWhole(name, meta);
        OutputStream out = Files.newOutputStream(temp)) {
      GetObjectResponse r = in.response();
      Expectation expected = verify
          ? Expectation.of(r.metadata(), r.eTag(), r.serverSideEncryption(), r.sseCustomerAlgorithm())
          : Expectation.NONE;
      Expectation.Check check = expected.start(0);
      byte[] buffer = new byte[BUFFER];
      int n;
      while ((n = read(in, buffer, name)) >= 0) {
        out.write(buffer, 0, n);
        check.update(buffer, 0, n);
        progress.add(n);
      }
      expected.verify(this, name, List.of(check), temp);
    }
  }

  /** The whole object, pinned to the ETag the caller saw, so a replaced object fails rather than changes under it. */
  private ResponseInputStream<GetObjectResponse> getWhole(String name, StorageFile meta) {
    try {
      return s3.getObject(r -> r.bucket(bucket).key(name).ifMatch(quoted(meta)));
    } catch (NoSuchKeyException e) {
      throw notFound(name, e);
    } catch (SdkException e) {
      throw S3Errors.translate(uri(), keyOf(name), e);
    }
  }

  private int read(InputStream in, byte[] buffer, String name) throws IOException {
    try {
      return in.read(buffer);
    } catch (SdkException e) {
      throw S3Errors.translate(uri(), keyOf(name), e);
    }
  }

  private static String quoted(StorageFile meta) {
    return meta.etag().map(e -> "\"" + e + "\"").orElse(null);
  }

  /** Parallel ranged download, the HEAD and every range pinned to the ETag the caller saw. */
  private void getParallel(String name, StorageFile meta, Path temp, TransferProgress progress) throws IOException {
    HeadObjectResponse h;
    try {
      h = s3.headObject(r -> r.bucket(bucket).key(name).ifMatch(quoted(meta)));
    } catch (NoSuchKeyException e) {
      throw notFound(name, e);
    } catch (SdkException e) {
      throw S3Errors.translate(uri(), keyOf(name), e);
    }
    long size = h.contentLength();
    String etag = h.eTag();
    Expectation expected = options().verifyChecksums()
        ? Expectation.of(h.metadata(), etag, h.serverSideEncryption(), h.sseCustomerAlgorithm())
        : Expectation.NONE;
    long rangeSize = expected.partSize() > 0 ? expected.partSize() : config.partSize();
    rangeSize = Math.max(rangeSize, (size + MAX_PARTS - 1) / MAX_PARTS);
    int count = (int) Math.max(1, (size + rangeSize - 1) / rangeSize);
    Expectation.Check[] checks = new Expectation.Check[count];
    Parts<Void> runner = new Parts<>();
    try (FileChannel out = FileChannel.open(temp, StandardOpenOption.WRITE)) {
      for (int i = 0; i < count; i++) {
        long offset = i * rangeSize;
        long length = Math.min(rangeSize, size - offset);
        int index = i;
        runner.submit(() -> {
          checks[index] = getRange(name, etag, offset, length, out, expected, progress);
          return null;
        });
      }
      runner.await();
      out.force(false);
    } catch (IOException | RuntimeException | Error e) {
      runner.drain(); // no range may still write once the temp file is closed and removed
      throw e;
    }
    expected.verify(this, name, List.of(checks), temp);
  }

  private Expectation.Check getRange(String name, String etag, long offset, long length, FileChannel out,
      Expectation expected, TransferProgress progress) throws IOException {
    Expectation.Check check = expected.start(offset);
    GetObjectRequest.Builder r = GetObjectRequest.builder().bucket(bucket).key(name)
        .range("bytes=" + offset + "-" + (offset + length - 1));
    if (etag != null) {
      r.ifMatch(etag);
    }
    try (ResponseInputStream<GetObjectResponse> in = s3.getObject(r.build())) {
      byte[] buffer = new byte[BUFFER];
      long position = offset;
      long remaining = length;
      while (remaining > 0) {
        int n = in.read(buffer, 0, (int) Math.min(buffer.length, remaining));
        if (n < 0) {
          throw new StorageException(uri(), keyOf(name), "integrity check failed: range at " + offset
              + " ended " + remaining + " bytes early");
        }
        ByteBuffer b = ByteBuffer.wrap(buffer, 0, n);
        while (b.hasRemaining()) {
          position += out.write(b, position);
        }
        check.update(buffer, 0, n);
        progress.add(n);
        remaining -= n;
      }
      if (in.read() >= 0) {
        in.abort();
      }
      return check;
    } catch (SdkException e) {
      throw S3Errors.translate(uri(), keyOf(name), e);
    }
  }

  /** Hashes a whole file, for verification after a parallel download. */
  static ContentChecksum md5(Path file) throws IOException {
    ContentChecksum.Hasher hasher = ContentChecksum.hasher(ContentChecksum.Algorithm.MD5);
    try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
      // sized to the file: a 1 MiB buffer per small file made most of a directory upload's garbage
      ByteBuffer buffer = ByteBuffer.allocate((int) Math.max(1, Math.min(1 << 20, in.size())));
      while (in.read(buffer) >= 0) {
        buffer.flip();
        hasher.update(buffer);
        buffer.clear();
      }
    }
    return hasher.finish();
  }

  /** Lets {@link Expectation} fail with this storage's integrity message. */
  void failIntegrity(String name, ContentChecksum expected, ContentChecksum actual) {
    verifyChecksum(name, expected, actual);
  }

  // ================================================================ writing

  @Override
  protected StorageFile putFile(String name, Path file, long size, TransferProgress progress) throws IOException {
    if (size <= config.multipartThreshold()) {
      return putSingleFile(name, file, size, progress);
    }
    long partSize = Math.max(config.partSize(), (size + MAX_PARTS - 1) / MAX_PARTS);
    int count = (int) ((size + partSize - 1) / partSize);
    String uploadId = createUpload(name, metadataForParts(partSize));
    Parts<CompletedPart> runner = new Parts<>();
    try {
      for (int i = 0; i < count; i++) {
        int number = i + 1;
        long offset = i * partSize;
        long length = Math.min(partSize, size - offset);
        runner.submit(() -> {
          String md5 = contentMd5 ? md5Base64(file, offset, length) : null;
          RequestBody body = RequestBody.fromContentProvider(
              new Reopening(() -> range(file, offset, length)), length, CONTENT_TYPE);
          CompletedPart part = uploadPart(name, uploadId, number, length, md5, body);
          progress.add(length);
          return part;
        });
      }
      completeUpload(name, uploadId, runner.await());
    } catch (IOException | RuntimeException | Error e) {
      runner.drain();
      abortUpload(name, uploadId, e);
      throw e;
    }
    return stored(name);
  }

  private StorageFile putSingleFile(String name, Path file, long size, TransferProgress progress) throws IOException {
    Map<String, String> metadata = new HashMap<>();
    String md5 = null;
    if (options().verifyChecksums()) {
      byte[] digest = md5(file).value();
      metadata.put(META_MD5, hex(digest));
      md5 = contentMd5 ? Base64.getEncoder().encodeToString(digest) : null;
    }
    RequestBody body = RequestBody.fromContentProvider(
        new Reopening(() -> counted(range(file, 0, size), progress)), size, CONTENT_TYPE);
    putObject(name, size, md5, metadata, body);
    return stored(name);
  }

  @Override
  protected StorageFile putStream(String name, InputStream content, TransferProgress progress) throws IOException {
    int partSize = (int) Math.min(config.partSize(), MAX_STREAM_PART);
    List<Chunk> head = new ArrayList<>();
    long total = 0;
    boolean eof = false;
    while (!eof && total <= config.multipartThreshold()) {
      Chunk c = Chunk.read(content, partSize);
      eof = c.length < partSize;
      if (c.length > 0 || head.isEmpty()) {
        head.add(c);
      }
      total += c.length;
    }
    if (eof && total <= config.multipartThreshold()) {
      return putSingleChunks(name, head, total, progress);
    }
    String uploadId = createUpload(name, metadataForParts(partSize));
    long sent = 0;
    Parts<CompletedPart> runner = new Parts<>();
    try {
      int number = 0;
      for (Chunk c : head) {
        runner.submit(partTask(name, uploadId, ++number, c, progress));
        sent += c.length;
      }
      head.clear();
      while (!eof) {
        if (number >= MAX_PARTS) {
          throw new StorageException(uri(), keyOf(name), "stream too large for " + MAX_PARTS + " parts of "
              + partSize + " bytes; raise the part size");
        }
        runner.reserve();
        Chunk c;
        try {
          c = Chunk.read(content, partSize);
        } catch (IOException | RuntimeException e) {
          runner.unreserve();
          throw e;
        }
        eof = c.length < partSize;
        if (c.length == 0) {
          runner.unreserve();
          break;
        }
        runner.submitReserved(partTask(name, uploadId, ++number, c, progress));
        sent += c.length;
      }
      completeUpload(name, uploadId, runner.await());
    } catch (IOException | RuntimeException | Error e) {
      runner.drain();
      abortUpload(name, uploadId, e);
      throw e;
    }
    StorageFile stored = stored(name);
    if (stored.size() != sent) {
      throw new StorageException(uri(), keyOf(name), "integrity check failed: sent " + sent
          + " bytes but the storage holds " + stored.size());
    }
    return stored;
  }

  private Callable<CompletedPart> partTask(String name, String uploadId, int number, Chunk c, TransferProgress progress) {
    return () -> {
      String md5 = contentMd5 ? Base64.getEncoder().encodeToString(c.md5()) : null;
      CompletedPart part = uploadPart(name, uploadId, number, c.length, md5,
          RequestBody.fromContentProvider(c::stream, c.length, CONTENT_TYPE));
      progress.add(c.length);
      return part;
    };
  }

  private StorageFile putSingleChunks(String name, List<Chunk> chunks, long total, TransferProgress progress) {
    Map<String, String> metadata = new HashMap<>();
    String md5 = null;
    if (options().verifyChecksums()) {
      ContentChecksum.Hasher hasher = ContentChecksum.hasher(ContentChecksum.Algorithm.MD5);
      chunks.forEach(c -> hasher.update(c.data, 0, c.length));
      byte[] digest = hasher.finish().value();
      metadata.put(META_MD5, hex(digest));
      md5 = contentMd5 ? Base64.getEncoder().encodeToString(digest) : null;
    }
    RequestBody body = RequestBody.fromContentProvider(() -> {
      List<InputStream> streams = new ArrayList<>();
      chunks.forEach(c -> streams.add(c.stream()));
      return counted(new SequenceInputStream(Collections.enumeration(streams)), progress);
    }, total, CONTENT_TYPE);
    putObject(name, total, md5, metadata, body);
    StorageFile stored = stored(name);
    if (stored.size() != total) {
      throw new StorageException(uri(), keyOf(name), "integrity check failed: sent " + total
          + " bytes but the storage holds " + stored.size());
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

  /** A part-sized buffer read from a stream; {@code length} is short only at the end. */
  private static final class Chunk {
    final byte[] data;
    final int length;

    private Chunk(byte[] data, int length) {
      this.data = data;
      this.length = length;
    }

    static Chunk read(InputStream in, int size) throws IOException {
      byte[] data = new byte[size];
      int n = in.readNBytes(data, 0, size);
      return new Chunk(data, n);
    }

    InputStream stream() {
      return new ByteArrayInputStream(data, 0, length);
    }

    byte[] md5() {
      ContentChecksum.Hasher hasher = ContentChecksum.hasher(ContentChecksum.Algorithm.MD5);
      hasher.update(data, 0, length);
      return hasher.finish().value();
    }
  }

  private void putObject(String name, long length, String md5, Map<String, String> metadata, RequestBody body) {
    PutObjectRequest.Builder r = PutObjectRequest.builder()
        .bucket(bucket).key(name).contentLength(length).contentType(CONTENT_TYPE).metadata(metadata);
    if (md5 != null) {
      r.contentMD5(md5);
    }
    try {
      s3.putObject(r.build(), body);
    } catch (SdkException e) {
      throw S3Errors.translate(uri(), keyOf(name), e);
    }
  }

  private Map<String, String> metadataForParts(long partSize) {
    return Map.of(META_PART_SIZE, Long.toString(partSize));
  }

  private String createUpload(String name, Map<String, String> metadata) {
    try {
      return s3.createMultipartUpload(CreateMultipartUploadRequest.builder()
          .bucket(bucket).key(name).contentType(CONTENT_TYPE).metadata(metadata).build()).uploadId();
    } catch (SdkException e) {
      throw S3Errors.translate(uri(), keyOf(name), e);
    }
  }

  private CompletedPart uploadPart(String name, String uploadId, int number, long length, String md5, RequestBody body) {
    try {
      String etag = s3.uploadPart(r -> {
        r.bucket(bucket).key(name).uploadId(uploadId).partNumber(number).contentLength(length);
        if (md5 != null) {
          r.contentMD5(md5);
        }
      }, body).eTag();
      return CompletedPart.builder().partNumber(number).eTag(etag).build();
    } catch (SdkException e) {
      throw S3Errors.translate(uri(), keyOf(name), e);
    }
  }

  private void completeUpload(String name, String uploadId, List<CompletedPart> done) {
    List<CompletedPart> sorted = new ArrayList<>(done);
    sorted.sort((a, b) -> Integer.compare(a.partNumber(), b.partNumber()));
    try {
      s3.completeMultipartUpload(r -> r.bucket(bucket).key(name).uploadId(uploadId)
          .multipartUpload(m -> m.parts(sorted)));
    } catch (SdkException e) {
      throw S3Errors.translate(uri(), keyOf(name), e);
    }
  }

  /** Aborts a failed multipart upload so no parts are left behind; a failure to abort is attached to {@code cause}. */
  private void abortUpload(String name, String uploadId, Throwable cause) {
    try {
      s3.abortMultipartUpload(r -> r.bucket(bucket).key(name).uploadId(uploadId));
    } catch (SdkException e) {
      LOG.warn("{}: aborting the failed multipart upload of '{}' failed; parts may remain until a lifecycle "
          + "rule removes them: {}", uri(), keyOf(name), e.toString());
      cause.addSuppressed(S3Errors.translate(uri(), keyOf(name), e));
    }
  }

  /**
   * A request body the SDK may read more than once (signing, retries): each {@link #newStream}
   * opens a fresh stream and closes the previous one, as the SDK requires; the SDK closes the last.
   */
  private static final class Reopening implements ContentStreamProvider {
    private final java.util.function.Supplier<InputStream> open;
    private InputStream current;

    Reopening(java.util.function.Supplier<InputStream> open) {
      this.open = open;
    }

    @Override
    public synchronized InputStream newStream() {
      if (current != null) {
        try {
          current.close();
        } catch (IOException e) {
          LOG.debug("closing a previous request body failed", e);
        }
      }
      current = open.get();
      return current;
    }
  }

  /** The bytes {@code [offset, offset + length)} of a file, as a fresh stream (the SDK may ask again on retry). */
  private static InputStream range(Path file, long offset, long length) {
    try {
      FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
      channel.position(offset);
      return new BoundedInputStream(Channels.newInputStream(channel), length);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static String md5Base64(Path file, long offset, long length) throws IOException {
    ContentChecksum.Hasher hasher = ContentChecksum.hasher(ContentChecksum.Algorithm.MD5);
    try (InputStream in = range(file, offset, length)) {
      byte[] buffer = new byte[BUFFER];
      int n;
      while ((n = in.read(buffer)) >= 0) {
        hasher.update(buffer, 0, n);
      }
    }
    return Base64.getEncoder().encodeToString(hasher.finish().value());
  }


  // ================================================================ copy and delete

  @Override
  protected StorageFile copyObject(String source, String target) throws IOException {
    HeadObjectResponse h = head(source).orElseThrow(() -> notFound(source, null));
    if (source.equals(target)) {
      return describe(target, h.contentLength(), h.lastModified(), h.eTag()); // S3 refuses a copy onto itself
    }
    long size = h.contentLength();
    if (size <= copyThreshold) {
      try {
        s3.copyObject(r -> r.sourceBucket(bucket).sourceKey(source).destinationBucket(bucket).destinationKey(target)
            .copySourceIfMatch(h.eTag()));
      } catch (NoSuchKeyException e) {
        throw notFound(source, e);
      } catch (SdkException e) {
        throw S3Errors.translate(uri(), keyOf(target), e);
      }
      return stored(target);
    }
    long partSize = Math.min(S3StorageConfig.MAX_PART_SIZE,
        Math.max(config.partSize(), (size + MAX_PARTS - 1) / MAX_PARTS));
    int count = (int) ((size + partSize - 1) / partSize);
    Map<String, String> metadata = new HashMap<>(h.metadata());
    metadata.put(META_PART_SIZE, Long.toString(partSize));
    String uploadId;
    try {
      uploadId = s3.createMultipartUpload(CreateMultipartUploadRequest.builder()
          .bucket(bucket).key(target).metadata(metadata)
          .contentType(h.contentType() == null ? CONTENT_TYPE : h.contentType()).build()).uploadId();
    } catch (SdkException e) {
      throw S3Errors.translate(uri(), keyOf(target), e);
    }
    Parts<CompletedPart> runner = new Parts<>();
    try {
      for (int i = 0; i < count; i++) {
        int number = i + 1;
        long offset = i * partSize;
        long last = Math.min(size, offset + partSize) - 1;
        runner.submit(() -> {
          try {
            String etag = s3.uploadPartCopy(r -> r.sourceBucket(bucket).sourceKey(source)
                .destinationBucket(bucket).destinationKey(target).uploadId(uploadId).partNumber(number)
                .copySourceRange("bytes=" + offset + "-" + last).copySourceIfMatch(h.eTag()))
                .copyPartResult().eTag();
            return CompletedPart.builder().partNumber(number).eTag(etag).build();
          } catch (SdkException e) {
            throw S3Errors.translate(uri(), keyOf(target), e);
          }
        });
      }
      completeUpload(target, uploadId, runner.await());
    } catch (IOException | RuntimeException | Error e) {
      runner.drain();
      abortUpload(target, uploadId, e);
      throw e;
    }
    return stored(target);
  }

  @Override
  protected void deleteObject(String name) {
    try {
      s3.deleteObject(r -> r.bucket(bucket).key(name));
    } catch (NoSuchKeyException e) {
      // already gone [§8.1]
    } catch (SdkException e) {
      throw S3Errors.translate(uri(), keyOf(name), e);
    }
  }

  @Override
  protected void closeResources() {
    parts.shutdown();
    s3.close();
    if (defaultCredentials != null) {
      defaultCredentials.close();
    }
  }

  @Override
  public String toString() {
    return "S3Storage[" + uri() + ", " + config.endpoint().map(Object::toString).orElse("default endpoint") + "]";
  }

  // ================================================================ parallel parts

  /**
   * Runs the parts of one transfer on the shared part pool, at most {@code partConcurrency} at once.
   * After the first failure no new part starts; {@link #await} waits for the running ones to end
   * (so an abort that follows sees every part) and rethrows that failure.
   */
  private final class Parts<T> {
    private final Semaphore slots = new Semaphore(config.partConcurrency());
    private final List<Future<T>> futures = new ArrayList<>();
    private volatile Throwable failure;

    void submit(Callable<T> task) throws IOException {
      reserve();
      submitReserved(task);
    }

    /** Waits for a free slot; call before filling a buffer so buffers stay bounded. */
    void reserve() throws IOException {
      rethrowFailure();
      try {
        slots.acquire();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted while waiting for a part slot");
      }
      if (failure != null) {
        slots.release();
        rethrowFailure();
      }
    }

    void unreserve() {
      slots.release();
    }

    void submitReserved(Callable<T> task) {
      futures.add(parts.submit(() -> {
        try {
          if (failure != null) {
            return null;
          }
          return task.call();
        } catch (Exception | Error t) {
          fail(t);
          throw t;
        } finally {
          slots.release();
        }
      }));
    }

    /**
     * After a failure: stops parts that have not started and waits for the running ones, so an abort
     * or a cleanup that follows sees every part. Never throws.
     */
    void drain() {
      fail(new IOException("transfer abandoned"));
      boolean interrupted = false;
      for (Future<T> f : futures) {
        while (true) {
          try {
            f.get();
            break;
          } catch (InterruptedException e) {
            interrupted = true;
          } catch (ExecutionException e) {
            break;
          }
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }

    private synchronized void fail(Throwable t) {
      if (failure == null) {
        failure = t;
      }
    }

    List<T> await() throws IOException {
      List<T> results = new ArrayList<>(futures.size());
      boolean interrupted = false;
      for (Future<T> f : futures) {
        while (true) {
          try {
            results.add(f.get());
            break;
          } catch (InterruptedException e) {
            interrupted = true;
            failure = failure == null ? new InterruptedIOException("interrupted while waiting for parts") : failure;
          } catch (ExecutionException e) {
            break; // the first failure is kept in `failure`
          }
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
      rethrowFailure();
      return results;
    }

    private void rethrowFailure() throws IOException {
      Throwable t = failure;
      if (t == null) {
        return;
      }
      if (t instanceof IOException) {
        throw (IOException) t;
      }
      if (t instanceof RuntimeException) {
        throw (RuntimeException) t;
      }
      if (t instanceof Error) {
        throw (Error) t;
      }
      throw new IOException(t.getMessage(), t);
    }
  }

  // ================================================================ integrity

  static String hex(byte[] bytes) {
    return java.util.HexFormat.of().formatHex(bytes);
  }

  /**
   * What a download can be checked against, decided from the object's headers:
   *
   * <ol>
   *   <li>metadata {@code storagekit-md5}: the MD5 of the whole content;
   *   <li>else metadata {@code storagekit-part-size} and an ETag {@code <md5>-<n>}: the MD5 of the
   *       concatenated MD5s of each part (S3's multipart ETag);
   *   <li>else an ETag that is a plain 32-digit hex, on an object without SSE-KMS or SSE-C and not
   *       known to be multipart: the MD5 of the whole content;
   *   <li>else nothing is verified beyond the size (objects written by other tools in parts on a
   *       server whose multipart ETags are not {@code <md5>-<n>}, or encrypted with KMS keys).
   * </ol>
   */
  static final class Expectation {
    static final Expectation NONE = new Expectation(null, 0, 0, null);

    private final ContentChecksum whole;
    private final long partSize;
    private final int partCount;
    private final ContentChecksum composite;

    private Expectation(ContentChecksum whole, long partSize, int partCount, ContentChecksum composite) {
      this.whole = whole;
      this.partSize = partSize;
      this.partCount = partCount;
      this.composite = composite;
    }

    static Expectation of(Map<String, String> metadata, String rawEtag, ServerSideEncryption sse, String sseCustomer) {
      String md5 = metadata.get(META_MD5);
      if (md5 != null && MD5_HEX.matcher(md5).matches()) {
        return new Expectation(ContentChecksum.ofHex(ContentChecksum.Algorithm.MD5, md5), 0, 0, null);
      }
      String etag = unquote(rawEtag);
      long partSize = parsePartSize(metadata.get(META_PART_SIZE));
      if (etag == null) {
        return NONE;
      }
      Matcher multipart = MULTIPART_ETAG.matcher(etag);
      if (partSize > 0 && multipart.matches()) {
        return new Expectation(null, partSize, Integer.parseInt(multipart.group(2)),
            ContentChecksum.ofHex(ContentChecksum.Algorithm.MD5, multipart.group(1)));
      }
      boolean kms = sse != null && sse != ServerSideEncryption.AES256 && sse != ServerSideEncryption.UNKNOWN_TO_SDK_VERSION;
      if (partSize == 0 && !kms && sseCustomer == null && MD5_HEX.matcher(etag).matches()) {
        return new Expectation(ContentChecksum.ofHex(ContentChecksum.Algorithm.MD5, etag), 0, 0, null);
      }
      return NONE;
    }

    private static long parsePartSize(String value) {
      if (value == null) {
        return 0;
      }
      try {
        long v = Long.parseLong(value.trim());
        return v > 0 ? v : 0;
      } catch (NumberFormatException e) {
        return 0;
      }
    }

    /** The part size the object was uploaded with, if verification needs range boundaries on it. */
    long partSize() {
      return composite != null ? partSize : 0;
    }

    /** A check for the bytes starting at {@code offset}, fed in order. */
    Check start(long offset) {
      if (composite != null) {
        return new Check(partSize);
      }
      if (whole != null && offset == 0) {
        return new Check(Long.MAX_VALUE);
      }
      return new Check(0);
    }

    /**
     * Verifies the downloaded file. {@code checks} cover the file in order: one for a sequential
     * download, one per range for a parallel one (whose whole-content MD5 is then computed from
     * {@code file}).
     */
    void verify(S3Storage storage, String name, List<Check> checks, Path file) throws IOException {
      if (whole != null) {
        ContentChecksum actual;
        if (checks.size() == 1 && checks.get(0).partLimit == Long.MAX_VALUE) {
          actual = checks.get(0).parts().get(0);
        } else {
          actual = md5(file);
        }
        storage.failIntegrity(name, whole, actual);
      } else if (composite != null) {
        List<ContentChecksum> parts = new ArrayList<>();
        checks.forEach(c -> parts.addAll(c.parts()));
        if (parts.size() != partCount) {
          LOG.debug("{}: '{}' has {} parts of {} bytes by its metadata but its ETag says {}; not verified",
              storage.uri(), storage.keyOf(name), parts.size(), partSize, partCount);
          return;
        }
        ContentChecksum.Hasher hasher = ContentChecksum.hasher(ContentChecksum.Algorithm.MD5);
        parts.forEach(p -> {
          byte[] v = p.value();
          hasher.update(v, 0, v.length);
        });
        storage.failIntegrity(name, composite, hasher.finish());
      }
    }

    /** MD5s of consecutive parts of {@code partLimit} bytes (0: hash nothing). */
    static final class Check {
      private final long partLimit;
      private final List<ContentChecksum> done = new ArrayList<>();
      private ContentChecksum.Hasher current;
      private long inPart;

      Check(long partLimit) {
        this.partLimit = partLimit;
      }

      void update(byte[] bytes, int off, int len) {
        if (partLimit == 0) {
          return;
        }
        while (len > 0) {
          if (current == null) {
            current = ContentChecksum.hasher(ContentChecksum.Algorithm.MD5);
            inPart = 0;
          }
          int n = (int) Math.min(len, partLimit - inPart);
          current.update(bytes, off, n);
          inPart += n;
          off += n;
          len -= n;
          if (inPart == partLimit) {
            done.add(current.finish());
            current = null;
          }
        }
      }

      List<ContentChecksum> parts() {
        if (current != null) {
          done.add(current.finish());
          current = null;
        }
        if (done.isEmpty() && partLimit == Long.MAX_VALUE) {
          done.add(ContentChecksum.hasher(ContentChecksum.Algorithm.MD5).finish());
        }
        return done;
      }
    }
  }
}
