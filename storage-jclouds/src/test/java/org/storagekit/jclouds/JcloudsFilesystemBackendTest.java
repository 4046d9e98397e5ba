package org.storagekit.jclouds;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Backend checks against jclouds {@code filesystem}, plus its on-disk layout. */
class JcloudsFilesystemBackendTest extends JcloudsBackendTest {
  @TempDir
  static Path basedir;

  private static JcloudsFixture.Filesystem fixture;

  @BeforeAll
  static void start() {
    fixture = new JcloudsFixture.Filesystem(basedir);
  }

  @AfterAll
  static void stop() {
    fixture.close();
  }

  @Override
  JcloudsFixture fixture() {
    return fixture;
  }

  @Test
  void put_nestedKey_isAFileUnderTheContainerFolder() throws Exception {
    storage.put("n/e/s/t.txt", new ByteArrayInputStream(JcloudsFixture.utf8("nest")));
    Path onDisk = basedir.resolve(JcloudsFixture.CONTAINER).resolve(prefix).resolve("n/e/s/t.txt");
    assertThat(onDisk).hasContent("nest");
    assertThat(storage.uri().getSchemeSpecificPart()).contains("basedir=" + basedir.toRealPath());
  }

  @Test
  void list_emptyDirectoryLeftOnDisk_isNotAFile() throws Exception {
    Files.createDirectories(basedir.resolve(JcloudsFixture.CONTAINER).resolve(prefix).resolve("empty/inner"));
    storage.put("f.txt", new ByteArrayInputStream(JcloudsFixture.utf8("f")));
    try (var files = storage.list()) {
      assertThat(files).extracting(org.storagekit.StorageFile::key).containsExactly("f.txt");
    }
    assertThat(storage.get("empty")).isEmpty();
  }

  @Test
  void remove_keyNamingAFolder_isNotAFileAndLeavesItsContents() {
    storage.put("folder/inner.txt", new ByteArrayInputStream(JcloudsFixture.utf8("inner")));
    assertThat(storage.remove("folder")).isFalse();
    storage.delete("folder");
    storage.update();
    assertThat(storage.get("folder/inner.txt")).isPresent();
  }

  @Test
  void getFile_bytesChangedOnDiskBehindTheStore_failsIntegrityAndWritesNothing() throws Exception {
    storage.put("c.bin", new ByteArrayInputStream(random(1000)));
    Path onDisk = basedir.resolve(JcloudsFixture.CONTAINER).resolve(prefix).resolve("c.bin");
    var view = Files.getFileAttributeView(onDisk, java.nio.file.attribute.UserDefinedFileAttributeView.class);
    org.junit.jupiter.api.Assumptions.assumeTrue(view != null && view.list().contains("user.content-md5"),
        "the temp folder's file system keeps no extended attributes, so jclouds stores no MD5 to check against");
    try (var channel = java.nio.channels.FileChannel.open(onDisk, java.nio.file.StandardOpenOption.WRITE)) {
      channel.write(java.nio.ByteBuffer.wrap(new byte[] {1, 2, 3, 4}), 10); // bit rot: same size, other bytes
    }
    Path target = local.resolve("c.bin");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> storage.getFile("c.bin", target))
        .isInstanceOfSatisfying(org.storagekit.IntegrityException.class, e -> {
          assertThat(e.key()).hasValue("c.bin");
          assertThat(e.algorithm()).isEqualTo("MD5");
          assertThat(e.expected()).isNotEqualTo(e.actual());
        }).hasMessageContaining("integrity");
    assertThat(target).doesNotExist();
  }
}
