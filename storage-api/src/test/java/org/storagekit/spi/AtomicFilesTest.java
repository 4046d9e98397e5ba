package org.storagekit.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
  @TempDir Path tmp;

  @Test
  void write_success_replacesTargetAndLeavesNoTemp() throws IOException {
    Path target = Files.writeString(tmp.resolve("f.txt"), "old");
    AtomicFiles.write(target, temp -> Files.writeString(temp, "new"));
    assertThat(target).hasContent("new");
    try (Stream<Path> files = Files.list(tmp)) {
      assertThat(files).containsExactly(target);
    }
  }

  @Test
  void write_failingWriter_keepsTargetAndLeavesNoTemp() throws IOException {
    Path target = Files.writeString(tmp.resolve("f.txt"), "old");
    assertThatThrownBy(() -> AtomicFiles.write(target, temp -> {
      Files.writeString(temp, "half");
      throw new IOException("writer failed");
    })).hasMessage("writer failed");
    assertThat(target).hasContent("old");
    try (Stream<Path> files = Files.list(tmp)) {
      assertThat(files).containsExactly(target);
    }
  }

  @Test
  void write_createsParentFolders_andTempNamesAreRecognised() throws IOException {
    Path target = tmp.resolve("a/b/c.txt");
    AtomicFiles.write(target, temp -> {
      assertThat(AtomicFiles.isTempName(temp.getFileName().toString())).isTrue();
      assertThat(temp.getParent()).isEqualTo(target.getParent());
      Files.writeString(temp, "x");
    });
    assertThat(target).hasContent("x");
  }
}
