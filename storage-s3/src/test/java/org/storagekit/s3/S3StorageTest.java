package org.storagekit.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;

import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.storagekit.IntegrityException;
import org.storagekit.NotFoundException;
import org.storagekit.PreconditionFailedException;
import org.storagekit.Storage;
import org.storagekit.StorageException;
import org.storagekit.StorageFile;
import org.storagekit.TransientException;
import org.storagekit.UnsafeKeyException;
import org.storagekit.spi.ListRequest;
import org.storagekit.spi.Page;
import org.storagekit.spi.StorageContext;
import org.storagekit.spi.StorageEngine;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Backend behaviour the TCK does not reach: raw keys, multipart aborts, parts, integrity, copy,
 * paging, errors. Against S3Proxy here; {@link RgwHttpStorageTest} runs the same against Ceph's RGW.
 */
class S3StorageTest {
  private static final int MIB = 1024 * 1024;

  @TempDir Path dir;

  private final S3Fixture s3 = s3();
  private final S3Client sdk = s3.client();
  private final String prefix = "backend-" + UUID.randomUUID();
  private Storage storage;

  /** The server under test. */
  S3Fixture s3() {
    return S3Fixture.s3proxy();
  }

  @BeforeEach
  void open() {
    storage = s3.config(prefix).build().open();
  }

  @AfterEach
  void cleanUp() {
    storage.close();
    for (S3Object o : sdk.listObjectsV2Paginator(r -> r.bucket(S3Fixture.BUCKET).prefix(prefix + "/")).contents()) {
      sdk.deleteObject(r -> r.bucket(S3Fixture.BUCKET).key(o.key()));
    }
  }

  // ---------------------------------------------------------------- raw keys

  @Test
  void getAllFiles_traversalKeysWrittenWithTheSdk_refusesAndWritesNothingOutside() throws IOException {
    rawPut(prefix + "/../escape", "outside 1");
    rawPut(prefix + "/a/../../b", "outside 2");
    Path target = dir.resolve("out/inner");

    assertThatThrownBy(() -> storage.getAllFiles(target)).isInstanceOf(UnsafeKeyException.class);

    try (Stream<Path> files = Files.walk(dir)) {
      assertThat(files.filter(Files::isRegularFile).filter(p -> !p.startsWith(target)).collect(Collectors.toList()))
          .isEmpty();
    }
    assertThat(dir.resolve("out/escape")).doesNotExist();
    assertThat(dir.resolve("out/b")).doesNotExist();
    assertThat(dir.resolve("escape")).doesNotExist();
  }

  @Test
  void list_traversalKeysWrittenWithTheSdk_areReportedAsStored() {
    rawPut(prefix + "/../escape", "x");
    assertThat(storage.list().map(StorageFile::key)).containsExactly("../escape");
  }

  @Test
  void list_directoryMarkersWrittenByOtherTools_areNotFilesAndDownloadsSkipThem() throws IOException {
    // a zero-byte "name/" object, as consoles and some tools make for folders [§2.4]
    rawPut(prefix + "/folder/", "");
    rawPut(prefix + "/folder/inner/", "");
    rawPut(prefix + "/folder/a.txt", "a");
    assertThat(storage.list().map(StorageFile::key)).containsExactly("folder/a.txt");
    Path target = dir.resolve("mirror");
    storage.getAllFiles(target);
    try (Stream<Path> files = Files.walk(target)) {
      assertThat(files.filter(Files::isRegularFile).map(p -> target.relativize(p).toString()))
          .containsExactly("folder/a.txt");
    }
  }

  // ---------------------------------------------------------------- multipart uploads

  @Test
  void listMultipartUploads_pendingUpload_isReported() {
    // the control for the test below: the server does report uploads left pending
    String id = sdk.createMultipartUpload(r -> r.bucket(S3Fixture.BUCKET).key(prefix + "/pending")).uploadId();
    try {
      assertThat(sdk.listMultipartUploads(r -> r.bucket(S3Fixture.BUCKET).prefix(prefix + "/")).uploads())
          .extracting(u -> u.uploadId()).containsExactly(id);
    } finally {
      sdk.abortMultipartUpload(r -> r.bucket(S3Fixture.BUCKET).key(prefix + "/pending").uploadId(id));
    }
  }

  @Test
  void putStream_failingAfterTwoParts_leavesNoObjectAndNoPendingUpload() {
    InputStream failing = new InputStream() {
      private long served;

      @Override
      public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        if (served >= 2L * S3StorageConfig.MIN_PART_SIZE + 100) {
          throw new IOException("test: the source fails after two parts");
        }
        int n = (int) Math.min(len, 2L * S3StorageConfig.MIN_PART_SIZE + 100 - served);
        served += n;
        return n;
      }
    };

    assertThatThrownBy(() -> storage.put("failed.bin", failing))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("the source fails after two parts");

    assertThat(storage.contains("failed.bin")).isFalse();
    assertThat(sdk.listObjectsV2(r -> r.bucket(S3Fixture.BUCKET).prefix(prefix + "/")).contents()).isEmpty();
    assertThat(sdk.listMultipartUploads(r -> r.bucket(S3Fixture.BUCKET).prefix(prefix + "/")).uploads()).isEmpty();
  }

  @Test
  void putFile_aboveThreshold_isMultipartAndRoundTripsThroughParallelRanges() throws IOException {
    Path file = randomFile("big.bin", 12 * MIB + 3, 1);

    StorageFile stored = storage.put("big.bin", file);

    HeadObjectResponse head = head("big.bin");
    assertThat(head.metadata()).containsEntry(S3Expectation.META_PART_SIZE, Long.toString(S3StorageConfig.MIN_PART_SIZE));
    assertThat(stored.size()).isEqualTo(12 * MIB + 3);
    assertThat(sdk.listMultipartUploads(r -> r.bucket(S3Fixture.BUCKET).prefix(prefix + "/")).uploads()).isEmpty();
    Path back = storage.getFile("big.bin", dir.resolve("back.bin"));
    assertThat(md5(back)).isEqualTo(md5(file));
  }

  @Test
  void putStream_unknownLengthAboveThreshold_isMultipartAndRoundTrips() throws IOException {
    Path file = randomFile("stream.bin", 11 * MIB + 7, 2);
    try (InputStream in = Files.newInputStream(file)) {
      storage.put("stream.bin", in);
    }
    assertThat(head("stream.bin").metadata()).containsKey(S3Expectation.META_PART_SIZE);
    try (InputStream in = storage.open("stream.bin")) {
      assertThat(md5(in)).isEqualTo(md5(file));
    }
  }

  @Test
  void putFile_belowThreshold_storesItsMd5AsMetadata() throws IOException {
    Path file = randomFile("small.bin", 1000, 3);
    storage.put("small.bin", file);
    assertThat(head("small.bin").metadata()).containsEntry(S3Expectation.META_MD5, md5(file));
  }

  // ---------------------------------------------------------------- integrity on download

  @Test
  void getFile_contentNotMatchingItsStoredMd5_failsAndLeavesNoFile() throws IOException {
    rawPut(prefix + "/tampered.bin", "the bytes on the server", Map.of(S3Expectation.META_MD5, md5("other bytes")));
    Path target = dir.resolve("tampered.bin");

    assertThatThrownBy(() -> storage.getFile("tampered.bin", target))
        .isInstanceOf(IntegrityException.class)
        .hasMessageContaining("integrity check failed")
        .satisfies(e -> assertThat(((IntegrityException) e).algorithm()).isEqualTo("MD5"));

    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.collect(Collectors.toList())).isEmpty();
    }
  }

  @Test
  void getFile_largeObjectNotMatchingItsStoredMd5_failsOnTheParallelPathToo() throws IOException {
    Path file = randomFile("large.bin", 6 * MIB, 4);
    sdk.putObject(r -> r.bucket(S3Fixture.BUCKET).key(prefix + "/large.bin")
        .metadata(Map.of(S3Expectation.META_MD5, md5("not these bytes"))), RequestBody.fromFile(file));
    Path target = dir.resolve("large-back.bin");

    assertThatThrownBy(() -> storage.getFile("large.bin", target))
        .isInstanceOf(IntegrityException.class)
        .hasMessageContaining("integrity check failed")
        .satisfies(e -> assertThat(((IntegrityException) e).algorithm()).isEqualTo("MD5"));
    assertThat(target).doesNotExist();
  }

  @Test
  void getFile_plainMd5Etag_isVerifiedForObjectsFromOtherTools() throws IOException {
    rawPut(prefix + "/other-tool.txt", "written by another tool");
    Path back = storage.getFile("other-tool.txt", dir.resolve("other-tool.txt"));
    assertThat(Files.readString(back)).isEqualTo("written by another tool");
  }

  @Test
  void getFile_multipartEtagNotMatchingThePartsAsDownloaded_failsAndLeavesNoFile() throws IOException {
    // parts of 6 MiB and 4 MiB, but metadata claiming 5 MiB parts: the composite MD5 the download
    // computes per 5 MiB cannot match the ETag, which shows the check runs on multipart objects
    Path file = randomFile("parts.bin", 10 * MIB, 6);
    String name = prefix + "/parts.bin";
    String id = sdk.createMultipartUpload(r -> r.bucket(S3Fixture.BUCKET).key(name)
        .metadata(Map.of(S3Expectation.META_PART_SIZE, Long.toString(5 * MIB)))).uploadId();
    byte[] all = Files.readAllBytes(file);
    String e1 = sdk.uploadPart(r -> r.bucket(S3Fixture.BUCKET).key(name).uploadId(id).partNumber(1),
        RequestBody.fromBytes(java.util.Arrays.copyOfRange(all, 0, 6 * MIB))).eTag();
    String e2 = sdk.uploadPart(r -> r.bucket(S3Fixture.BUCKET).key(name).uploadId(id).partNumber(2),
        RequestBody.fromBytes(java.util.Arrays.copyOfRange(all, 6 * MIB, all.length))).eTag();
    sdk.completeMultipartUpload(r -> r.bucket(S3Fixture.BUCKET).key(name).uploadId(id).multipartUpload(m -> m.parts(
        software.amazon.awssdk.services.s3.model.CompletedPart.builder().partNumber(1).eTag(e1).build(),
        software.amazon.awssdk.services.s3.model.CompletedPart.builder().partNumber(2).eTag(e2).build())));
    Path target = dir.resolve("parts-back.bin");

    assertThatThrownBy(() -> storage.getFile("parts.bin", target))
        .isInstanceOf(IntegrityException.class)
        .hasMessageContaining("integrity check failed")
        .satisfies(e -> assertThat(((IntegrityException) e).algorithm()).isEqualTo("MD5"));
    assertThat(target).doesNotExist();
  }

  @Test
  void getFile_singlePartMultipartObject_passesItsCompositeEtagCheck() throws IOException {
    // a one-part multipart ETag is the MD5 of that part's MD5, not the part's MD5
    Path file = randomFile("one-part.bin", 1000, 11);
    String name = prefix + "/one-part.bin";
    String id = sdk.createMultipartUpload(r -> r.bucket(S3Fixture.BUCKET).key(name)
        .metadata(Map.of(S3Expectation.META_PART_SIZE, Long.toString(5 * MIB)))).uploadId();
    String e1 = sdk.uploadPart(r -> r.bucket(S3Fixture.BUCKET).key(name).uploadId(id).partNumber(1),
        RequestBody.fromFile(file)).eTag();
    sdk.completeMultipartUpload(r -> r.bucket(S3Fixture.BUCKET).key(name).uploadId(id).multipartUpload(m -> m.parts(
        software.amazon.awssdk.services.s3.model.CompletedPart.builder().partNumber(1).eTag(e1).build())));
    assertThat(head("one-part.bin").eTag()).endsWith("-1\"");

    Path back = storage.getFile("one-part.bin", dir.resolve("one-part-back.bin"));

    assertThat(md5(back)).isEqualTo(md5(file));
  }

  @Test
  void put_customEndpoint_sendsContentMd5OnPutsAndParts() throws IOException {
    List<String> seen = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
    ExecutionInterceptor recorder = new ExecutionInterceptor() {
      @Override
      public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        var request = context.httpRequest();
        if (request.method() == SdkHttpMethod.PUT && request.firstMatchingHeader("x-amz-copy-source").isEmpty()) {
          seen.add((request.rawQueryParameters().containsKey("partNumber") ? "part " : "put ")
              + request.firstMatchingHeader("Content-MD5").isPresent());
        }
      }
    };
    try (Storage recording = engine(s3.config(prefix).build(), S3Backend.COPY_MULTIPART_THRESHOLD,
        o -> o.addExecutionInterceptor(recorder))) {
      recording.put("md5-small.bin", randomFile("md5-small.bin", 1000, 7));
      recording.put("md5-large.bin", randomFile("md5-large.bin", 6 * MIB, 8));
    }
    assertThat(seen).containsExactlyInAnyOrder("put true", "part true", "part true");
  }

  @Test
  void put_emptyBodyOverHttp_isSignedWholeWhileOtherBodiesStayChunked() throws IOException {
    // over plain http the SDK signs bodies in aws-chunked chunks; RGW 16.2 cannot read an empty one
    List<String> seen = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
    ExecutionInterceptor recorder = new ExecutionInterceptor() {
      @Override
      public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        var request = context.httpRequest();
        if (request.method() == SdkHttpMethod.PUT) {
          seen.add(request.encodedPath().replaceAll(".*/", "") + " "
              + request.firstMatchingHeader("x-amz-content-sha256").orElse("-") + " "
              + request.firstMatchingHeader("Content-Encoding").orElse("-") + " md5="
              + request.firstMatchingHeader("Content-MD5").isPresent());
        }
      }
    };
    assertThat(s3.endpoint().getScheme()).isEqualTo("http");
    try (Storage recording = engine(s3.config(prefix).build(), S3Backend.COPY_MULTIPART_THRESHOLD,
        o -> o.addExecutionInterceptor(recorder))) {
      recording.put("empty-file", randomFile("empty-file", 0, 12));
      recording.put("empty-stream", new java.io.ByteArrayInputStream(new byte[0]));
      recording.put("one-byte", new java.io.ByteArrayInputStream(new byte[] {7}));
    }
    String emptySha256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    assertThat(seen).containsExactlyInAnyOrder(
        "empty-file " + emptySha256 + " - md5=true",
        "empty-stream " + emptySha256 + " - md5=true",
        "one-byte STREAMING-AWS4-HMAC-SHA256-PAYLOAD aws-chunked md5=true");
    assertThat(head("empty-file").contentLength()).isZero();
    assertThat(head("empty-stream").contentLength()).isZero();
    assertThat(head("one-byte").contentLength()).isEqualTo(1);
  }

  /** Replaced after the lookup that getFile makes (1), or after the download's own HEAD (2). */
  @ParameterizedTest
  @ValueSource(ints = {1, 2})
  void getFile_objectReplacedDuringAParallelDownload_failsWithPreconditionAndLeavesNoFile(int afterHead)
      throws IOException {
    Path file = randomFile("moving.bin", 11 * MIB, 9);
    storage.put("moving.bin", file);
    java.util.concurrent.atomic.AtomicInteger heads = new java.util.concurrent.atomic.AtomicInteger();
    java.util.concurrent.atomic.AtomicBoolean replaced = new java.util.concurrent.atomic.AtomicBoolean();
    ExecutionInterceptor replaceAfterHead = new ExecutionInterceptor() {
      @Override
      public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        if (context.request() instanceof software.amazon.awssdk.services.s3.model.HeadObjectRequest
            && heads.incrementAndGet() == afterHead) {
          replaced.set(true);
          rawPut(prefix + "/moving.bin", "another writer replaced the object");
        }
      }
    };
    Path target = dir.resolve("moving-back.bin");
    try (Storage watched = engine(s3.config(prefix).options(
        org.storagekit.StorageOptions.builder().metadataCache(false).build()).build(),
        S3Backend.COPY_MULTIPART_THRESHOLD, o -> o.addExecutionInterceptor(replaceAfterHead))) {
      assertThatThrownBy(() -> watched.getFile("moving.bin", target)).isInstanceOf(PreconditionFailedException.class);
    }
    assertThat(replaced).isTrue();
    assertThat(target).doesNotExist();
  }

  @Test
  void put_manyPartsFromFileAndStream_keepsAtMostPartConcurrencyInFlight() throws IOException {
    java.util.concurrent.atomic.AtomicInteger inFlight = new java.util.concurrent.atomic.AtomicInteger();
    java.util.concurrent.atomic.AtomicInteger most = new java.util.concurrent.atomic.AtomicInteger();
    ExecutionInterceptor counter = new ExecutionInterceptor() {
      @Override
      public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        if (context.request() instanceof software.amazon.awssdk.services.s3.model.UploadPartRequest) {
          most.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        }
      }

      @Override
      public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        if (context.request() instanceof software.amazon.awssdk.services.s3.model.UploadPartRequest) {
          inFlight.decrementAndGet();
        }
      }
    };
    Path file = randomFile("many.bin", 6 * S3StorageConfig.MIN_PART_SIZE, 10);
    try (Storage bounded = engine(s3.config(prefix).partConcurrency(2).build(),
        S3Backend.COPY_MULTIPART_THRESHOLD, o -> o.addExecutionInterceptor(counter));
        InputStream in = Files.newInputStream(file)) {
      bounded.put("many.bin", file);
      bounded.put("many-stream.bin", in);
    }
    assertThat(most.get()).isBetween(1, 2);
    assertThat(md5(storage.getFile("many.bin", dir.resolve("many-back.bin")))).isEqualTo(md5(file));
    assertThat(md5(storage.getFile("many-stream.bin", dir.resolve("many-stream-back.bin")))).isEqualTo(md5(file));
  }

  @Test
  void get_unreachableEndpoint_throwsTransientAfterTheSdkRetries() {
    try (Storage unreachable = s3.config(prefix).endpoint(URI.create("http://127.0.0.1:1")).build().open()) {
      assertThatThrownBy(() -> unreachable.get("x")).isInstanceOf(TransientException.class);
    }
  }

  // ---------------------------------------------------------------- reads, copy, errors

  @Test
  void open_rangeStartingPastTheEnd_isEmpty() throws IOException {
    rawPut(prefix + "/five.txt", "12345");
    try (InputStream in = storage.open("five.txt", 10, 5)) {
      assertThat(in.read()).isEqualTo(-1);
    }
  }

  @Test
  void copy_aboveTheCopyThreshold_usesMultipartCopyAndKeepsTheContent() throws IOException {
    Path file = randomFile("copy-src.bin", 11 * MIB + 5, 5);
    storage.put("copy-src.bin", file);
    try (Storage small = engine(s3.config(prefix).build(), S3StorageConfig.MIN_PART_SIZE, o -> { })) {
      StorageFile copied = small.copy("copy-src.bin", "copy-dst.bin");
      assertThat(copied.size()).isEqualTo(11 * MIB + 5);
    }
    assertThat(head("copy-dst.bin").metadata()).containsKey(S3Expectation.META_PART_SIZE);
    assertThat(head("copy-dst.bin").eTag()).contains("-");
    assertThat(md5(storage.getFile("copy-dst.bin", dir.resolve("copy-back.bin")))).isEqualTo(md5(file));
  }

  @Test
  void copy_ontoItself_keepsTheFile() {
    rawPut(prefix + "/same.txt", "same");
    assertThat(storage.copy("same.txt", "same.txt").size()).isEqualTo(4);
    assertThat(storage.contains("same.txt")).isTrue();
  }

  @Test
  void list_missingBucket_throwsNotFound() {
    try (Storage missing = s3.missingBucket().build().open()) {
      assertThatThrownBy(() -> missing.list().count())
          .isInstanceOf(NotFoundException.class)
          .hasMessageContaining("no such bucket 'no-such-bucket'")
          .satisfies(e -> assertThat(((NotFoundException) e).key()).isEmpty());
      assertThatThrownBy(() -> missing.put("x", new java.io.ByteArrayInputStream(new byte[1])))
          .isInstanceOf(NotFoundException.class)
          .satisfies(e -> assertThat(((NotFoundException) e).key()).isEmpty());
    }
  }

  @Test
  void anyCall_wrongSecret_throwsAccessDeniedWithoutTheSecret() {
    String secret = "wrong-secret-that-must-not-leak";
    try (Storage denied = s3.config(prefix).credentials(s3.accessKey(), secret).build().open()) {
      Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> denied.get("x"));
      assertThat(thrown).isInstanceOf(org.storagekit.AccessDeniedException.class);
      for (Throwable t = thrown; t != null; t = t.getCause()) {
        assertThat(String.valueOf(t.getMessage())).doesNotContain(secret);
        assertThat(t.toString()).doesNotContain(secret);
      }
      assertThat(denied.toString()).doesNotContain(secret);
    }
  }

  // ---------------------------------------------------------------- the backend itself

  @Test
  void backendList_morePagesThanOne_returnsOnePagePerCallWithTheContinuationToken() {
    for (int i = 0; i < 5; i++) {
      rawPut(prefix + "/paged/" + i, "x");
    }
    S3StorageConfig config = s3.config(prefix).listPageSize(2).build();
    StorageContext context = config.context();
    S3Backend backend = new S3Backend(context, config, S3Backend.COPY_MULTIPART_THRESHOLD, o -> { });
    try (Storage wrapped = StorageEngine.open(context, backend)) {
      Page first = backend.list(ListRequest.first(prefix + "/paged/", 1000));
      assertThat(first.files()).extracting(StorageFile::key).containsExactly(prefix + "/paged/0", prefix + "/paged/1");
      assertThat(first.nextToken()).isPresent();
      Page second = backend.list(ListRequest.first(prefix + "/paged/", 1000).next(first.nextToken().get()));
      assertThat(second.files()).extracting(StorageFile::key).containsExactly(prefix + "/paged/2", prefix + "/paged/3");
      Page last = backend.list(ListRequest.first(prefix + "/paged/", 1000).next(second.nextToken().get()));
      assertThat(last.files()).extracting(StorageFile::key).containsExactly(prefix + "/paged/4");
      assertThat(last.nextToken()).isEmpty();
      assertThat(wrapped.list("paged/").count()).isEqualTo(5);
    }
  }

  // ---------------------------------------------------------------- helpers

  /** A storage over a backend built here, with the copy threshold and SDK overrides a test needs. */
  private static Storage engine(S3StorageConfig config, long copyThreshold,
      java.util.function.Consumer<ClientOverrideConfiguration.Builder> overrides) {
    StorageContext context = config.context();
    S3Backend backend = new S3Backend(context, config, copyThreshold, overrides);
    return StorageEngine.open(context, backend);
  }

  private void rawPut(String name, String content) {
    rawPut(name, content, Map.of());
  }

  private void rawPut(String name, String content, Map<String, String> metadata) {
    sdk.putObject(r -> r.bucket(S3Fixture.BUCKET).key(name).metadata(metadata), RequestBody.fromString(content));
  }

  private HeadObjectResponse head(String key) {
    return sdk.headObject(r -> r.bucket(S3Fixture.BUCKET).key(prefix + "/" + key));
  }

  private Path randomFile(String name, long size, long seed) throws IOException {
    Path file = dir.resolve("src-" + name);
    Random random = new Random(seed);
    byte[] buffer = new byte[64 * 1024];
    try (var out = Files.newOutputStream(file)) {
      for (long left = size; left > 0; left -= buffer.length) {
        random.nextBytes(buffer);
        out.write(buffer, 0, (int) Math.min(buffer.length, left));
      }
    }
    return file;
  }

  static String md5(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return md5(in);
    }
  }

  static String md5(InputStream in) throws IOException {
    MessageDigest digest = digest();
    byte[] buffer = new byte[64 * 1024];
    int n;
    while ((n = in.read(buffer)) >= 0) {
      digest.update(buffer, 0, n);
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  static String md5(String content) {
    return HexFormat.of().formatHex(digest().digest(content.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
  }

  private static MessageDigest digest() {
    try {
      return MessageDigest.getInstance("MD5");
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

}
