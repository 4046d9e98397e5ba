package org.storagekit.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.core.http.HttpMethod;
import com.azure.core.http.policy.HttpPipelinePolicy;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.models.BlobListDetails;
import com.azure.storage.blob.models.ListBlobsOptions;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.storagekit.Checksum;
import org.storagekit.DeleteSummary;
import org.storagekit.Precondition;
import org.storagekit.PreconditionFailedException;
import org.storagekit.Storage;
import org.storagekit.StorageEntry;
import org.storagekit.StorageException;
import org.storagekit.StorageFile;
import org.storagekit.StorageFolder;
import org.storagekit.WriteOptions;
import org.storagekit.testing.AzuriteServer;

/**
 * Contract 0.2 on Azure, against Azurite: headers and metadata, conditions on every write path,
 * copies that keep or replace, folder listings, startFrom, Blob Batch deletes, SAS, and how many
 * requests each operation costs (counted by a pipeline policy).
 */
class AzureContractTest {
  private static final String CONTAINER = "azure-contract";
  private static final int MIB = 1024 * 1024;
  private static BlobContainerClient container;

  @TempDir Path temp;
  private final List<String> requests = new CopyOnWriteArrayList<>();
  private String prefix;
  private Storage storage;

  @BeforeAll
  static void startAzurite() {
    container = AzuriteFixture.container(CONTAINER);
  }

  @BeforeEach
  void open() {
    prefix = "t-" + UUID.randomUUID();
    storage = config().addPolicy(counting()).build().open();
  }

  @AfterEach
  void close() {
    storage.close();
    container.listBlobs(new ListBlobsOptions().setPrefix(prefix + "/"), null)
        .forEach(b -> container.getBlobClient(b.getName()).deleteIfExists());
  }

  /** Small blocks so that a few MiB make a multi-block upload or copy. */
  private AzureStorageConfig.Builder config() {
    return AzuriteFixture.config(CONTAINER).prefix(prefix).blockSize(MIB).maxSingleUploadSize(MIB).maxConcurrency(3);
  }

  /** Records every request as {@code METHOD query} (the query without the SAS). */
  private HttpPipelinePolicy counting() {
    return (context, next) -> {
      String query = context.getHttpRequest().getUrl().getQuery();
      requests.add(context.getHttpRequest().getHttpMethod() + " " + (query == null ? "" : query));
      return next.process();
    };
  }

  private List<String> requests(String method) {
    return requests.stream().filter(r -> r.startsWith(method + " ")).collect(Collectors.toList());
  }

  private BlobClient raw(String key) {
    return container.getBlobClient(prefix + "/" + key);
  }

  private static final WriteOptions FULL = WriteOptions.builder().contentType("text/csv; charset=utf-8")
      .cacheControl("max-age=60").contentDisposition("attachment; filename=\"r.csv\"").contentEncoding("identity")
      .metadata("owner", "ops").metadata("run_id", "42").build();

  // ---------------------------------------------------------------- headers and metadata [§17]

  @Test
  void put_withOptions_singleAndBlockUploads_storeEverythingAndDescribeItFromTheResponse() throws Exception {
    for (int size : new int[] {1000, 3 * MIB + 7}) {
      byte[] content = random(size);
      String key = "r" + size + ".csv";
      requests.clear();

      StorageFile written = storage.put(key, new ByteArrayInputStream(content), FULL,
          org.storagekit.ProgressListener.none());

      assertThat(requests(HttpMethod.HEAD.name())).as("no lookup after the write").isEmpty();
      storage.update();
      StorageFile stat = storage.get(key).orElseThrow();
      assertThat(stat.contentType()).contains("text/csv; charset=utf-8");
      assertThat(stat.cacheControl()).contains("max-age=60");
      assertThat(stat.contentDisposition()).contains("attachment; filename=\"r.csv\"");
      assertThat(stat.contentEncoding()).contains("identity");
      assertThat(stat.metadata()).isEqualTo(Map.of("owner", "ops", "run_id", "42"));
      assertThat(stat.checksum(Checksum.Algorithm.MD5)).contains(Checksum.of(Checksum.Algorithm.MD5, md5(content)));
      assertThat(stat.checksums()).extracting(Checksum::algorithm).containsExactly(Checksum.Algorithm.MD5);
      assertThat(written).as("the write describes the stored blob completely").isEqualTo(stat);
      StorageFile listed;
      try (Stream<StorageFile> files = storage.list()) {
        listed = files.filter(f -> f.key().equals(key)).findFirst().orElseThrow();
      }
      assertThat(listed).as("the listing carries it all, metadata included").isEqualTo(stat);
    }
  }

  @Test
  void put_noOptions_guessesTheContentTypeAndStoresNoMetadata() {
    StorageFile written = storage.put("page.html", new ByteArrayInputStream("<p>".getBytes(StandardCharsets.UTF_8)));

    assertThat(written.contentType()).contains("text/html");
    assertThat(raw("page.html").getProperties().getContentType()).isEqualTo("text/html");
    assertThat(raw("page.html").getProperties().getMetadata()).isEmpty();
  }

  @Test
  void stat_internalMetadata_isNotShown() {
    raw("marked.bin").upload(com.azure.core.util.BinaryData.fromString("x"), true);
    raw("marked.bin").setMetadata(Map.of("storagekit_md5", "abc", "team", "a"));

    assertThat(storage.get("marked.bin").orElseThrow().metadata()).isEqualTo(Map.of("team", "a"));
  }

  @Test
  void put_gzipContentEncoding_readsBackTheStoredBytes() throws Exception {
    ByteArrayOutputStream gz = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
      out.write("hello hello hello".getBytes(StandardCharsets.UTF_8));
    }
    byte[] stored = gz.toByteArray();
    storage.put("h.txt.gz", new ByteArrayInputStream(stored), WriteOptions.builder().contentEncoding("gzip").build(),
        org.storagekit.ProgressListener.none());

    try (InputStream in = storage.open("h.txt.gz")) {
      assertThat(in.readAllBytes()).isEqualTo(stored);
    }
    assertThat(Files.readAllBytes(storage.getFile("h.txt.gz", temp.resolve("h.gz")))).isEqualTo(stored);
    assertThat(storage.get("h.txt.gz").orElseThrow().contentEncoding()).contains("gzip");
  }

  // ---------------------------------------------------------------- conditions [§18]

  @Test
  void put_ifNotExists_singleAndBlockUploads_createOnlyAndChangeNothingWhenTaken() throws Exception {
    for (int size : new int[] {10, 3 * MIB}) {
      String key = "once" + size;
      StorageFile first = storage.put(key, new ByteArrayInputStream(random(size)), WriteOptions.ifNotExists(),
          org.storagekit.ProgressListener.none());

      assertThatThrownBy(() -> storage.put(key, new ByteArrayInputStream(random(size + 1)),
          WriteOptions.ifNotExists(), org.storagekit.ProgressListener.none()))
          .isInstanceOfSatisfying(PreconditionFailedException.class, e -> assertThat(e.key()).contains(key));

      assertThat(raw(key).getProperties().getETag()).contains(first.etag().orElseThrow());
      assertThat(raw(key).getProperties().getBlobSize()).isEqualTo(size);
    }
  }

  @Test
  void put_ifMatch_singleAndBlockUploads_compareAndSwapOnTheEtag() throws Exception {
    for (int size : new int[] {10, 3 * MIB}) {
      String key = "cas" + size;
      StorageFile v1 = storage.put(key, new ByteArrayInputStream(random(size)));
      StorageFile v2 = storage.put(key, new ByteArrayInputStream(random(size + 1)),
          WriteOptions.of(Precondition.ifMatch(v1)), org.storagekit.ProgressListener.none());

      assertThatThrownBy(() -> storage.put(key, new ByteArrayInputStream(random(size + 2)),
          WriteOptions.of(Precondition.ifMatch(v1)), org.storagekit.ProgressListener.none()))
          .isInstanceOf(PreconditionFailedException.class);

      assertThat(raw(key).getProperties().getETag()).contains(v2.etag().orElseThrow());
      assertThat(raw(key).getProperties().getBlobSize()).isEqualTo(size + 1);
    }
    assertThat(container.listBlobs(new ListBlobsOptions().setPrefix(prefix + "/"), null).stream()
        .map(b -> b.getName().substring(prefix.length() + 1))).containsExactlyInAnyOrder("cas10", "cas" + 3 * MIB);
  }

  @Test
  void put_ifMatchOnMissingKey_preconditionFailed() {
    assertThatThrownBy(() -> storage.put("none", new ByteArrayInputStream(new byte[3]),
        WriteOptions.of(Precondition.ifMatch("0x8DEADBEEF")), org.storagekit.ProgressListener.none()))
        .isInstanceOf(PreconditionFailedException.class);
    assertThat(raw("none").exists()).isFalse();
  }

  @Test
  void open_and_getFile_withStaleEtag_preconditionFailed() throws Exception {
    StorageFile v1 = storage.put("r.txt", new ByteArrayInputStream("one".getBytes(StandardCharsets.UTF_8)));
    StorageFile v2 = storage.put("r.txt", new ByteArrayInputStream("two".getBytes(StandardCharsets.UTF_8)));

    assertThatThrownBy(() -> storage.open("r.txt", Precondition.ifMatch(v1))).isInstanceOf(PreconditionFailedException.class);
    assertThatThrownBy(() -> storage.getFile("r.txt", temp.resolve("r"), Precondition.ifMatch(v1),
        org.storagekit.ProgressListener.none())).isInstanceOf(PreconditionFailedException.class);
    assertThat(temp.resolve("r")).doesNotExist();
    try (InputStream in = storage.open("r.txt", Precondition.ifMatch(v2))) {
      assertThat(in.readAllBytes()).isEqualTo("two".getBytes(StandardCharsets.UTF_8));
    }
  }

  @Test
  void read_withCondition_sendsIfMatch() throws Exception {
    StorageFile v1 = storage.put("c.txt", new ByteArrayInputStream("one".getBytes(StandardCharsets.UTF_8)));
    List<String> ifMatch = new CopyOnWriteArrayList<>();
    try (Storage watched = config().addPolicy((context, next) -> {
      if (context.getHttpRequest().getHttpMethod() == HttpMethod.GET) {
        ifMatch.add(String.valueOf(context.getHttpRequest().getHeaders().getValue(
            com.azure.core.http.HttpHeaderName.IF_MATCH)));
      }
      return next.process();
    }).build().open(); InputStream in = watched.open("c.txt", Precondition.ifMatch(v1))) {
      assertThat(in.readAllBytes()).hasSize(3);
    }
    assertThat(ifMatch).isNotEmpty().allMatch(v -> v.contains(v1.etag().orElseThrow()));
  }

  // ---------------------------------------------------------------- copies [§7, §17.4]

  @Test
  void copy_noOptions_keepsTheSourcesHeadersAndMetadataWithoutALookupAfter() {
    storage.put("src.csv", new ByteArrayInputStream(random(5000)), FULL, org.storagekit.ProgressListener.none());
    StorageFile source = storage.get("src.csv").orElseThrow();
    requests.clear();

    StorageFile copied = storage.copy("src.csv", "dst.csv");

    assertThat(requests(HttpMethod.HEAD.name())).as("the source's lookup only").hasSize(1);
    storage.update();
    StorageFile stat = storage.get("dst.csv").orElseThrow();
    assertThat(copied).isEqualTo(stat);
    assertThat(stat.metadata()).isEqualTo(source.metadata());
    assertThat(stat.contentType()).isEqualTo(source.contentType());
    assertThat(stat.cacheControl()).isEqualTo(source.cacheControl());
    assertThat(stat.checksums()).isEqualTo(source.checksums());
  }

  @Test
  void copy_withOptions_replacesHeadersAndMetadataInOneCommit() throws Exception {
    for (int size : new int[] {5000, 3 * MIB + 1}) {
      byte[] content = random(size);
      storage.put("src" + size + ".csv", new ByteArrayInputStream(content), FULL, org.storagekit.ProgressListener.none());
      requests.clear();

      StorageFile copied = storage.copy("src" + size + ".csv", "dst" + size + ".json",
          WriteOptions.builder().metadata("kind", "copy").build());

      assertThat(requests).filteredOn(r -> r.contains("comp=properties") || r.contains("comp=metadata"))
          .as("no second step that would show the target with the source's headers first").isEmpty();
      assertThat(requests).filteredOn(r -> r.contains("comp=blocklist")).hasSize(1);
      storage.update();
      StorageFile stat = storage.get("dst" + size + ".json").orElseThrow();
      assertThat(copied).isEqualTo(stat);
      assertThat(stat.metadata()).isEqualTo(Map.of("kind", "copy"));
      assertThat(stat.contentType()).contains("application/json");
      assertThat(stat.cacheControl()).isEmpty();
      assertThat(stat.contentDisposition()).isEmpty();
      assertThat(stat.checksum(Checksum.Algorithm.MD5)).contains(Checksum.of(Checksum.Algorithm.MD5, md5(content)));
      assertThat(raw("dst" + size + ".json").downloadContent().toBytes()).isEqualTo(content);
    }
  }

  @Test
  void copy_conditionOnTheTarget_syncAndPolledCopies_failAndChangeNothing() {
    copy_conditionOnTheTarget_failsAndChangesNothing(storage);
    storage.deleteAll(List.of("a", "b", "c"));
    try (Storage polled = config().syncCopyMaxSize(0).copyPolling(Duration.ofMillis(50), Duration.ofMinutes(1))
        .build().open()) {
      copy_conditionOnTheTarget_failsAndChangesNothing(polled); // every blob is above 0 bytes: Copy Blob
    }
  }

  private void copy_conditionOnTheTarget_failsAndChangesNothing(Storage storage) {
    storage.put("a", new ByteArrayInputStream("a".getBytes(StandardCharsets.UTF_8)));
    StorageFile b = storage.put("b", new ByteArrayInputStream("b".getBytes(StandardCharsets.UTF_8)));

    for (WriteOptions options : List.of(WriteOptions.ifNotExists(),
        WriteOptions.builder().ifNotExists().metadata("x", "y").build(),
        WriteOptions.of(Precondition.ifMatch("0x8DEADBEEF")))) {
      assertThatThrownBy(() -> storage.copy("a", "b", options))
          .isInstanceOfSatisfying(PreconditionFailedException.class, e -> assertThat(e.key()).contains("b"));
    }
    assertThat(raw("b").downloadContent().toString()).isEqualTo("b");
    assertThat(raw("b").getProperties().getETag()).contains(b.etag().orElseThrow());

    StorageFile swapped = storage.copy("a", "b", WriteOptions.of(Precondition.ifMatch(b)));
    assertThat(raw("b").downloadContent().toString()).isEqualTo("a");
    assertThat(storage.copy("a", "c", WriteOptions.builder().ifNotExists().metadata("x", "y").build()).metadata())
        .containsEntry("x", "y");
    assertThat(swapped.etag()).isNotEqualTo(b.etag());
  }

  // ---------------------------------------------------------------- listings [§2.9, §19]

  @Test
  void listFolder_oneLevel_oneRequestWithTheDelimiter() {
    for (String k : List.of("top.txt", "d/one.txt", "d/deep/a", "d/deep/b", "e/x", "d2")) {
      storage.put(k, new ByteArrayInputStream(k.getBytes(StandardCharsets.UTF_8)));
    }
    requests.clear();

    List<String> top;
    try (Stream<StorageEntry> entries = storage.listFolder("")) {
      top = entries.map(e -> (e instanceof StorageFolder ? "folder " : "file ") + e.key()).collect(Collectors.toList());
    }
    List<String> d;
    try (Stream<StorageEntry> entries = storage.listFolder("d")) {
      d = entries.map(StorageEntry::key).collect(Collectors.toList());
    }

    assertThat(top).containsExactly("folder d/", "file d2", "folder e/", "file top.txt");
    assertThat(d).containsExactly("d/deep/", "d/one.txt");
    assertThat(requests).hasSize(2).allMatch(r -> r.contains("delimiter=%2F") || r.contains("delimiter=/"));
  }

  @Test
  void list_startAfter_usesStartFromAndKeepsEveryLaterKey() {
    List<String> keys = List.of("a", "b", "b0", "c", "\u00e9", "\uff21", "\ud83d\ude00");
    for (String k : keys) {
      storage.put(k, new ByteArrayInputStream(new byte[] {1}));
    }
    requests.clear();

    assertThat(storage.list("", "b").map(StorageFile::key)).containsExactlyInAnyOrder("b0", "c", "\u00e9", "\uff21",
        "\ud83d\ude00");
    assertThat(requests).singleElement().asString().contains("startFrom=");
    assertThat(storage.list("", "\uff21").map(StorageFile::key)).containsExactly("\ud83d\ude00");
    assertThat(storage.list("", "\ud83d\ude00").map(StorageFile::key)).isEmpty();
  }

  @Test
  void startFrom_cutsBeforeCharactersWhereUtf8AndUtf16OrdersPart() {
    assertThat(AzureBackend.startFrom(null)).isNull();
    assertThat(AzureBackend.startFrom("p/a\u00e9")).isEqualTo("p/a\u00e9");
    assertThat(AzureBackend.startFrom("p/x\uff21y")).isEqualTo("p/x");
    assertThat(AzureBackend.startFrom("\ud83d\ude00")).isNull();
  }

  // ---------------------------------------------------------------- batch delete [§20]

  @Test
  void deleteAll_600Keys_threeBlobBatchRequests() {
    List<String> keys = IntStream.range(0, 600).mapToObj(i -> String.format("del/%03d", i)).collect(Collectors.toList());
    keys.parallelStream().forEach(k -> raw(k).upload(com.azure.core.util.BinaryData.fromString(k), true));
    List<String> all = new ArrayList<>(keys);
    all.add("del/missing");
    requests.clear();

    DeleteSummary summary = storage.deleteAll(all);

    assertThat(summary.failed()).isEmpty();
    assertThat(summary.deleted()).isEqualTo(601);
    // each sub-request passes the pipeline too, to be signed, inside one of the three batches
    assertThat(requests(HttpMethod.POST.name())).hasSize(3).allMatch(r -> r.contains("comp=batch"));
    assertThat(requests).hasSize(3 + 601);
    assertThat(container.listBlobs(new ListBlobsOptions().setPrefix(prefix + "/del/"), null).stream().count()).isZero();
  }

  @Test
  void deleteAll_missingContainer_everyKeyFailsNamingIt() {
    try (Storage missing = AzuriteFixture.config("no-such-container").build().open()) {
      DeleteSummary summary = missing.deleteAll(List.of("a", "b"));

      assertThat(summary.failed()).containsOnlyKeys("a", "b");
      assertThat(summary.deleted()).isZero();
    }
  }

  // ---------------------------------------------------------------- presign [§21]

  @Test
  void presign_getAndPut_workWithAPlainHttpClient() throws Exception {
    byte[] content = random(3000);
    storage.put("dir/p q+\u00e9.bin", new ByteArrayInputStream(content));
    HttpClient http = HttpClient.newHttpClient();

    URI get = storage.presignGet("dir/p q+\u00e9.bin", Duration.ofMinutes(5));
    HttpResponse<byte[]> got = http.send(HttpRequest.newBuilder(get).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    assertThat(got.statusCode()).isEqualTo(200);
    assertThat(got.body()).isEqualTo(content);

    URI put = storage.presignPut("up.txt", Duration.ofMinutes(5), "text/plain");
    HttpResponse<String> sent = http.send(HttpRequest.newBuilder(put).header("x-ms-blob-type", "BlockBlob")
        .header("Content-Type", "text/plain").PUT(HttpRequest.BodyPublishers.ofString("uploaded")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(sent.statusCode()).isEqualTo(201);
    assertThat(storage.get("up.txt").orElseThrow().contentType()).contains("text/plain");
    try (InputStream in = storage.open("up.txt")) {
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("uploaded");
    }
    HttpResponse<String> writeWithGetUrl = http.send(HttpRequest.newBuilder(get).header("x-ms-blob-type", "BlockBlob")
        .PUT(HttpRequest.BodyPublishers.ofString("no")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(writeWithGetUrl.statusCode()).isEqualTo(403);
  }

  @Test
  void presign_expired_isRefusedByTheService() throws Exception {
    storage.put("e.txt", new ByteArrayInputStream("e".getBytes(StandardCharsets.UTF_8)));
    URI get = storage.presignGet("e.txt", Duration.ofSeconds(1));
    Thread.sleep(2500);

    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(get).GET().build(),
        HttpResponse.BodyHandlers.ofString());

    assertThat(r.statusCode()).isEqualTo(403);
  }

  @Test
  void presign_sasCredential_throwsNamingWhatIsMissing() {
    try (Storage viaSas = AzureStorageConfig.builder(CONTAINER).prefix(prefix).endpoint(AzuriteServer.shared().endpoint())
        .sasToken("sv=2024-01-01&sig=SECRETSIGNATURE").build().open()) {
      assertThatThrownBy(() -> viaSas.presignGet("x", Duration.ofMinutes(1)))
          .isInstanceOf(StorageException.class).hasMessageContaining("shared key").hasMessageContaining("x")
          .hasMessageNotContaining("SECRETSIGNATURE");
    }
  }

  // ---------------------------------------------------------------- request counts (item 7)

  @Test
  void requests_smallPutIsOne_getFileOfAStattedOrListedFileIsOneGet() throws Exception {
    Path local = Files.write(temp.resolve("small"), random(2000));
    requests.clear();
    storage.put("one.bin", local);
    assertThat(requests).as("one Put Blob").singleElement().asString().startsWith("PUT ");

    storage.update();
    requests.clear();
    storage.getFile("one.bin", temp.resolve("back.bin"));
    assertThat(requests(HttpMethod.HEAD.name())).as("the engine's lookup").hasSize(1);
    assertThat(requests(HttpMethod.GET.name())).as("one Get Blob, verified against the lookup's MD5").hasSize(1);
    assertThat(requests).hasSize(2);

    storage.put("two.bin", local);
    storage.put("three.bin", local);
    requests.clear();
    storage.getAllFiles(temp.resolve("all"));
    assertThat(requests(HttpMethod.HEAD.name())).isEmpty();
    assertThat(requests(HttpMethod.GET.name())).as("one listing and one Get Blob a file").hasSize(4);
    assertThat(Files.readAllBytes(temp.resolve("all/three.bin"))).isEqualTo(Files.readAllBytes(local));
  }

  @Test
  void getAllFiles_listedMd5Mismatch_failsTheFile() throws Exception {
    storage.put("bad.bin", new ByteArrayInputStream(random(100)));
    raw("bad.bin").setHttpHeaders(new com.azure.storage.blob.models.BlobHttpHeaders()
        .setContentMd5(md5("other".getBytes(StandardCharsets.UTF_8))));

    assertThatThrownBy(() -> storage.getAllFiles(temp.resolve("all"))).isInstanceOf(StorageException.class)
        .hasMessageContaining("bad.bin");
    assertThat(temp.resolve("all/bad.bin")).doesNotExist();
    assertThat(container.listBlobs(new ListBlobsOptions().setPrefix(prefix + "/")
        .setDetails(new BlobListDetails().setRetrieveMetadata(true)), null).stream().count()).isEqualTo(1);
  }

  // ---------------------------------------------------------------- helpers

  private static byte[] random(int size) {
    byte[] b = new byte[size];
    new Random(size).nextBytes(b);
    return b;
  }

  private static byte[] md5(byte[] content) throws Exception {
    return MessageDigest.getInstance("MD5").digest(content);
  }
}
