package org.storagekit.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.storagekit.Capability;
import org.storagekit.FlushException;
import org.storagekit.Precondition;
import org.storagekit.PreconditionFailedException;
import org.storagekit.ProgressListener;
import org.storagekit.Storage;
import org.storagekit.StorageException;
import org.storagekit.StorageFile;
import org.storagekit.WriteOptions;

/** §18 Conditional writes and reads: create-only, compare-and-swap on the ETag, exact everywhere. */
abstract class ConditionalSection extends TckSection {
  private static final WriteOptions CREATE_ONLY = WriteOptions.ifNotExists();

  private void assertUnchanged(String key, byte[] expected) {
    assertThat(read(open(), key)).as("§18: a failed condition changes nothing of '%s'", key).isEqualTo(expected);
  }

  @Test
  void spec18_1_ifNotExists_createsWhenAbsent_andFailsWhenPresent_onEveryWritePath() {
    requires(Capability.CONDITIONAL_WRITE);
    Path file = writeLocal(local.resolve("new.txt"), utf8("second"));
    storage.put("once.txt", new ByteArrayInputStream(utf8("first")), CREATE_ONLY, ProgressListener.none());
    assertThat(read(open(), "once.txt")).isEqualTo(utf8("first"));
    List<Runnable> writes = List.of(
        () -> storage.put("once.txt", new ByteArrayInputStream(utf8("second")), CREATE_ONLY, ProgressListener.none()),
        () -> storage.put("once.txt", file, CREATE_ONLY),
        () -> open().put("once.txt", file, CREATE_ONLY));
    for (Runnable w : writes) {
      assertThatThrownBy(w::run).as("§18.1: create-only on an existing key")
          .isInstanceOf(PreconditionFailedException.class)
          .satisfies(e -> assertThat(((StorageException) e).key()).contains("once.txt"));
    }
    CompletableFuture<StorageFile> background = storage.addFile(file, "once.txt", CREATE_ONLY, ProgressListener.none());
    assertThatThrownBy(storage::flush).as("§18.1: a background create-only failure reaches flush")
        .isInstanceOf(FlushException.class).hasMessageContaining("once.txt");
    assertThat(background).isCompletedExceptionally();
    assertUnchanged("once.txt", utf8("first"));
  }

  @Test
  void spec18_1_ifNotExists_onCopy_refusesAnExistingTarget() {
    requires(Capability.CONDITIONAL_WRITE);
    requires(Capability.COPY);
    putBytes("src.txt", utf8("source"));
    putBytes("dst.txt", utf8("target"));
    assertThatThrownBy(() -> storage.copy("src.txt", "dst.txt", CREATE_ONLY))
        .isInstanceOf(PreconditionFailedException.class);
    assertUnchanged("dst.txt", utf8("target"));
    storage.copy("src.txt", "fresh.txt", CREATE_ONLY);
    assertThat(read(open(), "fresh.txt")).isEqualTo(utf8("source"));
  }

  @Test
  void spec18_3_ifNotExists_isExactOnMultipartAndStreamUploads() {
    requires(Capability.CONDITIONAL_WRITE);
    long size = fixture.largeFileSize();
    Path large = TckData.file(local.resolve("large.bin"), size, 91);
    putBytes("big.bin", utf8("small original"));
    assertThatThrownBy(() -> storage.put("big.bin", large, CREATE_ONLY))
        .as("§18.3: the condition holds on the multipart commit").isInstanceOf(PreconditionFailedException.class);
    assertThatThrownBy(() -> storage.put("big.bin", TckData.stream(size, 92), CREATE_ONLY, ProgressListener.none()))
        .as("§18.3: and on a stream of unknown length").isInstanceOf(PreconditionFailedException.class);
    assertUnchanged("big.bin", utf8("small original"));
    storage.put("big-new.bin", large, CREATE_ONLY);
    assertThat(TckData.sha256(open().open("big-new.bin"))).isEqualTo(TckData.sha256(size, 91));
    assertThat(keys(open())).containsExactlyInAnyOrder("big.bin", "big-new.bin");
  }

  @Test
  void spec18_3_racingCreateOnlyWriters_exactlyOneWins() throws Exception {
    requires(Capability.CONDITIONAL_WRITE);
    int writers = 4;
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Boolean>> results = new ArrayList<>();
    try {
      for (int i = 0; i < writers; i++) {
        byte[] mine = utf8("writer " + i);
        Storage own = open();
        results.add(pool.submit(() -> {
          start.await();
          try {
            own.put("race.txt", new ByteArrayInputStream(mine), CREATE_ONLY, ProgressListener.none());
            return true;
          } catch (PreconditionFailedException e) {
            return false;
          }
        }));
      }
      start.countDown();
      int won = 0;
      for (Future<Boolean> r : results) {
        won += r.get(120, TimeUnit.SECONDS) ? 1 : 0;
      }
      assertThat(won).as("§18.3: of racing create-only writers, exactly one succeeds").isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
    assertThat(new String(read(open(), "race.txt"), java.nio.charset.StandardCharsets.UTF_8)).startsWith("writer ");
  }

  @Test
  void spec18_2_ifMatch_replacesOnlyTheFileWithThatEtag() {
    requires(Capability.CONDITIONAL_WRITE);
    StorageFile first = putBytes("cas.txt", utf8("v1"));
    String etag = open().get("cas.txt").orElseThrow().etag().orElseThrow();
    assertThat(first.etag()).as("§18.2: put returns the ETag that ifMatch compares").contains(etag);
    StorageFile second = storage.put("cas.txt", new ByteArrayInputStream(utf8("v2")),
        WriteOptions.builder().ifMatch(etag).build(), ProgressListener.none());
    assertThat(read(open(), "cas.txt")).isEqualTo(utf8("v2"));
    Storage other = open();
    assertThatThrownBy(() -> other.put("cas.txt", new ByteArrayInputStream(utf8("v3")),
        WriteOptions.builder().ifMatch(etag).build(), ProgressListener.none()))
        .as("§18.2: a stale ETag fails").isInstanceOf(PreconditionFailedException.class)
        .satisfies(e -> assertThat(((StorageException) e).key()).contains("cas.txt"));
    assertUnchanged("cas.txt", utf8("v2"));
    assertThatThrownBy(() -> storage.put("absent.txt", new ByteArrayInputStream(utf8("x")),
        WriteOptions.builder().ifMatch(etag).build(), ProgressListener.none()))
        .as("§18.2: nothing to match is a failed condition").isInstanceOf(PreconditionFailedException.class);
    assertThat(open().contains("absent.txt")).isFalse();
    storage.put("cas.txt", TckData.file(local.resolve("l.bin"), fixture.largeFileSize(), 93),
        WriteOptions.builder().ifMatch(second.etag().orElseThrow()).build());
    assertThat(open().get("cas.txt").orElseThrow().size()).as("§18.3: ifMatch on a multipart commit")
        .isEqualTo(fixture.largeFileSize());
  }

  @Test
  void spec18_4_readConditions_readOnlyTheFileWithThatEtag() throws IOException {
    requires(Capability.CONDITIONAL_WRITE);
    putBytes("r.txt", utf8("one"));
    StorageFile current = open().get("r.txt").orElseThrow();
    try (var in = storage.open("r.txt", Precondition.ifMatch(current))) {
      assertThat(in.readAllBytes()).isEqualTo(utf8("one"));
    }
    Path target = storage.getFile("r.txt", local.resolve("r.txt"), Precondition.ifMatch(current),
        ProgressListener.none());
    assertThat(readLocal(target)).isEqualTo(utf8("one"));
    putBytes("r.txt", utf8("two, longer"));
    Storage reader = open();
    assertThatThrownBy(() -> reader.open("r.txt", Precondition.ifMatch(current)).close())
        .as("§18.4: open of a changed file fails").isInstanceOf(PreconditionFailedException.class);
    Path other = local.resolve("other.txt");
    assertThatThrownBy(() -> reader.getFile("r.txt", other, Precondition.ifMatch(current), ProgressListener.none()))
        .as("§18.4: getFile of a changed file fails").isInstanceOf(PreconditionFailedException.class);
    assertThat(other).as("§18.4: and writes nothing").doesNotExist();
    assertThatThrownBy(() -> reader.open("r.txt", Precondition.ifNotExists()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void spec18_5_addDirectory_ifNotExists_failsOnlyTheExistingFiles() throws IOException {
    requires(Capability.CONDITIONAL_WRITE);
    Path dir = Files.createDirectories(local.resolve("tree"));
    writeLocal(dir.resolve("old.txt"), utf8("new content"));
    writeLocal(dir.resolve("sub/new.txt"), utf8("fresh"));
    putBytes("tree/old.txt", utf8("kept"));
    assertThatThrownBy(() -> storage.addDirectory(dir, "tree", CREATE_ONLY, ProgressListener.none()))
        .as("§18.5: the existing file fails, named").isInstanceOf(StorageException.class)
        .hasMessageContaining("old.txt");
    assertUnchanged("tree/old.txt", utf8("kept"));
    assertThat(read(open(), "tree/sub/new.txt")).as("§18.5: the others are uploaded").isEqualTo(utf8("fresh"));
    assertThatThrownBy(() -> storage.addDirectory(dir, "tree", WriteOptions.builder().ifMatch("x").build(),
        ProgressListener.none())).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void spec13_3_withoutConditionalWrite_preconditionsThrowUnsupportedAndChangeNothing() {
    requiresAbsent(Capability.CONDITIONAL_WRITE);
    requires(Capability.WRITE);
    putBytes("c.txt", utf8("kept"));
    StorageFile current = storage.get("c.txt").orElseThrow();
    List<Runnable> calls = new ArrayList<>(List.of(
        () -> storage.put("c.txt", new ByteArrayInputStream(utf8("x")), CREATE_ONLY, ProgressListener.none()),
        () -> storage.put("new.txt", new ByteArrayInputStream(utf8("x")), CREATE_ONLY, ProgressListener.none()),
        () -> storage.addFile(new ByteArrayInputStream(utf8("x")), "new.txt", CREATE_ONLY),
        () -> storage.addDirectory(local, "d", CREATE_ONLY, ProgressListener.none())));
    current.etag().ifPresent(etag -> calls.add(() -> storage.open("c.txt", Precondition.ifMatch(etag))));
    for (Runnable call : calls) {
      assertThatThrownBy(call::run).as("§13.3: conditions are a capability")
          .isInstanceOf(UnsupportedOperationException.class);
    }
    storage.flush();
    assertThat(keys(open())).containsExactly("c.txt");
    assertUnchanged("c.txt", utf8("kept"));
  }
}
