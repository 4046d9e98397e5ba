package org.storagekit.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.storagekit.AccessDeniedException;
import org.storagekit.Capability;
import org.storagekit.Checksum;
import org.storagekit.DeleteSummary;
import org.storagekit.Precondition;
import org.storagekit.PreconditionFailedException;
import org.storagekit.Storage;
import org.storagekit.StorageEntry;
import org.storagekit.StorageFile;
import org.storagekit.StorageFolder;
import org.storagekit.WriteOptions;
import org.storagekit.spi.ReadRequest;
import org.storagekit.spi.StorageContext;
import org.storagekit.spi.StorageEngine;
import org.storagekit.testing.S3ProxyServer;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectsRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Contract 0.2 on S3 beyond what the TCK checks: the requests sent (counted and inspected with an SDK
 * interceptor), what S3Proxy really enforces, and the paths S3Proxy cannot exercise (a server that
 * refuses a condition, per-key delete errors), whose answers an interceptor supplies.
 */
class S3ContractTest {
  private static final int MIB = 1024 * 1024;

  @TempDir Path dir;

  private final S3Client sdk = S3Fixture.s3proxy().client();
  private final String prefix = "contract-" + UUID.randomUUID();
  private final List<String> sent = Collections.synchronizedList(new ArrayList<>());
  private final List<Storage> opened = new ArrayList<>();

  @AfterEach
  void cleanUp() {
    opened.forEach(Storage::close);
    for (S3Object o : sdk.listObjectsV2Paginator(r -> r.bucket(S3ProxyServer.BUCKET).prefix(prefix + "/")).contents()) {
      sdk.deleteObject(r -> r.bucket(S3ProxyServer.BUCKET).key(o.key()));
    }
  }

  // ---------------------------------------------------------------- metadata [§16]

  @Test
  void put_withHeadersAndMetadata_storesThemAndDescribesTheFileAsAFreshStatDoes() throws IOException {
    Storage storage = storage(c -> { }, o -> { });
    WriteOptions options = WriteOptions.builder().cacheControl("max-age=60")
        .contentDisposition("attachment; filename=\"r.csv\"").metadata("owner", "ops").build();
    byte[] content = "a,b\n1,2\n".getBytes(StandardCharsets.UTF_8);

    StorageFile put = storage.put("report.csv", new ByteArrayInputStream(content), options,
        org.storagekit.ProgressListener.none());

    HeadObjectResponse head = head("report.csv");
    assertThat(head.contentType()).isEqualTo("text/csv");
    assertThat(head.cacheControl()).isEqualTo("max-age=60");
    assertThat(head.metadata()).containsEntry("owner", "ops").containsKey(S3Expectation.META_MD5);
    try (Storage fresh = storage(c -> { }, o -> { })) {
      StorageFile stat = fresh.get("report.csv").orElseThrow();
      assertThat(stat.metadata()).isEqualTo(Map.of("owner", "ops")); // StorageKit's own entries are not shown
      assertThat(stat.contentType()).contains("text/csv");
      assertThat(stat.contentDisposition()).contains("attachment; filename=\"r.csv\"");
      assertThat(stat.checksum(Checksum.Algorithm.MD5)).contains(md5(content));
      assertThat(put.toBuilder().lastModified(stat.lastModified()).build()).usingRecursiveComparison().isEqualTo(stat);
    }
  }

  @Test
  void putFile_multipartWithHeaders_storesThemOnTheUpload() throws IOException {
    Storage storage = storage(c -> { }, o -> { });
    Path file = randomFile(6 * MIB + 1, 1);

    StorageFile put = storage.put("big.bin", file, WriteOptions.builder().contentType("application/x-big")
        .contentEncoding("identity").metadata("part", "yes").build());

    HeadObjectResponse head = head("big.bin");
    assertThat(head.eTag()).endsWith("-2\"");
    assertThat(head.contentType()).isEqualTo("application/x-big");
    assertThat(head.contentEncoding()).isEqualTo("identity");
    assertThat(put.metadata()).isEqualTo(Map.of("part", "yes"));
    assertThat(put.checksums()).isEmpty(); // a multipart ETag is no MD5, and S3Proxy reports no CRC
    assertThat(put.etag()).contains(head.eTag().replace("\"", ""));
  }

  @Test
  void gzipEncodedObject_readsBackAsTheStoredBytes() throws IOException {
    Storage storage = storage(c -> { }, o -> { });
    byte[] gzipped = gzip("hello hello hello hello");
    storage.put("page.html.gz", new ByteArrayInputStream(gzipped), WriteOptions.builder().contentType("text/html")
        .contentEncoding("gzip").build(), org.storagekit.ProgressListener.none());

    try (InputStream in = storage.open("page.html.gz")) {
      assertThat(in.readAllBytes()).isEqualTo(gzipped);
    }
    assertThat(Files.readAllBytes(storage.getFile("page.html.gz", dir.resolve("page.gz")))).isEqualTo(gzipped);
    assertThat(storage.get("page.html.gz").orElseThrow().contentEncoding()).contains("gzip");
  }

  @Test
  void copy_keepsTheSourcesHeadersOrReplacesThemWithTheOptions() {
    Storage storage = storage(c -> { }, o -> { });
    storage.put("src.txt", new ByteArrayInputStream("copy me".getBytes(StandardCharsets.UTF_8)),
        WriteOptions.builder().cacheControl("no-cache").metadata("a", "1").build(), org.storagekit.ProgressListener.none());

    StorageFile kept = storage.copy("src.txt", "kept.txt");
    StorageFile replaced = storage.copy("src.txt", "replaced.txt", WriteOptions.builder().metadata("b", "2").build());

    assertThat(head("kept.txt").cacheControl()).isEqualTo("no-cache");
    assertThat(kept.metadata()).isEqualTo(Map.of("a", "1"));
    assertThat(kept.checksum(Checksum.Algorithm.MD5)).contains(md5("copy me".getBytes(StandardCharsets.UTF_8)));
    HeadObjectResponse r = head("replaced.txt");
    assertThat(r.cacheControl()).isNull();
    assertThat(r.contentType()).isEqualTo("text/plain");
    assertThat(r.metadata()).containsEntry("b", "2").doesNotContainKey("a").containsKey(S3Expectation.META_MD5);
    assertThat(replaced.metadata()).isEqualTo(Map.of("b", "2"));
  }

  // ---------------------------------------------------------------- request counts (item 7)

  @Test
  void smallPutAndDownloads_sendOneRequestEach_noHeadAfterAPutNorBeforeAGet() throws IOException {
    Storage storage = storage(c -> { }, this::record);
    Path file = randomFile(1000, 2);

    storage.put("one.bin", file);
    assertThat(sent).containsExactly("PutObjectRequest");

    sent.clear();
    storage.getFile("one.bin", dir.resolve("one-back.bin"));
    assertThat(sent).containsExactly("HeadObjectRequest", "GetObjectRequest"); // the engine's lookup, the GET

    storage.put("two.bin", file);
    sent.clear();
    storage.getAllFiles(dir.resolve("all"));
    assertThat(sent).containsExactlyInAnyOrder("ListObjectsV2Request", "GetObjectRequest", "GetObjectRequest");
  }

  @Test
  void getFile_listedFileWithTamperedMd5_isVerifiedFromTheGetResponseAlone() {
    sdk.putObject(r -> r.bucket(S3ProxyServer.BUCKET).key(prefix + "/bad.txt")
        .metadata(Map.of(S3Expectation.META_MD5, "0123456789abcdef0123456789abcdef")), RequestBody.fromString("x"));
    Storage storage = storage(c -> { }, this::record);

    assertThatThrownBy(() -> storage.getAllFiles(dir.resolve("bad"))).hasStackTraceContaining("integrity check failed");
    assertThat(sent).containsExactly("ListObjectsV2Request", "GetObjectRequest");
  }

  // ---------------------------------------------------------------- conditional writes [§17]

  @Test
  void s3Proxy_ignoresWriteConditions_soAStorageOnItDoesNotClaimThem() {
    String name = prefix + "/exists.txt";
    sdk.putObject(r -> r.bucket(S3ProxyServer.BUCKET).key(name), RequestBody.fromString("one"));
    // S3 would answer 412 to both; S3Proxy 2.7.0 overwrites
    sdk.putObject(r -> r.bucket(S3ProxyServer.BUCKET).key(name).ifNoneMatch("*"), RequestBody.fromString("two"));
    sdk.putObject(r -> r.bucket(S3ProxyServer.BUCKET).key(name).ifMatch("\"0123\""), RequestBody.fromString("three"));
    assertThat(sdk.getObjectAsBytes(r -> r.bucket(S3ProxyServer.BUCKET).key(name)).asUtf8String()).isEqualTo("three");

    Storage storage = storage(c -> { }, o -> { });
    assertThat(storage.capabilities()).doesNotContain(Capability.CONDITIONAL_WRITE)
        .contains(Capability.METADATA, Capability.PRESIGN);
    assertThatThrownBy(() -> storage.put("exists.txt", new ByteArrayInputStream(new byte[1]), WriteOptions.ifNotExists(),
        org.storagekit.ProgressListener.none())).isInstanceOf(UnsupportedOperationException.class);
    assertThat(storage(c -> c.conditionalWrites(true), o -> { }).capabilities()).contains(Capability.CONDITIONAL_WRITE);
  }

  @Test
  void conditionalWrites_sendIfNoneMatchAndIfMatchOnThePutAndTheCommit() throws IOException {
    Storage storage = storage(c -> c.conditionalWrites(true), this::recordConditions);
    Path small = randomFile(100, 3);
    Path large = randomFile(6 * MIB, 4);

    StorageFile first = storage.put("small.bin", small, WriteOptions.ifNotExists());
    storage.put("small.bin", small, WriteOptions.builder().ifMatch(first.etag().orElseThrow()).build());
    StorageFile big = storage.put("large.bin", large, WriteOptions.ifNotExists());
    storage.put("large.bin", large, WriteOptions.builder().ifMatch(big.etag().orElseThrow()).build());

    assertThat(sent).containsExactly(
        "PutObjectRequest If-None-Match=*",
        "PutObjectRequest If-Match=\"" + first.etag().get() + "\"",
        "CompleteMultipartUploadRequest If-None-Match=*",
        "CompleteMultipartUploadRequest If-Match=\"" + big.etag().get() + "\"");
  }

  @Test
  void conditionalCopy_isAPartCopyCommittedUnderTheCondition() {
    Storage storage = storage(c -> c.conditionalWrites(true), this::recordConditions);
    storage.put("from.txt", new ByteArrayInputStream("copied under a condition".getBytes(StandardCharsets.UTF_8)),
        WriteOptions.builder().metadata("m", "1").build(), org.storagekit.ProgressListener.none());
    sent.clear();

    StorageFile copied = storage.copy("from.txt", "to.txt", WriteOptions.ifNotExists());

    assertThat(sent).containsExactly("UploadPartCopyRequest", "CompleteMultipartUploadRequest If-None-Match=*");
    assertThat(copied.metadata()).isEqualTo(Map.of("m", "1"));
    assertThat(sdk.getObjectAsBytes(r -> r.bucket(S3ProxyServer.BUCKET).key(prefix + "/to.txt")).asUtf8String())
        .isEqualTo("copied under a condition");
  }

  /** What S3 does when the object exists: 412 on the commit; the upload must then be aborted. */
  @Test
  void refusedCommit_failsWithPreconditionNamingTheKeyAndLeavesNoUploadAndTheOldContent() throws IOException {
    sdk.putObject(r -> r.bucket(S3ProxyServer.BUCKET).key(prefix + "/taken.bin"), RequestBody.fromString("old"));
    sdk.putObject(r -> r.bucket(S3ProxyServer.BUCKET).key(prefix + "/src.txt"), RequestBody.fromString("src"));
    ExecutionInterceptor refuse = new ExecutionInterceptor() {
      @Override
      public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        if (context.request() instanceof CompleteMultipartUploadRequest
            && context.httpRequest().firstMatchingHeader("If-None-Match").isPresent()) {
          throw S3Exception.builder().statusCode(412).message("At least one of the preconditions did not hold")
              .awsErrorDetails(AwsErrorDetails.builder().errorCode("PreconditionFailed").build()).build();
        }
      }
    };
    Storage storage = storage(c -> c.conditionalWrites(true), o -> o.addExecutionInterceptor(refuse));

    assertThatThrownBy(() -> storage.put("taken.bin", randomFile(6 * MIB, 5), WriteOptions.ifNotExists()))
        .isInstanceOf(PreconditionFailedException.class)
        .satisfies(e -> assertThat(((PreconditionFailedException) e).key()).contains("taken.bin"));
    assertThatThrownBy(() -> storage.copy("src.txt", "taken.bin", WriteOptions.ifNotExists()))
        .isInstanceOf(PreconditionFailedException.class);

    assertThat(sdk.listMultipartUploads(r -> r.bucket(S3ProxyServer.BUCKET).prefix(prefix + "/")).uploads()).isEmpty();
    assertThat(sdk.getObjectAsBytes(r -> r.bucket(S3ProxyServer.BUCKET).key(prefix + "/taken.bin")).asUtf8String())
        .isEqualTo("old");
  }

  @Test
  void readWithACondition_sendsIfMatch_andAReplacedObjectFailsWithPrecondition() throws IOException {
    S3StorageConfig config = S3Fixture.s3proxy().config(prefix).conditionalWrites(true).build();
    StorageContext context = config.context();
    S3Backend backend = new S3Backend(context, config, S3Backend.COPY_MULTIPART_THRESHOLD, o -> { });
    try (Storage storage = StorageEngine.open(context, backend)) {
      storage.put("moving.txt", new ByteArrayInputStream("before".getBytes(StandardCharsets.UTF_8)));
      StorageFile seen = backend.stat(prefix + "/moving.txt").orElseThrow();
      sdk.putObject(r -> r.bucket(S3ProxyServer.BUCKET).key(prefix + "/moving.txt"), RequestBody.fromString("after"));

      Throwable failed = org.assertj.core.api.Assertions.catchThrowable(
          () -> backend.read(ReadRequest.whole(prefix + "/moving.txt").matching(seen)).close());
      assertThat(backend.translate(failed, "moving.txt")).get().isInstanceOf(PreconditionFailedException.class);
      assertThatThrownBy(() -> storage.open("moving.txt", Precondition.ifMatch(seen)))
          .isInstanceOf(PreconditionFailedException.class);
    }
  }

  // ---------------------------------------------------------------- folders, startAfter [§18, §2.9]

  @Test
  void listFolder_usesTheDelimiter_andStartAfterGoesToTheServer() {
    for (String k : List.of("d/a.txt", "d/b.txt", "d/sub/x", "d/sub/deeper/y", "d/sub2/z", "top.txt")) {
      sdk.putObject(r -> r.bucket(S3ProxyServer.BUCKET).key(prefix + "/" + k), RequestBody.fromString(k));
    }
    List<String> queries = Collections.synchronizedList(new ArrayList<>());
    Storage storage = storage(c -> { }, o -> o.addExecutionInterceptor(new ExecutionInterceptor() {
      @Override
      public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        queries.add(String.valueOf(context.httpRequest().rawQueryParameters()));
      }
    }));

    assertThat(storage.listFolder("d", null).map(StorageEntry::key))
        .containsExactly("d/a.txt", "d/b.txt", "d/sub/", "d/sub2/");
    assertThat(storage.listFolder("d/", "d/b.txt").filter(e -> e instanceof StorageFolder).map(StorageEntry::key))
        .containsExactly("d/sub/", "d/sub2/");
    assertThat(storage.list("d/", "d/sub/x").map(StorageFile::key)).containsExactly("d/sub2/z");
    assertThat(queries).hasSize(3);
    assertThat(queries.get(0)).contains("delimiter=[/]");
    assertThat(queries.get(2)).contains("start-after=[" + prefix + "/d/sub/x]").doesNotContain("delimiter");
  }

  // ---------------------------------------------------------------- batch delete [§19]

  @Test
  void deleteAll_sendsDeleteObjectsOfAThousandKeysWithContentMd5() {
    List<String> keys = IntStream.range(0, 1003).mapToObj(i -> "many/" + i).toList();
    S3Client writer = sdk;
    keys.stream().limit(5).forEach(k -> writer.putObject(r -> r.bucket(S3ProxyServer.BUCKET).key(prefix + "/" + k),
        RequestBody.fromString(k)));
    List<String> deletes = Collections.synchronizedList(new ArrayList<>());
    Storage storage = storage(c -> { }, o -> o.addExecutionInterceptor(new ExecutionInterceptor() {
      @Override
      public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        if (context.request() instanceof DeleteObjectsRequest) {
          deletes.add(((DeleteObjectsRequest) context.request()).delete().objects().size() + " md5 "
              + context.httpRequest().firstMatchingHeader("Content-MD5").isPresent());
        }
      }
    }));

    DeleteSummary summary = storage.deleteAll(keys);

    assertThat(summary.deleted()).isEqualTo(1003);
    assertThat(summary.isComplete()).isTrue();
    assertThat(deletes).containsExactlyInAnyOrder("1000 md5 true", "3 md5 true");
    assertThat(storage.list("many/").count()).isZero();
  }

  @Test
  void deleteAll_perKeyErrorsInTheResponse_areReportedByKey() {
    sdk.putObject(r -> r.bucket(S3ProxyServer.BUCKET).key(prefix + "/locked"), RequestBody.fromString("l"));
    String errors = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><DeleteResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
        + "<Error><Key>" + prefix + "/locked</Key><Code>AccessDenied</Code><Message>Access Denied</Message></Error>"
        + "</DeleteResult>";
    Storage storage = storage(c -> { }, o -> o.addExecutionInterceptor(new ExecutionInterceptor() {
      @Override
      public java.util.Optional<InputStream> modifyHttpResponseContent(Context.ModifyHttpResponse context,
          ExecutionAttributes attributes) {
        return context.request() instanceof DeleteObjectsRequest
            ? java.util.Optional.of(new ByteArrayInputStream(errors.getBytes(StandardCharsets.UTF_8)))
            : context.responseBody();
      }
    }));

    DeleteSummary summary = storage.deleteAll(List.of("locked", "free"));

    assertThat(summary.deleted()).isEqualTo(1);
    assertThat(summary.failed()).containsOnlyKeys("locked");
    assertThat(summary.failed().get("locked")).isInstanceOf(AccessDeniedException.class)
        .hasMessageContaining("AccessDenied");
  }

  // ---------------------------------------------------------------- presign [§20]

  @Test
  void presignedUrls_workWithAPlainHttpClient_andS3ProxyEnforcesTheirExpiry() throws Exception {
    Storage storage = storage(c -> { }, o -> { });
    storage.put("shared.txt", new ByteArrayInputStream("shared bytes".getBytes(StandardCharsets.UTF_8)));
    HttpClient http = HttpClient.newHttpClient();

    URI get = storage.presignGet("shared.txt", Duration.ofMinutes(5));
    assertThat(get.getQuery()).contains("X-Amz-Signature=").doesNotContain(S3ProxyServer.SECRET_KEY);
    assertThat(http.send(HttpRequest.newBuilder(get).build(), HttpResponse.BodyHandlers.ofString()).body())
        .isEqualTo("shared bytes");

    URI put = storage.presignPut("uploaded.json", Duration.ofMinutes(5), "application/json");
    HttpResponse<String> wrongType = http.send(HttpRequest.newBuilder(put).header("Content-Type", "text/plain")
        .PUT(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(wrongType.statusCode()).isEqualTo(403);
    HttpResponse<String> uploaded = http.send(HttpRequest.newBuilder(put).header("Content-Type", "application/json")
        .PUT(HttpRequest.BodyPublishers.ofString("{\"a\":1}")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(uploaded.statusCode()).isEqualTo(200);
    StorageFile stored = storage.get("uploaded.json").orElseThrow();
    assertThat(stored.contentType()).contains("application/json");
    try (InputStream in = storage.open("uploaded.json")) {
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("{\"a\":1}");
    }

    URI brief = storage.presignGet("shared.txt", Duration.ofSeconds(1));
    Thread.sleep(2100);
    HttpResponse<String> expired = http.send(HttpRequest.newBuilder(brief).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(expired.statusCode()).isEqualTo(403);
    assertThat(expired.body()).contains("Request has expired");
  }

  // ---------------------------------------------------------------- helpers

  private Storage storage(Consumer<S3StorageConfig.Builder> configure,
      Consumer<ClientOverrideConfiguration.Builder> overrides) {
    S3StorageConfig.Builder b = S3Fixture.s3proxy().config(prefix).options(
        org.storagekit.StorageOptions.builder().metadataCache(false).build());
    configure.accept(b);
    S3StorageConfig config = b.build();
    StorageContext context = config.context();
    Storage storage = StorageEngine.open(context, new S3Backend(context, config, S3Backend.COPY_MULTIPART_THRESHOLD,
        overrides));
    opened.add(storage);
    return storage;
  }

  /** Records every request the SDK sends, by its type. */
  private void record(ClientOverrideConfiguration.Builder o) {
    o.addExecutionInterceptor(new ExecutionInterceptor() {
      @Override
      public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        sent.add(context.request().getClass().getSimpleName());
      }
    });
  }

  /** Records the writes that commit an object or a part copy, with their condition headers. */
  private void recordConditions(ClientOverrideConfiguration.Builder o) {
    o.addExecutionInterceptor(new ExecutionInterceptor() {
      @Override
      public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        SdkRequest request = context.request();
        String type = request.getClass().getSimpleName();
        if (!List.of("PutObjectRequest", "CompleteMultipartUploadRequest", "UploadPartCopyRequest").contains(type)) {
          return;
        }
        SdkHttpRequest http = context.httpRequest();
        sent.add(type + http.firstMatchingHeader("If-None-Match").map(v -> " If-None-Match=" + v).orElse("")
            + http.firstMatchingHeader("If-Match").map(v -> " If-Match=" + v).orElse(""));
      }
    });
  }

  private HeadObjectResponse head(String key) {
    return sdk.headObject(r -> r.bucket(S3ProxyServer.BUCKET).key(prefix + "/" + key));
  }

  private Path randomFile(long size, long seed) throws IOException {
    Path file = dir.resolve("src-" + seed + ".bin");
    byte[] bytes = new byte[(int) size];
    new Random(seed).nextBytes(bytes);
    return Files.write(file, bytes);
  }

  private static Checksum md5(byte[] content) {
    Checksum.Hasher h = Checksum.hasher(Checksum.Algorithm.MD5);
    h.update(content, 0, content.length);
    return h.finish();
  }

  private static byte[] gzip(String text) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream z = new GZIPOutputStream(out)) {
      z.write(text.getBytes(StandardCharsets.UTF_8));
    }
    return out.toByteArray();
  }
}
