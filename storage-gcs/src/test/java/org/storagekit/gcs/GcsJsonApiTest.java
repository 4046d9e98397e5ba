package org.storagekit.gcs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.storagekit.AccessDeniedException;
import org.storagekit.IntegrityException;
import org.storagekit.NotFoundException;
import org.storagekit.Storage;
import org.storagekit.StorageException;
import org.storagekit.StorageFile;
import org.storagekit.Storages;
import org.storagekit.TransientException;
import org.storagekit.testing.FakeGcsServer;

/**
 * The emulator path, over real HTTP: {@code gcs.host} and {@code gcs.credentials=none} point the
 * backend at {@link FakeGcsServer}, a minimal JSON API on loopback that these tests start. It checks
 * the emulator configuration: the configured host is used, requests go through the client's
 * HTTP layer, uploads are chunked through a resumable session, transient replies are retried by
 * the client, and HTTP statuses become the right exceptions.
 */
class GcsJsonApiTest {
  private static final String BUCKET = "stub-bucket";

  @TempDir Path local;
  private FakeGcsServer stub;

  @BeforeEach
  void startStub() throws IOException {
    stub = FakeGcsServer.start();
  }

  @AfterEach
  void stopStub() {
    stub.close();
  }

  private Storage open(String path, Map<String, String> extra) {
    Map<String, String> properties = new HashMap<>(extra);
    properties.put(GcsStorageProvider.HOST, stub.endpoint());
    properties.put(GcsStorageProvider.CREDENTIALS, "none");
    properties.put(GcsStorageProvider.PROJECT, "stub-project");
    return Storages.open(URI.create("gs://" + BUCKET + path), properties);
  }

  private static byte[] bytes(int size, long seed) {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    return b;
  }

  private static byte[] read(InputStream in) {
    try (in) {
      return in.readAllBytes(); // small test data only
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void getAndOpen_hostProperty_readMetadataAndContentOverHttp() {
    byte[] content = bytes(5000, 1);
    stub.put(BUCKET, "dir/a.bin", content);
    try (Storage storage = open("/dir", Map.of())) {
      assertThat(storage.uri()).hasToString("gs://" + BUCKET + "/dir/");
      StorageFile file = storage.get("a.bin").orElseThrow();
      assertThat(file.size()).isEqualTo(5000);
      assertThat(file.etag().orElseThrow()).as("the ETag is the object generation").matches("\\d+");
      assertThat(read(storage.open("a.bin"))).isEqualTo(content);
      assertThat(read(storage.open("a.bin", 100, 50))).isEqualTo(java.util.Arrays.copyOfRange(content, 100, 150));
      assertThat(read(storage.open("a.bin", 4990, 1000))).as("a range past the end is cut at the end")
          .isEqualTo(java.util.Arrays.copyOfRange(content, 4990, 5000));
      assertThat(storage.get("missing.bin")).isEmpty();
    }
    assertThat(stub.requests()).anyMatch(r -> r.startsWith("GET /storage/v1/b/" + BUCKET + "/o/dir%2Fa.bin"));
  }

  @Test
  void getFile_verifiesCrc32c_andWritesTheFile() {
    byte[] content = bytes(70_000, 2);
    stub.put(BUCKET, "f.bin", content);
    try (Storage storage = open("", Map.of())) {
      Path written = storage.getFile("f.bin", local.resolve("out/f.bin"), org.storagekit.ProgressListener.none());
      assertThat(written).hasBinaryContent(content);
    }
  }

  @Test
  void getFile_reportedCrc32cDiffers_failsTheIntegrityCheckAndWritesNothing() {
    stub.put(BUCKET, "corrupt.bin", bytes(70_000, 3));
    stub.reportCrc32c(BUCKET, "corrupt.bin", FakeGcsServer.crc32c(new byte[] {1, 2, 3}));
    try (Storage storage = open("", Map.of())) {
      Path target = local.resolve("corrupt.bin");
      assertThatThrownBy(() -> storage.getFile("corrupt.bin", target, org.storagekit.ProgressListener.none()))
          .isInstanceOfSatisfying(IntegrityException.class, e -> {
            assertThat(e.key()).contains("corrupt.bin");
            assertThat(e.algorithm()).isEqualTo("CRC32C");
            assertThat(e.expected()).as("the reported CRC32C, in hex").isEqualTo("f130f21e");
          })
          .hasMessageContaining("corrupt.bin")
          .hasMessageContaining("integrity check failed");
      assertThat(target).doesNotExist();
    }
  }

  @Test
  void list_acrossPages_fetchesEachPageOnlyWhenNeeded() {
    for (int i = 0; i < 7; i++) {
      stub.put(BUCKET, "p/" + i, new byte[] {(byte) i});
    }
    stub.put(BUCKET, "q/other", new byte[1]);
    try (Storage storage = open("/p", Map.of(GcsStorageProvider.PAGE_SIZE, "3"))) {
      try (Stream<StorageFile> files = storage.list()) {
        Iterator<StorageFile> it = files.iterator();
        assertThat(it.next().key()).isEqualTo("0");
        assertThat(listRequests()).as("one page fetched for the first file").isEqualTo(1);
      }
      try (Stream<StorageFile> files = storage.list()) {
        assertThat(files.map(StorageFile::key).collect(Collectors.toList()))
            .containsExactly("0", "1", "2", "3", "4", "5", "6");
      }
      assertThat(listRequests()).as("1 + 3 pages of 3").isEqualTo(4);
    }
  }

  private long listRequests() {
    return stub.requests().stream().filter(r -> r.equals("GET /storage/v1/b/" + BUCKET + "/o")).count();
  }

  @Test
  void put_streamLargerThanOneChunk_isSentInChunksThroughOneResumableSession() {
    byte[] content = bytes(600_000, 4);
    try (Storage storage = open("/up", Map.of(GcsStorageProvider.CHUNK_SIZE, "262144"))) {
      StorageFile stored = storage.put("big.bin", new ByteArrayInputStream(content) {
        @Override
        public int available() {
          return 0; // a stream of unknown length
        }
      });
      assertThat(stored.size()).isEqualTo(600_000);
    }
    assertThat(stub.content(BUCKET, "up/big.bin")).isEqualTo(content);
    assertThat(stub.chunkSizes()).containsExactly(262_144L, 262_144L, 75_712L);
    assertThat(stub.requests().stream().filter(r -> r.startsWith("POST /upload/")).count()).isEqualTo(1);
  }

  @Test
  void put_sourceFailingMidway_neverFinalizesTheSession() {
    InputStream failing = new InputStream() {
      private int sent;

      @Override
      public int read() throws IOException {
        if (sent++ >= 300_000) {
          throw new IOException("source broke");
        }
        return sent & 0xff;
      }
    };
    try (Storage storage = open("", Map.of(GcsStorageProvider.CHUNK_SIZE, "262144"))) {
      assertThatThrownBy(() -> storage.put("broken.bin", failing)).isInstanceOf(StorageException.class)
          .hasMessageContaining("broken.bin");
      assertThat(storage.contains("broken.bin")).isFalse();
    }
    assertThat(stub.content(BUCKET, "broken.bin")).isNull();
    assertThat(stub.chunkSizes()).as("the first full chunk went out, the last never did").containsExactly(262_144L);
  }

  @Test
  void copy_takingSeveralRewriteCalls_loopsUntilDone() {
    stub.put(BUCKET, "src.bin", bytes(1000, 5));
    stub.rewriteCallsPerCopy(3);
    try (Storage storage = open("", Map.of())) {
      StorageFile copy = storage.copy("src.bin", "dst.bin");
      assertThat(copy.key()).isEqualTo("dst.bin");
      assertThat(copy.size()).isEqualTo(1000);
    }
    assertThat(stub.content(BUCKET, "dst.bin")).isEqualTo(bytes(1000, 5));
    assertThat(stub.requests().stream().filter(r -> r.contains("/rewriteTo/")).count()).isEqualTo(3);
  }

  @Test
  void copy_missingSource_throwsNotFoundNamingTheSource() {
    try (Storage storage = open("", Map.of())) {
      assertThatThrownBy(() -> storage.copy("absent.bin", "dst.bin")).isInstanceOf(NotFoundException.class)
          .hasMessageContaining("absent.bin");
    }
  }

  @Test
  void get_transient503_isRetriedByTheClient() {
    stub.put(BUCKET, "r.txt", new byte[] {1, 2});
    try (Storage storage = open("", Map.of())) {
      stub.failNext(1, 503);
      assertThat(storage.get("r.txt")).get().extracting(StorageFile::size).isEqualTo(2L);
    }
    assertThat(stub.requests().stream().filter(r -> r.equals("GET /storage/v1/b/" + BUCKET + "/o/r.txt")).count())
        .as("the failed attempt and the retry").isEqualTo(2);
  }

  @Test
  void get_503WithRetriesSpent_throwsTransient() {
    try (Storage storage = open("", Map.of(org.storagekit.RetryOptions.MAX_ATTEMPTS, "1"))) {
      stub.failNext(1, 503);
      assertThatThrownBy(() -> storage.get("r.txt")).isInstanceOf(TransientException.class)
          .hasMessageContaining("r.txt").hasMessageContaining("503");
    }
  }

  @Test
  void get_403_throwsAccessDenied() {
    try (Storage storage = open("", Map.of())) {
      stub.failNext(1, 403);
      assertThatThrownBy(() -> storage.get("secret.txt")).isInstanceOf(AccessDeniedException.class)
          .hasMessageContaining("secret.txt");
    }
  }

  @Test
  void openAndDelete_missingObject_notFoundAndNoError() {
    try (Storage storage = open("", Map.of())) {
      assertThatThrownBy(() -> storage.open("missing.txt")).isInstanceOf(NotFoundException.class)
          .hasMessageContaining("missing.txt");
      storage.delete("missing.txt");
      assertThat(storage.remove("missing.txt")).isFalse();
    }
  }

  @Test
  void delete_existing_removesIt() {
    stub.put(BUCKET, "gone.txt", new byte[] {1});
    try (Storage storage = open("", Map.of())) {
      assertThat(storage.remove("gone.txt")).isTrue();
    }
    assertThat(stub.content(BUCKET, "gone.txt")).isNull();
    assertThat(stub.requests()).contains("DELETE /storage/v1/b/" + BUCKET + "/o/gone.txt");
  }
}
