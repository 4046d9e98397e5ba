package org.storagekit.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.storagekit.AccessDeniedException;
import org.storagekit.PreconditionFailedException;
import org.storagekit.Storage;
import org.storagekit.StorageFile;
import org.storagekit.Storages;

class LocalStorageProviderTest {
  @TempDir Path tmp;

  @Test
  void open_fileUriForms_addressTheSameRoot() {
    Path root = tmp.resolve("bucket");
    try (Storage a = Storages.open("file:" + root);
        Storage b = Storages.open(root.toUri());
        Storage c = Storages.open("file://localhost" + root)) {
      assertThat(a).isEqualTo(b).isEqualTo(c);
      assertThat(a.uri().toString()).startsWith("file:///").endsWith("/bucket/");
    }
  }

  @Test
  void open_missingRootWithCreateFalse_isRefused() {
    assertThatThrownBy(() -> Storages.open(tmp.resolve("nope").toUri(), Map.of("create", "false")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not exist");
    assertThatThrownBy(() -> Storages.open("file://otherhost/x"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("otherhost");
  }

  @Test
  void keyThroughSymbolicLinkInsideRoot_isRefused() throws IOException {
    Path root = Files.createDirectories(tmp.resolve("root"));
    Path outside = Files.createDirectories(tmp.resolve("outside"));
    Files.writeString(outside.resolve("secret.txt"), "secret");
    Files.createSymbolicLink(root.resolve("link"), outside);
    try (Storage s = LocalStorageConfig.builder(root).build().open()) {
      assertThatThrownBy(() -> s.open("link/secret.txt")).isInstanceOf(AccessDeniedException.class)
          .hasMessageContaining("symbolic link");
      try (Stream<StorageFile> files = s.list()) {
        assertThat(files).as("links are not files of the storage").isEmpty();
      }
    }
  }

  @Test
  void keyThatIsAFolder_cannotBeWritten_andTempFilesAreNeverListed() throws IOException {
    Path root = Files.createDirectories(tmp.resolve("root"));
    try (Storage s = LocalStorageConfig.builder(root).build().open()) {
      s.put("a/b", InputStream.nullInputStream());
      assertThatThrownBy(() -> s.put("a", InputStream.nullInputStream()))
          .isInstanceOf(PreconditionFailedException.class).hasMessageContaining("'a'");
      Files.writeString(root.resolve(".storagekit-x.123.part"), "leftover");
      try (Stream<StorageFile> files = s.list()) {
        assertThat(files).extracting(StorageFile::key).containsExactly("a/b");
      }
      s.delete("a/b");
      assertThat(root.resolve("a")).as("emptied folders are pruned").doesNotExist();
    }
  }

  @Test
  void getFile_bitRotSinceWrite_failsTheIntegrityCheck() throws IOException {
    Path root = Files.createDirectories(tmp.resolve("root"));
    try (Storage s = LocalStorageConfig.builder(root).build().open()) {
      s.put("k.bin", new java.io.ByteArrayInputStream("precious bytes".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
      Path stored = root.resolve("k.bin");
      java.nio.file.attribute.FileTime written = Files.getLastModifiedTime(stored);
      Files.writeString(stored, "precious bytez"); // same size, one byte flipped
      Files.setLastModifiedTime(stored, written); // as silent corruption would leave it
      assertThatThrownBy(() -> s.getFile("k.bin", tmp.resolve("out.bin")))
          .isInstanceOf(org.storagekit.StorageException.class)
          .hasMessageContaining("integrity check failed");
      assertThat(tmp.resolve("out.bin")).doesNotExist();
    }
  }

  @Test
  void getFile_rewrittenInPlaceByAnotherTool_readsTheNewContent() throws IOException {
    Path root = Files.createDirectories(tmp.resolve("root"));
    try (Storage s = LocalStorageConfig.builder(root).build().open()) {
      s.put("k.txt", new java.io.ByteArrayInputStream("old".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
      Path stored = root.resolve("k.txt");
      Files.writeString(stored, "new content from an editor");
      Files.setLastModifiedTime(stored, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 5000));
      assertThat(s.getFile("k.txt", tmp.resolve("out.txt"))).hasContent("new content from an editor");
    }
  }
}
