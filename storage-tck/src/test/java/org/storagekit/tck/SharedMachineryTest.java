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
import org.storagekit.Storage;
import org.storagekit.StorageException;
import org.storagekit.StorageFile;
import org.storagekit.spi.ContentChecksum;
import org.storagekit.spi.TransferProgress;

/** Behaviour of AbstractStorage that the TCK cannot provoke on a healthy backend. */
class SharedMachineryTest {
  @TempDir Path tmp;

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void getFile_checksumMismatch_failsNamingKeyAndWritesNothing() throws IOException {
    Storage corrupt = new InMemoryStorage(InMemoryStorage.newBucket(), "corrupt", InMemoryStorageTckTest.ALL, 100) {
      @Override
      protected Optional<ContentChecksum> expectedChecksum(StorageFile meta) {
        return Optional.of(ContentChecksum.ofHex(ContentChecksum.Algorithm.MD5, "00112233445566778899aabbccddeeff"));
      }
    };
    corrupt.put("k.txt", new ByteArrayInputStream(utf8("payload")));
    Path target = Files.writeString(tmp.resolve("k.txt"), "previous");
    assertThatThrownBy(() -> corrupt.getFile("k.txt", target))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("'k.txt'")
        .hasMessageContaining("integrity check failed");
    assertThat(target).hasContent("previous");
    try (Stream<Path> files = Files.list(tmp)) {
      assertThat(files).containsExactly(target);
    }
  }

  @Test
  void getFile_shortDownload_failsOnSize() {
    Storage truncating = new InMemoryStorage(InMemoryStorage.newBucket(), "short", InMemoryStorageTckTest.ALL, 100) {
      @Override
      protected InputStream openObject(String name, long offset, long length) {
        return new ByteArrayInputStream(utf8("pay")); // fewer bytes than stored
      }
    };
    truncating.put("k.txt", new ByteArrayInputStream(utf8("payload")));
    assertThatThrownBy(() -> truncating.getFile("k.txt", tmp.resolve("out")))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("expected 7 bytes but received 3");
    assertThat(tmp.resolve("out")).doesNotExist();
  }

  @Test
  void addDirectory_someUploadsFail_othersFinishAndEveryFailedKeyIsNamed() throws IOException {
    InMemoryStorage failing = new InMemoryStorage(InMemoryStorage.newBucket(), "fail", InMemoryStorageTckTest.ALL, 100) {
      @Override
      protected StorageFile putFile(String name, Path file, long size, TransferProgress progress) throws IOException {
        if (name.contains("bad")) {
          throw new IOException("refused " + name);
        }
        return super.putFile(name, file, size, progress);
      }
    };
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
    Storage s = new InMemoryStorage(InMemoryStorage.newBucket(), "links", InMemoryStorageTckTest.ALL, 100);
    s.put("link/x.txt", new ByteArrayInputStream(utf8("x")));
    Path target = Files.createDirectories(tmp.resolve("target"));
    Path outside = Files.createDirectories(tmp.resolve("outside"));
    Files.createSymbolicLink(target.resolve("link"), outside);
    assertThatThrownBy(() -> s.getAllFiles(target)).hasMessageContaining("symbolic link");
    assertThat(outside.resolve("x.txt")).doesNotExist();
  }
}
