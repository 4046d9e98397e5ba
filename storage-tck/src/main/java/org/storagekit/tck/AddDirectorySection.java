package org.storagekit.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.storagekit.Capability;
import org.storagekit.TransferSummary;

/** §6 Adding a directory: {@code addDirectory}. */
abstract class AddDirectorySection extends TckSection {
  private Path sampleTree() {
    Path dir = local.resolve("tree");
    writeLocal(dir.resolve("top.txt"), utf8("top"));
    writeLocal(dir.resolve("sub/mid.txt"), utf8("mid"));
    writeLocal(dir.resolve("sub/deeper/low.txt"), utf8("low"));
    writeLocal(dir.resolve("sub/empty.txt"), new byte[0]);
    return dir;
  }

  @Test
  void spec6_1_addDirectory_keepsHierarchyUnderPrefix() {
    requires(Capability.WRITE);
    TransferSummary summary = storage.addDirectory(sampleTree(), "up");
    assertThat(summary.files()).isEqualTo(4);
    assertThat(summary.bytes()).isEqualTo(9);
    assertThat(summary.skipped()).isEmpty();
    assertThat(keys(open())).containsExactlyInAnyOrder("up/top.txt", "up/sub/mid.txt", "up/sub/deeper/low.txt", "up/sub/empty.txt");
    assertThat(read(storage, "up/sub/deeper/low.txt")).isEqualTo(utf8("low"));
  }

  @Test
  void spec6_2_addDirectory_defaultPrefix_isTheDirectoryName() {
    requires(Capability.WRITE);
    storage.addDirectory(sampleTree());
    assertThat(keys(storage)).contains("tree/top.txt", "tree/sub/deeper/low.txt").hasSize(4);
  }

  @Test
  void spec6_3_addDirectory_symbolicLinks_areSkippedAndReported() throws IOException {
    requires(Capability.WRITE);
    Path dir = sampleTree();
    Path outside = writeLocal(local.resolve("outside/secret.txt"), utf8("secret"));
    Path fileLink = Files.createSymbolicLink(dir.resolve("link-to-file.txt"), outside);
    Path dirLink = Files.createSymbolicLink(dir.resolve("sub/link-to-dir"), outside.getParent());
    Path dangling = Files.createSymbolicLink(dir.resolve("dangling"), local.resolve("nowhere"));
    TransferSummary summary = storage.addDirectory(dir, "links");
    assertThat(summary.skipped()).as("§6.3: links are reported").containsExactlyInAnyOrder(fileLink, dirLink, dangling);
    assertThat(keys(storage)).as("§6.3: links are not followed")
        .containsExactlyInAnyOrder("links/top.txt", "links/sub/mid.txt", "links/sub/deeper/low.txt", "links/sub/empty.txt");
  }

  @Test
  void spec6_4_addDirectory_notADirectory_throwsNamingThePath() {
    requires(Capability.WRITE);
    Path file = writeLocal(local.resolve("plain.txt"), utf8("x"));
    assertThatThrownBy(() -> storage.addDirectory(file, "p")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(file.toString());
    Path missing = local.resolve("absent");
    assertThatThrownBy(() -> storage.addDirectory(missing, "p")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(missing.toString());
  }
}
