package org.storagekit.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.storagekit.Capability;
import org.storagekit.Storage;
import org.storagekit.StorageException;
import org.storagekit.StorageFile;

/** §5 Writing: {@code put} and {@code addFile}. */
abstract class WritingSection extends TckSection {
  @Test
  void spec5_1_putLocalFile_roundTripsAndDescribesTheFile() {
    requires(Capability.WRITE);
    Path file = writeLocal(local.resolve("src.bin"), TckData.bytes(123_456, 5));
    StorageFile stored = storage.put("put/src.bin", file);
    assertThat(stored.key()).isEqualTo("put/src.bin");
    assertThat(stored.size()).isEqualTo(123_456);
    assertThat(read(storage, "put/src.bin")).isEqualTo(readLocal(file));
  }

  @Test
  void spec5_2_putStream_unknownLength_roundTrips() {
    requires(Capability.WRITE);
    long size = 3 * MIB + 17;
    StorageFile stored = storage.put("stream.bin", TckData.stream(size, 6));
    assertThat(stored.size()).isEqualTo(size);
    assertThat(TckData.sha256(storage.open("stream.bin"))).isEqualTo(TckData.sha256(size, 6));
  }

  @Test
  void spec5_2_emptyFile_roundTripsFromPathAndStream() {
    requires(Capability.WRITE);
    Path empty = writeLocal(local.resolve("empty"), new byte[0]);
    assertThat(storage.put("empty/from-path", empty).size()).isZero();
    assertThat(storage.put("empty/from-stream", InputStream.nullInputStream()).size()).isZero();
    try (Stream<StorageFile> files = storage.list("empty/")) {
      assertThat(files).extracting(StorageFile::size).containsExactly(0L, 0L);
    }
    Path got = storage.getFile("empty/from-stream", local.resolve("got-empty"));
    assertThat(readLocal(got)).isEmpty();
    assertThat(read(storage, "empty/from-path")).isEmpty();
  }

  @Test
  void spec5_2_largeFileAboveMultipartThreshold_roundTripsFromPathAndStream() {
    requires(Capability.WRITE);
    long size = fixture.largeFileSize();
    Path file = TckData.file(local.resolve("large.bin"), size, 7);
    StorageFile stored = storage.put("large/from-path.bin", file);
    assertThat(stored.size()).isEqualTo(size);
    Path back = storage.getFile("large/from-path.bin", local.resolve("large-back.bin"));
    assertThat(TckData.sha256(back)).isEqualTo(TckData.sha256(file));
    assertThat(storage.put("large/from-stream.bin", TckData.stream(size, 8)).size()).isEqualTo(size);
    assertThat(TckData.sha256(storage.open("large/from-stream.bin"))).isEqualTo(TckData.sha256(size, 8));
  }

  @Test
  void spec5_3_putStream_failingMidway_leavesNoPartialFileAndKeepsThePrevious() {
    requires(Capability.WRITE);
    putBytes("kept.txt", utf8("version 1"));
    assertThatThrownBy(() -> storage.put("kept.txt", TckData.failingAfter(10_000, 9)))
        .as("§5.3: a failed source fails the put").isInstanceOf(StorageException.class);
    assertThatThrownBy(() -> storage.put("fresh.txt", TckData.failingAfter(10_000, 9)))
        .isInstanceOf(StorageException.class);
    Storage other = open();
    assertThat(read(other, "kept.txt")).as("§5.3: the previous file survives").isEqualTo(utf8("version 1"));
    assertThat(other.contains("fresh.txt")).as("§5.3: no partial file").isFalse();
    assertThat(keys(other)).containsExactly("kept.txt");
  }

  @Test
  void spec5_3_largePutStream_failingAfterThreshold_leavesNoPartialFile() {
    requires(Capability.WRITE);
    assertThatThrownBy(() -> storage.put("large-fail.bin", TckData.failingAfter(fixture.largeFileSize(), 10)))
        .isInstanceOf(StorageException.class);
    assertThat(keys(open())).as("§5.3: no partial file, even past the multipart threshold").isEmpty();
  }

  @Test
  void spec5_4_put_overwrite_replacesContentAndSize() {
    requires(Capability.WRITE);
    putBytes("over.txt", utf8("first, longer version"));
    putBytes("over.txt", utf8("second"));
    assertThat(read(storage, "over.txt")).isEqualTo(utf8("second"));
    assertThat(storage.get("over.txt")).get().extracting(StorageFile::size).isEqualTo(6L);
    try (Stream<StorageFile> files = open().list()) {
      assertThat(files).extracting(StorageFile::key, StorageFile::size)
          .containsExactly(org.assertj.core.groups.Tuple.tuple("over.txt", 6L));
    }
  }

  @Test
  void spec5_5_addFile_returnsFutureThatCompletesWithTheStoredFile() {
    requires(Capability.WRITE);
    Path file = writeLocal(local.resolve("bg.txt"), utf8("background"));
    CompletableFuture<StorageFile> future = storage.addFile(file, "bg/bg.txt");
    StorageFile stored = future.join();
    assertThat(stored.key()).isEqualTo("bg/bg.txt");
    assertThat(stored.size()).isEqualTo(10);
    assertThat(read(open(), "bg/bg.txt")).isEqualTo(utf8("background"));
  }

  @Test
  void spec5_6_addFileStream_takesOwnershipAndClosesTheStream() {
    requires(Capability.WRITE);
    AtomicBoolean closed = new AtomicBoolean();
    storage.addFile(TckData.recordingClose(new ByteArrayInputStream(utf8("owned")), closed), "owned.txt").join();
    assertThat(closed).as("§5.6: the storage closes a stream it was given").isTrue();
    assertThat(read(storage, "owned.txt")).isEqualTo(utf8("owned"));
  }

  @Test
  void spec5_7_addFile_notARegularFile_throwsAtOnce() throws IOException {
    requires(Capability.WRITE);
    Path dir = Files.createDirectories(local.resolve("a-dir"));
    assertThatThrownBy(() -> storage.addFile(dir, "x")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(dir.toString());
    Path missing = local.resolve("missing");
    assertThatThrownBy(() -> storage.addFile(missing, "x")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(missing.toString());
    assertThatThrownBy(() -> storage.put("x", missing)).isInstanceOf(IllegalArgumentException.class);
    storage.flush();
    assertThat(keys(storage)).isEmpty();
  }

  @Test
  void spec5_8_concurrentAdds_allLandIntact() throws Exception {
    requires(Capability.WRITE);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> jobs = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        int thread = t;
        jobs.add(pool.submit(() -> {
          for (int i = 0; i < 10; i++) {
            String key = "conc/" + thread + "/" + i;
            if (i % 2 == 0) {
              putBytes(key, TckData.bytes(1000 + i, thread * 100L + i));
            } else {
              storage.addFile(new ByteArrayInputStream(TckData.bytes(1000 + i, thread * 100L + i)), key);
            }
          }
          return null;
        }));
      }
      for (Future<?> job : jobs) {
        job.get(5, TimeUnit.MINUTES);
      }
    } finally {
      pool.shutdownNow();
    }
    storage.flush();
    Storage other = open();
    assertThat(keys(other)).hasSize(80);
    for (int t = 0; t < 8; t++) {
      for (int i = 0; i < 10; i++) {
        assertThat(read(other, "conc/" + t + "/" + i)).isEqualTo(TckData.bytes(1000 + i, t * 100L + i));
      }
    }
  }
}
