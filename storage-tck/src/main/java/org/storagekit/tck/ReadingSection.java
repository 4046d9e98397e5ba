package org.storagekit.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.storagekit.Capability;
import org.storagekit.NotFoundException;

/** §3 Reading: {@code getFile} and {@code open}. */
abstract class ReadingSection extends TckSection {
  @Test
  void spec3_1_getFile_createsParentFolders() {
    requires(Capability.WRITE);
    putBytes("k.txt", utf8("hello"));
    Path target = local.resolve("new/nested/folders/out.txt");
    Path written = storage.getFile("k.txt", target);
    assertThat(written).isEqualTo(target);
    assertThat(readLocal(target)).isEqualTo(utf8("hello"));
  }

  @Test
  void spec3_2_getFile_directoryTarget_writesInsideUnderFileName() throws IOException {
    requires(Capability.WRITE);
    putBytes("some/dir/name.txt", utf8("inside"));
    Path dir = Files.createDirectories(local.resolve("existing"));
    Path written = storage.getFile("some/dir/name.txt", dir);
    assertThat(written).isEqualTo(dir.resolve("name.txt"));
    assertThat(readLocal(written)).isEqualTo(utf8("inside"));
  }

  @Test
  void spec3_2_getFile_noLocalPath_writesKeysFileNameInCurrentDirectory() throws IOException {
    requires(Capability.WRITE);
    String name = "storagekit-tck-" + UUID.randomUUID() + ".txt";
    putBytes("folder/" + name, utf8("cwd"));
    Path written = storage.getFile("folder/" + name);
    try {
      assertThat(written).isEqualTo(Path.of(name));
      assertThat(readLocal(Path.of(name))).isEqualTo(utf8("cwd"));
    } finally {
      Files.deleteIfExists(Path.of(name));
    }
  }

  @Test
  void spec3_3_missingKey_throwsNotFoundNamingStorageAndKey() {
    Throwable thrown = catchThrowable(() -> storage.getFile("no/such/file.txt", local.resolve("x")));
    assertThat(thrown).as("§3.3").isInstanceOf(NotFoundException.class)
        .hasMessageContaining("no/such/file.txt")
        .hasMessageContaining(storage.uri().toString());
    NotFoundException nf = (NotFoundException) thrown;
    assertThat(nf.key()).contains("no/such/file.txt");
    assertThat(nf.storage()).contains(storage.uri());
    assertThat(local.resolve("x")).as("§3.4: nothing written for a missing key").doesNotExist();
    assertThatThrownBy(() -> storage.open("no/such/file.txt")).isInstanceOf(NotFoundException.class)
        .hasMessageContaining("no/such/file.txt");
    assertThat(storage.get("no/such/file.txt")).isEmpty();
  }

  @Test
  void spec3_4_getFile_failingTransfer_leavesExistingFileAndNoTempFile() {
    requires(Capability.WRITE);
    putBytes("k.bin", TckData.bytes(300_000, 1));
    Path target = writeLocal(local.resolve("dl/k.bin"), utf8("previous content"));
    assertThatThrownBy(() -> storage.getFile("k.bin", target, failingListener()))
        .as("§12.3: a throwing listener aborts the transfer").isInstanceOf(RuntimeException.class);
    assertThat(readLocal(target)).as("§3.4: the existing file is replaced only on success")
        .isEqualTo(utf8("previous content"));
    assertThat(filesUnder(local.resolve("dl"))).as("§3.4: no temp file is left behind").containsExactly(target);
  }

  @Test
  void spec3_4_getFile_existingFile_isReplacedOnSuccess() {
    requires(Capability.WRITE);
    putBytes("k.txt", utf8("new"));
    Path target = writeLocal(local.resolve("k.txt"), utf8("old and longer"));
    storage.getFile("k.txt", target);
    assertThat(readLocal(target)).isEqualTo(utf8("new"));
    assertThat(filesUnder(local)).containsExactly(target);
  }

  @Test
  void spec3_6_open_returnsWholeContent() throws IOException {
    requires(Capability.WRITE);
    byte[] content = TckData.bytes(100_000, 2);
    putBytes("whole.bin", content);
    try (InputStream in = storage.open("whole.bin")) {
      assertThat(in.readAllBytes()).isEqualTo(content);
    }
  }

  @Test
  void spec3_6_openRange_returnsThatSliceAndCutsAtTheEnd() throws IOException {
    requires(Capability.WRITE);
    requires(Capability.RANGED_READ);
    byte[] content = TckData.bytes(1000, 3);
    putBytes("range.bin", content);
    try (InputStream in = storage.open("range.bin", 100, 50)) {
      assertThat(in.readAllBytes()).isEqualTo(java.util.Arrays.copyOfRange(content, 100, 150));
    }
    try (InputStream in = storage.open("range.bin", 990, 50)) {
      assertThat(in.readAllBytes()).as("§3.6: cut at the end").isEqualTo(java.util.Arrays.copyOfRange(content, 990, 1000));
    }
    try (InputStream in = storage.open("range.bin", 0, 0)) {
      assertThat(in.readAllBytes()).isEmpty();
    }
    try (InputStream in = storage.open("range.bin", 1000, 10)) {
      assertThat(in.readAllBytes()).as("§3.6: a range starting at the end is empty").isEmpty();
    }
    assertThatThrownBy(() -> storage.open("range.bin", -1, 10)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> storage.open("missing.bin", 0, 10)).isInstanceOf(NotFoundException.class);
  }
}
