package org.storagekit.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.storagekit.Checksum;
import org.storagekit.IntegrityException;
import org.storagekit.Storage;
import org.storagekit.StorageException;
import org.storagekit.StorageFile;
import org.storagekit.spi.ReadRequest;
import org.storagekit.spi.WriteRequest;

/** Behaviour of the engine that the TCK cannot provoke on a healthy backend. */
class SharedMachineryTest {
  @TempDir Path tmp;

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void getFile_checksumMismatch_failsNamingKeyAndWritesNothing() throws IOException {
    Storage corrupt = new InMemoryBackend(InMemoryBackend.newBucket(), "corrupt", InMemoryStorageTckTest.ALL, 100) {
      @Override
      public Optional<Checksum> expectedChecksum(StorageFile meta) {
        return Optional.of(Checksum.ofHex(Checksum.Algorithm.MD5, "00112233445566778899aabbccddeeff"));
      }
    }.storage();
    corrupt.put("k.txt", new ByteArrayInputStream(utf8("payload")));
    Path target = Files.writeString(tmp.resolve("k.txt"), "previous");
    assertThatThrownBy(() -> corrupt.getFile("k.txt", target))
        .isInstanceOfSatisfying(IntegrityException.class, e -> {
          assertThat(e.key()).contains("k.txt");
          assertThat(e.algorithm()).isEqualTo("MD5");
          assertThat(e.expected()).isEqualTo("00112233445566778899aabbccddeeff");
          assertThat(e.actual()).isEqualTo("321c3cf486ed509164edec1e1981fec8"); // MD5 of "payload"
        })
        .hasMessageContaining("'k.txt'")
        .hasMessageContaining("integrity check failed");
    assertThat(target).hasContent("previous");
    try (Stream<Path> files = Files.list(tmp)) {
      assertThat(files).containsExactly(target);
    }
  }

  @Test
  void getFile_shortDownload_failsOnSize() {
    Storage truncating = new InMemoryBackend(InMemoryBackend.newBucket(), "short", InMemoryStorageTckTest.ALL, 100) {
      @Override
      public InputStream read(ReadRequest request) {
        return new ByteArrayInputStream(utf8("pay")); // fewer bytes than stored
      }
    }.storage();
    truncating.put("k.txt", new ByteArrayInputStream(utf8("payload")));
    assertThatThrownBy(() -> truncating.getFile("k.txt", tmp.resolve("out")))
        .isInstanceOfSatisfying(IntegrityException.class, e -> assertThat(e.algorithm()).isEqualTo("size"))
        .hasMessageContaining("expected size 7 bytes but the transferred bytes have 3 bytes");
    assertThat(tmp.resolve("out")).doesNotExist();
  }

  @Test
  void addDirectory_someUploadsFail_othersFinishAndEveryFailedKeyIsNamed() throws IOException {
    Storage failing = new InMemoryBackend(InMemoryBackend.newBucket(), "fail", InMemoryStorageTckTest.ALL, 100) {
      @Override
      public StorageFile write(WriteRequest request) throws IOException {
        if (request.name().contains("bad")) {
          throw new IOException("refused " + request.name());
        }
        return super.write(request);
      }
    }.storage();
    Path dir = Files.createDirectories(tmp.resolve("d"));
    Files.writeString(dir.resolve("good1.txt"), "1");
    Files.writeString(dir.resolve("bad1.txt"), "2");
    Files.writeString(dir.resolve("good2.txt"), "3");
    Files.writeString(dir.resolve("bad2.txt"), "4");
    assertThatThrownBy(() -> failing.addDirectory(dir, "up"))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("2 file(s) failed to upload")
        .hasMessageContaining("up/bad1.txt")
        .hasMessageContaining("up/bad2.txt");
    assertThat(failing.contains("up/good1.txt")).isTrue();
    assertThat(failing.contains("up/good2.txt")).isTrue();
    failing.flush(); // directory failures were reported by addDirectory, not again by flush
  }

  @Test
  void getAllFiles_throughSymbolicLinkInsideTarget_isRefused() throws IOException {
    Storage s = InMemoryBackend.open(InMemoryBackend.newBucket(), "links", InMemoryStorageTckTest.ALL);
    s.put("link/x.txt", new ByteArrayInputStream(utf8("x")));
    Path target = Files.createDirectories(tmp.resolve("target"));
    Path outside = Files.createDirectories(tmp.resolve("outside"));
    Files.createSymbolicLink(target.resolve("link"), outside);
    assertThatThrownBy(() -> s.getAllFiles(target)).hasMessageContaining("symbolic link");
    assertThat(outside.resolve("x.txt")).doesNotExist();
  }

  /** A server that turns out not to implement batch deletes: learnt from the first batch, never asked again. */
  @Test
  void deleteAll_batchRefusedByTheServer_deletesOneKeyARequest_andNeverBatchesAgain() {
    java.util.concurrent.atomic.AtomicInteger batches = new java.util.concurrent.atomic.AtomicInteger();
    java.util.concurrent.atomic.AtomicInteger singles = new java.util.concurrent.atomic.AtomicInteger();
    java.util.concurrent.atomic.AtomicBoolean refused = new java.util.concurrent.atomic.AtomicBoolean();
    Storage storage = new InMemoryBackend(InMemoryBackend.newBucket(), "no-batch", InMemoryStorageTckTest.ALL, 100) {
      @Override
      public int deleteBatchSize() {
        return refused.get() ? 0 : 2;
      }

      @Override
      public java.util.Map<String, Throwable> deleteBatch(java.util.List<String> names) {
        batches.incrementAndGet();
        refused.set(true);
        throw new UnsupportedOperationException("no batches here");
      }

      @Override
      public void delete(String name) {
        singles.incrementAndGet();
        super.delete(name);
      }
    }.storage();
    for (String k : java.util.List.of("a", "b", "c", "d", "e")) {
      storage.put(k, new ByteArrayInputStream(utf8(k)));
    }

    assertThat(storage.deleteAll(java.util.List.of("a", "b", "c")).deleted()).isEqualTo(3);
    assertThat(storage.deleteAll(java.util.List.of("d", "e", "missing")).deleted()).isEqualTo(3);

    assertThat(batches).hasValue(1);
    assertThat(singles).hasValue(6);
    assertThat(storage.list()).isEmpty();
  }
}
