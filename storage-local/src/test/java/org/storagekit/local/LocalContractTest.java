package org.storagekit.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.storagekit.Capability;
import org.storagekit.Checksum;
import org.storagekit.Precondition;
import org.storagekit.PreconditionFailedException;
import org.storagekit.Storage;
import org.storagekit.StorageEntry;
import org.storagekit.StorageFile;
import org.storagekit.StorageOptions;
import org.storagekit.WriteOptions;
import org.storagekit.spi.StorageContext;
import org.storagekit.spi.StorageEngine;

/** The local backend's part of contract 0.2: stat, metadata, conditional writes and reads, folders. */
class LocalContractTest {
  @TempDir Path root;
  @TempDir Path local;
  private Storage s;

  @BeforeEach
  void open() {
    s = LocalStorageConfig.builder(root).build().open();
  }

  @AfterEach
  void close() {
    s.close();
  }

  private static InputStream bytes(String text) {
    return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
  }

  private static Checksum crc32c(String text) {
    Checksum.Hasher h = Checksum.hasher(Checksum.Algorithm.CRC32C);
    byte[] b = text.getBytes(StandardCharsets.UTF_8);
    h.update(b, 0, b.length);
    return h.finish();
  }

  /** Every file below the root, StorageKit's hidden temp and lock files included. */
  private List<String> onDisk() throws IOException {
    try (Stream<Path> walk = Files.walk(root)) {
      return walk.filter(p -> !p.equals(root)).map(p -> root.relativize(p).toString()).sorted().toList();
    }
  }

  @Test
  void stat_returnsTheRecordedChecksumHeadersAndMetadata_andWriteDescribesTheSame() {
    assertThat(s.capabilities()).contains(Capability.METADATA, Capability.CONDITIONAL_WRITE)
        .doesNotContain(Capability.PRESIGN);
    WriteOptions options = WriteOptions.builder().contentType("text/x-note; charset=utf-8")
        .cacheControl("max-age=60").contentDisposition("attachment; filename=\"n.txt\"").contentEncoding("identity")
        .metadata("owner", "ann").metadata("tag", "a=b; c").build();
    StorageFile written = s.put("n.txt", bytes("note"), options, org.storagekit.ProgressListener.none());
    StorageFile stat = s.get("n.txt").orElseThrow();
    assertThat(stat).isEqualTo(written);
    assertThat(stat.checksums()).containsExactly(crc32c("note"));
    assertThat(stat.contentType()).contains("text/x-note; charset=utf-8");
    assertThat(stat.cacheControl()).contains("max-age=60");
    assertThat(stat.contentDisposition()).contains("attachment; filename=\"n.txt\"");
    assertThat(stat.contentEncoding()).contains("identity");
    assertThat(stat.metadata()).isEqualTo(Map.of("owner", "ann", "tag", "a=b; c"));
    try (Stream<StorageFile> listed = s.list()) {
      StorageFile l = listed.findFirst().orElseThrow();
      assertThat(l.etag()).isEqualTo(stat.etag());
      assertThat(l.checksums()).as("a listing carries what the walk gives").isEmpty();
      assertThat(l.contentType()).isEmpty();
    }
  }

  @Test
  void stat_guessesNoTypeForForeignFiles_andDropsAStaleChecksumButKeepsMetadata() throws IOException {
    s.put("a.json", bytes("{}"), WriteOptions.builder().metadata("k", "v").build(),
        org.storagekit.ProgressListener.none());
    assertThat(s.get("a.json").orElseThrow().contentType()).contains("application/json");
    Files.writeString(root.resolve("a.json"), "{\"rewritten\":1}");
    Files.setLastModifiedTime(root.resolve("a.json"), FileTime.fromMillis(System.currentTimeMillis() + 5000));
    s.update();
    StorageFile rewritten = s.get("a.json").orElseThrow();
    assertThat(rewritten.checksums()).as("the record no longer belongs to the bytes").isEmpty();
    assertThat(rewritten.metadata()).containsEntry("k", "v");
    Files.writeString(root.resolve("foreign.txt"), "by another tool");
    assertThat(s.get("foreign.txt").orElseThrow().contentType()).isEmpty();
    assertThat(s.get("foreign.txt").orElseThrow().checksums()).isEmpty();
  }

  @Test
  void copy_keepsTheSourcesHeaders_unlessTheOptionsSetThem() {
    s.put("src.bin", bytes("x"), WriteOptions.builder().contentType("image/png").metadata("a", "1").build(),
        org.storagekit.ProgressListener.none());
    StorageFile kept = s.copy("src.bin", "kept.bin");
    assertThat(kept.contentType()).contains("image/png");
    assertThat(s.get("kept.bin").orElseThrow().metadata()).isEqualTo(Map.of("a", "1"));
    StorageFile replaced = s.copy("src.bin", "new.txt", WriteOptions.builder().metadata("b", "2").build());
    assertThat(replaced.contentType()).as("guessed for the target").contains("text/plain");
    assertThat(s.get("new.txt").orElseThrow().metadata()).isEqualTo(Map.of("b", "2"));
    assertThat(s.get("new.txt").orElseThrow().checksums()).containsExactly(crc32c("x"));
  }

  @Test
  void withoutUserAttributes_metadataIsRefused_andPlainWritesStillVerify() throws IOException {
    StorageContext context = StorageContext.of(root.toUri(), "", StorageOptions.defaults());
    try (Storage plain = StorageEngine.open(context, new LocalBackend(context, root, false))) {
      assertThat(plain.capabilities()).doesNotContain(Capability.METADATA).contains(Capability.CONDITIONAL_WRITE);
      assertThatThrownBy(() -> plain.put("m.txt", bytes("x"), WriteOptions.builder().metadata("a", "b").build(),
          org.storagekit.ProgressListener.none())).isInstanceOf(UnsupportedOperationException.class);
      assertThat(onDisk()).isEmpty();
      StorageFile f = plain.put("p.txt", bytes("plain"));
      assertThat(f.contentType()).isEmpty();
      assertThat(plain.get("p.txt").orElseThrow().checksums()).isEmpty();
      assertThat(plain.open("p.txt").readAllBytes()).isEqualTo("plain".getBytes(StandardCharsets.UTF_8));
    }
  }

  @Test
  void ifNotExists_createsOnce_andAFailureLeavesNothing() throws IOException {
    StorageFile first = s.put("d/once.txt", bytes("first"), WriteOptions.ifNotExists(),
        org.storagekit.ProgressListener.none());
    assertThat(first.size()).isEqualTo(5);
    assertThatThrownBy(() -> s.put("d/once.txt", bytes("second"), WriteOptions.ifNotExists(),
        org.storagekit.ProgressListener.none()))
        .isInstanceOf(PreconditionFailedException.class).hasMessageContaining("d/once.txt");
    assertThat(Files.readString(root.resolve("d/once.txt"))).isEqualTo("first");
    assertThat(s.get("d/once.txt").orElseThrow()).isEqualTo(first);
    assertThat(onDisk()).as("no temp or lock file left").containsExactly("d", "d/once.txt");
  }

  @Test
  void ifMatch_swapsOnlyTheFileItNames_andAFailureLeavesNoFolder() throws IOException {
    StorageFile v1 = s.put("k.txt", bytes("v1"));
    StorageFile v2 = s.put("k.txt", bytes("v2"), WriteOptions.of(Precondition.ifMatch(v1)),
        org.storagekit.ProgressListener.none());
    assertThat(v2.etag()).isNotEqualTo(v1.etag());
    assertThatThrownBy(() -> s.put("k.txt", bytes("v3"), WriteOptions.of(Precondition.ifMatch(v1)),
        org.storagekit.ProgressListener.none())).isInstanceOf(PreconditionFailedException.class);
    assertThat(Files.readString(root.resolve("k.txt"))).isEqualTo("v2");
    assertThatThrownBy(() -> s.put("new/deep/k.txt", bytes("x"), WriteOptions.of(Precondition.ifMatch("1-2-3")),
        org.storagekit.ProgressListener.none())).isInstanceOf(PreconditionFailedException.class);
    assertThat(onDisk()).as("the folders made for the temp file are pruned").containsExactly("k.txt");
    try (Stream<StorageEntry> top = s.listFolder("")) {
      assertThat(top).extracting(StorageEntry::key).containsExactly("k.txt");
    }
  }

  @Test
  void ifMatch_racingWriters_exactlyOneWins_acrossStorageInstances() throws Exception {
    String etag = s.put("race/cas.txt", bytes("start")).etag().orElseThrow();
    try (Storage other = LocalStorageConfig.builder(root.resolve("race")).build().open()) {
      ExecutorService pool = Executors.newFixedThreadPool(8);
      CountDownLatch go = new CountDownLatch(1);
      List<Future<Boolean>> results = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        Storage target = i % 2 == 0 ? s : other;
        String key = i % 2 == 0 ? "race/cas.txt" : "cas.txt";
        String content = "writer " + i;
        results.add(pool.submit(() -> {
          go.await();
          try {
            target.put(key, bytes(content), WriteOptions.of(Precondition.ifMatch(etag)),
                org.storagekit.ProgressListener.none());
            return true;
          } catch (PreconditionFailedException e) {
            return false;
          }
        }));
      }
      go.countDown();
      int wins = 0;
      for (Future<Boolean> r : results) {
        wins += r.get() ? 1 : 0;
      }
      pool.shutdown();
      assertThat(wins).isEqualTo(1);
      assertThat(Files.readString(root.resolve("race/cas.txt"))).startsWith("writer ");
      assertThat(onDisk()).containsExactly("race", "race/cas.txt");
    }
  }

  @Test
  void conditionalRead_readsOnlyTheFileDescribed() throws IOException {
    StorageFile v1 = s.put("r.txt", bytes("one"));
    try (InputStream in = s.open("r.txt", Precondition.ifMatch(v1))) {
      assertThat(in.readAllBytes()).isEqualTo("one".getBytes(StandardCharsets.UTF_8));
    }
    s.put("r.txt", bytes("two"));
    assertThatThrownBy(() -> s.open("r.txt", Precondition.ifMatch(v1))).isInstanceOf(PreconditionFailedException.class);
    assertThatThrownBy(() -> s.getFile("r.txt", local.resolve("out.txt"), Precondition.ifMatch(v1),
        org.storagekit.ProgressListener.none())).isInstanceOf(PreconditionFailedException.class);
  }

  @Test
  void listFolder_showsDirectoriesOnlyWhileAFileIsBelow() throws IOException {
    s.put("a/b/c.txt", bytes("c"));
    s.put("a/d.txt", bytes("d"));
    s.put("top.txt", bytes("t"));
    Files.createDirectories(root.resolve("a/empty/deeper"));
    Files.createDirectories(root.resolve("leftover"));
    Files.writeString(root.resolve("leftover/.storagekit-x.1.part"), "a crashed write");
    try (Stream<StorageEntry> top = s.listFolder("")) {
      assertThat(top).extracting(StorageEntry::key).containsExactly("a/", "top.txt");
    }
    try (Stream<StorageEntry> a = s.listFolder("a")) {
      assertThat(a).extracting(StorageEntry::key).containsExactly("a/b/", "a/d.txt");
    }
    try (Stream<StorageEntry> a = s.listFolder("a/", "a/b/")) {
      assertThat(a).extracting(StorageEntry::key).containsExactly("a/d.txt");
    }
    s.delete("a/b/c.txt");
    assertThat(root.resolve("a/b")).as("pruned on delete").doesNotExist();
    try (Stream<StorageFile> files = s.list("", "a/d.txt")) {
      assertThat(files).extracting(StorageFile::key).containsExactly("top.txt");
    }
  }
}
