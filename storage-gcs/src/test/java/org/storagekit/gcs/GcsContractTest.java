package org.storagekit.gcs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.api.services.storage.model.StorageObject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
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

/**
 * Contract 0.2 on GCS, against {@link org.storagekit.testing.FakeGcsServer} with a service-account
 * key: what GCS returns and enforces (metadata, generations as ETags, 412s, prefixes, batch, signed
 * URLs) and how many requests each operation costs.
 */
class GcsContractTest {
  private static final FakeGcs GCS = FakeGcs.shared();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir Path local;
  private String prefix;
  private Storage storage;

  @BeforeEach
  void open() {
    prefix = "c-" + UUID.randomUUID();
    storage = GCS.config(FakeGcs.BUCKET).prefix(prefix).chunkSize(GcsStorageConfig.MIN_CHUNK_SIZE).build().open();
  }

  @org.junit.jupiter.api.AfterEach
  void close() {
    storage.close();
  }

  private static byte[] bytes(int size, long seed) {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    return b;
  }

  private static InputStream unknownLength(byte[] content) {
    return new ByteArrayInputStream(content) {
      @Override
      public int available() {
        return 0;
      }
    };
  }

  /** Requests since {@code mark}, without OAuth token requests. */
  private static List<String> since(int mark) {
    return GCS.server.requests().subList(mark, GCS.server.requests().size()).stream()
        .filter(r -> !r.equals("POST /token")).collect(Collectors.toList());
  }

  private long requestsSince(int mark, String startingWith) {
    return GCS.server.requests().subList(mark, GCS.server.requests().size()).stream()
        .filter(r -> r.startsWith(startingWith)).count();
  }

  private static final WriteOptions FULL = WriteOptions.builder().contentType("text/csv; charset=utf-8")
      .cacheControl("max-age=60").contentDisposition("attachment; filename=\"r.csv\"").contentEncoding("identity")
      .metadata("owner", "team_a").metadata("run", "7").build();

  @Test
  void put_withOptions_storesHeadersAndMetadata_andStatAndListingReturnEverything() {
    byte[] content = bytes(10_000, 1);
    StorageFile put = storage.put("r.csv", new ByteArrayInputStream(content), FULL, org.storagekit.ProgressListener.none());
    StorageObject resource = GCS.server.resource(FakeGcs.BUCKET, prefix + "/r.csv");
    assertThat(resource.getContentType()).isEqualTo("text/csv; charset=utf-8");
    assertThat(resource.getMetadata()).isEqualTo(Map.of("owner", "team_a", "run", "7"));
    StorageFile got = storage.get("r.csv").orElseThrow();
    assertThat(got).as("the put's description is the stored object's").isEqualTo(put);
    assertThat(got.contentType()).contains("text/csv; charset=utf-8");
    assertThat(got.cacheControl()).contains("max-age=60");
    assertThat(got.contentDisposition()).contains("attachment; filename=\"r.csv\"");
    assertThat(got.contentEncoding()).contains("identity");
    assertThat(got.metadata()).isEqualTo(Map.of("owner", "team_a", "run", "7"));
    assertThat(got.etag()).contains(Long.toString(resource.getGeneration()));
    assertThat(got.version()).contains(Long.toString(resource.getGeneration()));
    assertThat(got.checksum(Checksum.Algorithm.CRC32C).orElseThrow().hex())
        .isEqualTo(Checksum.of(Checksum.Algorithm.CRC32C, crc32c(content)).hex());
    assertThat(got.checksum(Checksum.Algorithm.MD5)).isPresent();
    try (Stream<StorageFile> listed = storage.list()) {
      assertThat(listed.collect(Collectors.toList())).containsExactly(got);
    }
  }

  private static byte[] crc32c(byte[] content) {
    return java.util.Base64.getDecoder().decode(org.storagekit.testing.FakeGcsServer.crc32c(content));
  }

  @Test
  void put_withoutContentType_guessesFromTheExtension_andStripsInternalMetadataFromWhatUsersSee() {
    storage.put("a.json", new ByteArrayInputStream(new byte[] {'{', '}'}));
    assertThat(storage.get("a.json").orElseThrow().contentType()).contains("application/json");
  }

  @Test
  void smallPut_isOneRequest_andGetFileOfAStattedFileIsOneMediaGet() throws IOException {
    byte[] content = bytes(5000, 2);
    int mark = GCS.server.requests().size();
    storage.put("one.bin", new ByteArrayInputStream(content));
    assertThat(since(mark)).as("one multipart insert").hasSize(1);
    storage.update();
    mark = GCS.server.requests().size();
    Path target = storage.getFile("one.bin", local.resolve("one.bin"));
    assertThat(target).hasBinaryContent(content);
    assertThat(since(mark).size()).as("the stat, then one media GET").isEqualTo(2);
    mark = GCS.server.requests().size();
    storage.getAllFiles(local.resolve("all"));
    assertThat(since(mark)).as("the listing, then one media GET per listed file").hasSize(2)
        .last().asString().startsWith("GET /download/");
    Path file = Files.write(local.resolve("src.bin"), content);
    mark = GCS.server.requests().size();
    storage.put("two.bin", file);
    assertThat(since(mark).size()).as("a small file: one insert").isEqualTo(1);
  }

  @Test
  void ifNotExists_andIfMatch_onSingleAndResumableUploads() {
    byte[] big = bytes(600_000, 3); // above the 256 KiB chunk: resumable
    for (byte[] content : List.of(new byte[] {1, 2, 3}, big)) {
      String key = "cas-" + content.length;
      StorageFile first = storage.put(key, unknownLength(content), WriteOptions.ifNotExists(),
          org.storagekit.ProgressListener.none());
      assertThatThrownBy(() -> storage.put(key, unknownLength(content), WriteOptions.ifNotExists(),
          org.storagekit.ProgressListener.none())).isInstanceOf(PreconditionFailedException.class)
          .hasMessageContaining(key);
      StorageFile second = storage.put(key, unknownLength(content), WriteOptions.of(Precondition.ifMatch(first)),
          org.storagekit.ProgressListener.none());
      assertThat(second.etag()).isNotEqualTo(first.etag());
      assertThatThrownBy(() -> storage.put(key, unknownLength(new byte[] {9}), WriteOptions.of(Precondition.ifMatch(first)),
          org.storagekit.ProgressListener.none())).isInstanceOf(PreconditionFailedException.class)
          .hasMessageContaining(key);
      storage.update();
      assertThat(storage.get(key).orElseThrow().etag()).isEqualTo(second.etag());
    }
    assertThatThrownBy(() -> storage.put("x", unknownLength(new byte[] {1}), WriteOptions.builder().ifMatch("not-a-gen")
        .build(), org.storagekit.ProgressListener.none())).isInstanceOf(PreconditionFailedException.class);
  }

  @Test
  void resumableUpload_overwrittenWhileInFlight_failsAtFinalize() {
    StorageFile first = storage.put("race.bin", new ByteArrayInputStream(new byte[] {1}));
    byte[] big = bytes(600_000, 4);
    InputStream racing = new ByteArrayInputStream(big) {
      private boolean raced;

      @Override
      public synchronized int read(byte[] b, int off, int len) {
        if (!raced && pos > 300_000) {
          raced = true;
          GCS.server.put(FakeGcs.BUCKET, prefix + "/race.bin", new byte[] {7}); // another writer
        }
        return super.read(b, off, len);
      }
    };
    assertThatThrownBy(() -> storage.put("race.bin", racing, WriteOptions.of(Precondition.ifMatch(first)),
        org.storagekit.ProgressListener.none())).isInstanceOf(PreconditionFailedException.class);
    assertThat(GCS.server.content(FakeGcs.BUCKET, prefix + "/race.bin")).containsExactly(7);
  }

  @Test
  void openWithCondition_andDownloads_readOnlyTheGenerationDescribed() throws IOException {
    StorageFile v1 = storage.put("pin.bin", new ByteArrayInputStream(new byte[] {1, 2}));
    try (InputStream in = storage.open("pin.bin", Precondition.ifMatch(v1))) {
      assertThat(in.readAllBytes()).containsExactly(1, 2);
    }
    StorageFile listed;
    try (Stream<StorageFile> files = storage.list()) {
      listed = files.findFirst().orElseThrow();
    }
    GCS.server.put(FakeGcs.BUCKET, prefix + "/pin.bin", new byte[] {3, 4}); // changed behind the listing
    assertThatThrownBy(() -> storage.open("pin.bin", Precondition.ifMatch(v1)))
        .isInstanceOf(PreconditionFailedException.class).hasMessageContaining("pin.bin");
    StorageFile v2 = storage.get("pin.bin").orElseThrow();
    int mark = GCS.server.requestsWithQueries().size();
    storage.getFile("pin.bin", local.resolve("pin.bin"));
    List<String> sent = GCS.server.requestsWithQueries().subList(mark, GCS.server.requestsWithQueries().size());
    assertThat(sent).as("the download asks for exactly the generation statted").hasSize(2)
        .last().asString().contains("alt=media").contains("ifGenerationMatch=" + v2.version().orElseThrow());
    assertThat(listed.version()).isNotEqualTo(v2.version());
  }

  @Test
  void copy_keepsMetadataUnlessOptionsSetContent_andChecksTheTargetsPrecondition() {
    storage.put("src.csv", new ByteArrayInputStream(new byte[] {1}), FULL, org.storagekit.ProgressListener.none());
    StorageFile kept = storage.copy("src.csv", "kept.csv");
    assertThat(kept.metadata()).isEqualTo(Map.of("owner", "team_a", "run", "7"));
    assertThat(kept.cacheControl()).contains("max-age=60");
    StorageFile replaced = storage.copy("src.csv", "replaced.csv", WriteOptions.builder().metadata("k", "v").build());
    assertThat(replaced.metadata()).isEqualTo(Map.of("k", "v"));
    assertThat(replaced.cacheControl()).isEmpty();
    assertThat(replaced.contentType()).contains("text/csv");
    assertThatThrownBy(() -> storage.copy("src.csv", "kept.csv", WriteOptions.ifNotExists()))
        .isInstanceOf(PreconditionFailedException.class).hasMessageContaining("kept.csv");
    StorageFile again = storage.copy("src.csv", "kept.csv", WriteOptions.of(Precondition.ifMatch(kept)));
    assertThat(again.etag()).isNotEqualTo(kept.etag());
  }

  @Test
  void listFolder_returnsEachSubFolderOnceAcrossPages_andStartAfterUsesStartOffset() {
    try (Storage paged = GCS.config(FakeGcs.BUCKET).prefix(prefix).pageSize(2).build().open()) {
      for (String k : List.of("a.txt", "d1/x", "d1/y", "d1/z/w", "d2/x", "e.txt", "f/g")) {
        paged.put(k, new ByteArrayInputStream(new byte[] {1}));
      }
      int mark = GCS.server.requests().size();
      List<String> entries;
      try (Stream<StorageEntry> s = paged.listFolder("")) {
        entries = s.map(e -> (e instanceof StorageFolder ? "D " : "F ") + e.key()).collect(Collectors.toList());
      }
      assertThat(entries).containsExactly("F a.txt", "D d1/", "D d2/", "F e.txt", "D f/");
      assertThat(requestsSince(mark, "GET /storage/v1/b/")).as("5 entries, pages of 2").isEqualTo(3);
      try (Stream<StorageEntry> s = paged.listFolder("d1")) {
        assertThat(s.map(StorageEntry::key)).containsExactly("d1/x", "d1/y", "d1/z/");
      }
      try (Stream<StorageFile> s = paged.list("", "d1/y")) {
        assertThat(s.map(StorageFile::key)).containsExactly("d1/z/w", "d2/x", "e.txt", "f/g");
      }
    }
  }

  @Test
  void deleteAll_goesThroughTheBatchEndpoint_100ACall_andMissingKeysAreNoFailure() {
    List<String> keys = IntStream.range(0, 150).mapToObj(i -> "del/" + i).collect(Collectors.toList());
    keys.forEach(k -> GCS.server.put(FakeGcs.BUCKET, prefix + "/" + k, new byte[] {1}));
    List<String> all = new ArrayList<>(keys);
    all.add("del/never-there");
    int mark = GCS.server.requests().size();
    DeleteSummary summary = storage.deleteAll(all);
    assertThat(summary.isComplete()).isTrue();
    assertThat(summary.deleted()).isEqualTo(151);
    assertThat(requestsSince(mark, "POST /batch/storage/v1")).isEqualTo(2);
    try (Stream<StorageFile> left = storage.list("del/")) {
      assertThat(left).isEmpty();
    }
  }

  @Test
  void presign_getAndPut_workWithoutCredentials_onTheConfiguredHost_andTheServerChecksThem() throws Exception {
    storage.put("p.txt", new ByteArrayInputStream(new byte[] {'h', 'i'}));
    URI get = storage.presignGet("p.txt", Duration.ofMinutes(5));
    assertThat(get.toString()).startsWith(GCS.server.endpoint() + "/" + FakeGcs.BUCKET + "/" + prefix + "/p.txt?");
    HttpResponse<byte[]> got = HTTP.send(HttpRequest.newBuilder(get).build(), HttpResponse.BodyHandlers.ofByteArray());
    assertThat(got.statusCode()).isEqualTo(200);
    assertThat(got.body()).containsExactly('h', 'i');
    URI tampered = URI.create(get.toString().replace("p.txt", "q.txt"));
    assertThat(HTTP.send(HttpRequest.newBuilder(tampered).build(), HttpResponse.BodyHandlers.discarding())
        .statusCode()).as("another object: the signature does not match").isEqualTo(403);

    URI put = storage.presignPut("up.csv", Duration.ofMinutes(5), "text/csv");
    HttpResponse<String> wrongType = HTTP.send(HttpRequest.newBuilder(put).header("Content-Type", "text/plain")
        .PUT(HttpRequest.BodyPublishers.ofString("a,b")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(wrongType.statusCode()).as("the signed Content-Type must be sent " + put).isEqualTo(403);
    HttpResponse<String> uploaded = HTTP.send(HttpRequest.newBuilder(put).header("Content-Type", "text/csv")
        .PUT(HttpRequest.BodyPublishers.ofString("a,b")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(uploaded.statusCode()).isEqualTo(200);
    StorageFile up = storage.get("up.csv").orElseThrow();
    assertThat(up.contentType()).contains("text/csv");
    try (InputStream in = storage.open("up.csv")) {
      assertThat(in.readAllBytes()).containsExactly('a', ',', 'b');
    }
  }

  @Test
  void presign_expiredUrl_isRefused() throws Exception {
    storage.put("e.txt", new ByteArrayInputStream(new byte[] {1}));
    URI get = storage.presignGet("e.txt", Duration.ofSeconds(1));
    Thread.sleep(2100);
    HttpResponse<String> refused = HTTP.send(HttpRequest.newBuilder(get).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(refused.body()).contains("ExpiredToken");
  }

  @Test
  void presign_withoutAServiceAccountKey_saysWhatIsMissing() {
    try (Storage anonymousClient = GcsStorageConfig.builder(FakeGcs.BUCKET).client(GCS.client()).build().open()) {
      assertThatThrownBy(() -> anonymousClient.presignGet("k", Duration.ofMinutes(1)))
          .isInstanceOf(StorageException.class).hasMessageContaining("service-account key")
          .hasMessageContaining(GcsStorageProvider.CREDENTIALS_FILE);
    }
    try (Storage none = GcsStorageConfig.builder(FakeGcs.BUCKET).host(GCS.server.endpoint()).noCredentials()
        .project(FakeGcs.PROJECT).build().open()) {
      assertThat(none.capabilities()).doesNotContain(org.storagekit.Capability.PRESIGN);
      assertThatThrownBy(() -> none.presignGet("k", Duration.ofMinutes(1)))
          .isInstanceOf(UnsupportedOperationException.class);
    }
  }
}
