package org.storagekit.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.storagekit.Capability;
import org.storagekit.TransferSummary;
import org.storagekit.UnsafeKeyException;

/** §4 Getting all files: {@code getAllFiles}. */
abstract class GetAllFilesSection extends TckSection {
  @Test
  void spec4_1_getAllFiles_keepsHierarchy_overwritesSameNames_leavesOthers() {
    requires(Capability.WRITE);
    putBytes("a.txt", utf8("new a"));
    putBytes("d/b.txt", utf8("b"));
    putBytes("d/e/c.txt", utf8("c"));
    Path dir = local.resolve("out");
    writeLocal(dir.resolve("a.txt"), utf8("old a"));
    writeLocal(dir.resolve("keep.txt"), utf8("keep"));
    TransferSummary summary = storage.getAllFiles(dir);
    assertThat(summary.files()).isEqualTo(3);
    assertThat(summary.bytes()).isEqualTo(7);
    assertThat(readLocal(dir.resolve("a.txt"))).as("§4.1: same name overwritten").isEqualTo(utf8("new a"));
    assertThat(readLocal(dir.resolve("keep.txt"))).as("§4.1: other files left alone").isEqualTo(utf8("keep"));
    assertThat(readLocal(dir.resolve("d/e/c.txt"))).isEqualTo(utf8("c"));
    assertThat(filesUnder(dir)).hasSize(4);
  }

  @ParameterizedTest
  @ValueSource(strings = {"../escape", "a/../../escape", "/etc/escape", "C:\\escape", "..\\escape", "sub/../../../escape"})
  void spec4_2_getAllFiles_keyResolvingOutside_isRefusedAndNothingWrittenOutside(String rawKey) {
    writeRawKeyOrSkip("the raw key '" + rawKey + "'", rawKey, utf8("escaped!"));
    try {
      requires(Capability.WRITE);
      putBytes("a-first.txt", utf8("first"));
      putBytes("fine.txt", utf8("fine"));
      putBytes("z/last.txt", utf8("last"));
      assertThat(keys(open())).as("§2.5: a raw key is listed as stored").contains(rawKey);
      Path target = local.resolve("inner/target");
      Throwable thrown = catchThrowable(() -> open().getAllFiles(target));
      assertThat(thrown).as("§4.2: the raw key '%s' must be refused", rawKey).isInstanceOf(UnsafeKeyException.class);
      UnsafeKeyException unsafe = (UnsafeKeyException) thrown;
      assertThat(unsafe.key()).as("§4.2: the error names the key").isPresent();
      assertThat(thrown.getMessage()).contains(unsafe.key().get());
      assertThat(unsafe.refused()).as("§4.2: every refused key is named").containsExactly(rawKey);
      assertSafeFilesDownloaded(target, unsafe, rawKey);
      assertNothingOutside(target);
    } finally {
      fixture.deleteRawKey(prefix, rawKey);
    }
  }

  @Test
  void spec4_2_getAllFiles_manyUnsafeKeys_everyOneNamed_everySafeFileDownloaded() {
    List<String> rawKeys = List.of("../escape1", "a/../../escape2", "sub/../../../escape3");
    List<String> written = new ArrayList<>();
    try {
      for (String rawKey : rawKeys) {
        writeRawKeyOrSkip("the raw key '" + rawKey + "'", rawKey, utf8("escaped!"));
        written.add(rawKey);
      }
      requires(Capability.WRITE);
      putBytes("a-first.txt", utf8("first"));
      putBytes("fine.txt", utf8("fine"));
      putBytes("z/last.txt", utf8("last"));
      Path target = local.resolve("inner/many");
      Throwable thrown = catchThrowable(() -> open().getAllFiles(target));
      assertThat(thrown).as("§4.2: unsafe keys must be refused").isInstanceOf(UnsafeKeyException.class);
      UnsafeKeyException unsafe = (UnsafeKeyException) thrown;
      assertThat(unsafe.refused()).as("§4.2: every refused key is named, not only the first")
          .containsExactlyInAnyOrderElementsOf(rawKeys);
      for (String rawKey : rawKeys) {
        assertThat(thrown.getMessage()).as("§4.2: the message names every refused key").contains(rawKey);
      }
      assertSafeFilesDownloaded(target, unsafe, rawKeys.toArray(String[]::new));
      assertNothingOutside(target);
    } finally {
      for (String rawKey : written) {
        fixture.deleteRawKey(prefix, rawKey);
      }
    }
  }

  private void assertSafeFilesDownloaded(Path target, UnsafeKeyException thrown, String... refused) {
    assertThat(readLocal(target.resolve("a-first.txt"))).as("§4.2: safe files are downloaded").isEqualTo(utf8("first"));
    assertThat(readLocal(target.resolve("fine.txt"))).as("§4.2: safe files are downloaded").isEqualTo(utf8("fine"));
    assertThat(readLocal(target.resolve("z/last.txt")))
        .as("§4.2: safe files listed after an unsafe key are still downloaded").isEqualTo(utf8("last"));
    assertThat(filesUnder(target)).as("§4.2: only the safe files are written").hasSize(3);
    assertThat(thrown.summary()).as("§4.2: the exception carries the summary").isPresent();
    TransferSummary summary = thrown.summary().get();
    assertThat(summary.files()).as("§4.2: the summary counts the safe files").isEqualTo(3);
    assertThat(summary.bytes()).isEqualTo(13);
    assertThat(summary.refused()).as("§4.2: the summary lists the refused keys").containsExactlyInAnyOrder(refused);
  }

  private void assertNothingOutside(Path target) {
    List<Path> outside = filesUnder(local).stream().filter(p -> !p.startsWith(target)).collect(Collectors.toList());
    assertThat(outside).as("§4.2: nothing is written outside the folder").isEmpty();
    assertThat(Path.of("/etc/escape")).doesNotExist();
  }

  @Test
  void spec4_3_getAllFiles_reportsProgressPerFile() {
    requires(Capability.WRITE);
    putBytes("p/1.bin", TckData.bytes(70_000, 4));
    putBytes("p/2.bin", new byte[0]);
    Recorder recorder = new Recorder();
    storage.getAllFiles(local.resolve("progress"), recorder);
    recorder.assertMonotonicEndingAt("p/1.bin", 70_000);
    recorder.assertMonotonicEndingAt("p/2.bin", 0);
  }
}
