package org.storagekit.jclouds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.storagekit.Capability;
import org.storagekit.NotFoundException;
import org.storagekit.Storage;
import org.storagekit.StorageFile;
import org.storagekit.UnsafeKeyException;

/**
 * Backend-specific checks run on every jclouds target, beside the TCK: streaming and multipart
 * uploads, ranges, copies, directory markers, raw-key traversal and prefixes.
 */
abstract class JcloudsBackendTest {
  @TempDir
  Path local;

  String prefix;
  Storage storage;

  abstract JcloudsFixture fixture();

  @BeforeEach
  void openStorage() {
    prefix = "t-" + UUID.randomUUID();
    storage = fixture().open(prefix);
  }

  @AfterEach
  void cleanUp() {
    try (Stream<StorageFile> files = storage.list()) {
      files.map(StorageFile::key).collect(Collectors.toList()).forEach(storage::delete);
    }
    storage.close();
  }

  @Test
  void capabilities_declared_matchTheProvider() {
    assertThat(storage.capabilities()).isEqualTo(fixture().capabilities());
  }

  @Test
  void put_file_isReadBackWholeAndListed() throws IOException {
    Path file = write("a.bin", 70_001);
    StorageFile stored = storage.put("dir/a.bin", file);
    assertThat(stored.key()).isEqualTo("dir/a.bin");
    assertThat(stored.size()).isEqualTo(70_001);
    assertThat(stored.etag()).isPresent();
    try (InputStream in = storage.open("dir/a.bin")) {
      assertThat(in.readAllBytes()).isEqualTo(Files.readAllBytes(file));
    }
    try (Stream<StorageFile> files = storage.list()) {
      assertThat(files).extracting(StorageFile::key).containsExactly("dir/a.bin");
    }
    Path back = storage.getFile("dir/a.bin", local.resolve("back.bin"));
    assertThat(back).hasSameBinaryContentAs(file);
  }

  @Test
  void put_streamOfUnknownLength_storesEveryByte() throws IOException {
    byte[] bytes = random(3 * 1024 * 1024 + 7);
    InputStream unknownLength = new InputStream() {
      private final InputStream in = new ByteArrayInputStream(bytes);

      @Override
      public int read() throws IOException {
        return in.read();
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        return in.read(b, off, Math.min(len, 4093));
      }
    };
    StorageFile stored = storage.put("stream.bin", unknownLength);
    assertThat(stored.size()).isEqualTo(bytes.length);
    try (InputStream in = storage.open("stream.bin")) {
      assertThat(digest(in)).isEqualTo(digest(new ByteArrayInputStream(bytes)));
    }
  }

  @Test
  void put_largeFile_roundTripsAndUsesMultipartWhereDeclared() throws IOException {
    long size = JcloudsUploads.MULTIPART_THRESHOLD + 5 * 1024 * 1024 + 3;
    Path file = write("large.bin", size);
    StorageFile stored = storage.put("large.bin", file);
    assertThat(stored.size()).isEqualTo(size);
    if (storage.capabilities().contains(Capability.MULTIPART_UPLOAD)) {
      // a multipart object's ETag ends in the part count: proof that parts were sent
      assertThat(stored.etag()).hasValueSatisfying(etag -> assertThat(etag).matches(".*-\\d+"));
    }
    Path back = storage.getFile("large.bin", local.resolve("large.back"));
    assertThat(digest(Files.newInputStream(back))).isEqualTo(digest(Files.newInputStream(file)));
  }

  @Test
  void put_largeStreamOfUnknownLength_streamsAsMultipartWhereDeclared() throws IOException {
    long size = 2L * JcloudsUploads.STREAM_PART_SIZE + 12_345;
    Path file = write("stream-large.bin", size);
    StorageFile stored;
    try (InputStream in = Files.newInputStream(file)) {
      stored = storage.put("stream-large.bin", in);
    }
    assertThat(stored.size()).isEqualTo(size);
    if (storage.capabilities().contains(Capability.MULTIPART_UPLOAD)) {
      assertThat(stored.etag()).hasValueSatisfying(etag -> assertThat(etag).endsWith("-3"));
    }
    try (InputStream in = storage.open("stream-large.bin")) {
      assertThat(digest(in)).isEqualTo(digest(Files.newInputStream(file)));
    }
  }

  @Test
  void put_streamFailingMidway_leavesNoObjectAndKeepsThePreviousOne() throws IOException {
    storage.put("fragile.bin", new ByteArrayInputStream(JcloudsFixture.utf8("previous")));
    InputStream failing = new InputStream() {
      private long left = JcloudsUploads.STREAM_PART_SIZE + 100_000L;

      @Override
      public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        if (left <= 0) {
          throw new IOException("source broke");
        }
        int n = (int) Math.min(len, left);
        left -= n;
        return n;
      }
    };
    assertThatThrownBy(() -> storage.put("fragile.bin", failing)).isInstanceOf(org.storagekit.StorageException.class);
    storage.update();
    try (InputStream in = storage.open("fragile.bin")) {
      assertThat(in.readAllBytes()).isEqualTo(JcloudsFixture.utf8("previous"));
    }
    try (Stream<StorageFile> files = storage.list()) {
      assertThat(files).extracting(StorageFile::key).containsExactly("fragile.bin");
    }
  }

  @Test
  void open_range_returnsThoseBytes() throws IOException {
    byte[] bytes = random(1000);
    storage.put("r.bin", new ByteArrayInputStream(bytes));
    try (InputStream in = storage.open("r.bin", 100, 50)) {
      assertThat(in.readAllBytes()).isEqualTo(java.util.Arrays.copyOfRange(bytes, 100, 150));
    }
    try (InputStream in = storage.open("r.bin", 990, 50)) {
      assertThat(in.readAllBytes()).isEqualTo(java.util.Arrays.copyOfRange(bytes, 990, 1000));
    }
    try (InputStream in = storage.open("r.bin", 1000, 10)) {
      assertThat(in.readAllBytes()).isEmpty();
    }
    try (InputStream in = storage.open("r.bin", 5000, 10)) {
      assertThat(in.readAllBytes()).isEmpty();
    }
    try (InputStream in = storage.open("r.bin", 10, Long.MAX_VALUE)) {
      assertThat(in.readAllBytes()).isEqualTo(java.util.Arrays.copyOfRange(bytes, 10, 1000));
    }
  }

  @Test
  void open_missingKey_throwsNotFound() {
    assertThatThrownBy(() -> storage.open("missing.bin")).isInstanceOf(NotFoundException.class)
        .hasMessageContaining("missing.bin");
    assertThatThrownBy(() -> storage.open("missing.bin", 1, 2)).isInstanceOf(NotFoundException.class);
    assertThat(storage.get("missing.bin")).isEmpty();
  }

  @Test
  void copy_existingSource_copiesBytes() throws IOException {
    storage.put("src.txt", new ByteArrayInputStream(JcloudsFixture.utf8("hello copy")));
    StorageFile copied = storage.copy("src.txt", "sub/dst.txt");
    assertThat(copied.key()).isEqualTo("sub/dst.txt");
    assertThat(copied.size()).isEqualTo(10);
    try (InputStream in = storage.open("sub/dst.txt")) {
      assertThat(in.readAllBytes()).isEqualTo(JcloudsFixture.utf8("hello copy"));
    }
  }

  @Test
  void copy_missingSource_throwsNotFoundNamingSource() {
    assertThatThrownBy(() -> storage.copy("nope.txt", "dst.txt")).isInstanceOf(NotFoundException.class)
        .hasMessageContaining("nope.txt");
    assertThat(storage.get("dst.txt")).isEmpty();
  }

  @Test
  void delete_missingKey_isNoError() {
    storage.delete("never-there.txt");
    assertThat(storage.remove("never-there.txt")).isFalse();
  }

  @Test
  void remove_existingKey_deletesAndSaysSo() {
    storage.put("x/y/z.txt", new ByteArrayInputStream(JcloudsFixture.utf8("z")));
    assertThat(storage.remove("x/y/z.txt")).isTrue();
    storage.update();
    assertThat(storage.get("x/y/z.txt")).isEmpty();
    try (Stream<StorageFile> files = storage.list()) {
      assertThat(files).isEmpty();
    }
  }

  @Test
  void list_nestedKeys_showsOnlyFilesNoDirectoryMarkers() {
    List<String> keys = List.of("a.txt", "d1/b.txt", "d1/d2/c.txt", "d1/d2/d3/e.txt", "d4/f.txt");
    keys.forEach(k -> storage.put(k, new ByteArrayInputStream(JcloudsFixture.utf8(k))));
    try (Stream<StorageFile> files = fixture().open(prefix).list()) {
      assertThat(files).extracting(StorageFile::key).containsExactlyInAnyOrderElementsOf(keys);
    }
    try (Stream<StorageFile> files = storage.list("d1/d2")) {
      assertThat(files).extracting(StorageFile::key).containsExactlyInAnyOrder("d1/d2/c.txt", "d1/d2/d3/e.txt");
    }
    try (Stream<StorageFile> files = storage.list("d1/d")) {
      assertThat(files).extracting(StorageFile::key).containsExactlyInAnyOrder("d1/d2/c.txt", "d1/d2/d3/e.txt");
    }
    assertThat(storage.get("d1")).isEmpty();
    assertThat(storage.get("d1/d2")).isEmpty();
    assertThatThrownBy(() -> storage.open("d1")).isInstanceOf(NotFoundException.class);
  }

  @Test
  void prefixes_twoStorages_doNotSeeEachOther() {
    try (Storage other = fixture().open(prefix + "-other")) {
      other.put("o.txt", new ByteArrayInputStream(JcloudsFixture.utf8("o")));
      storage.put("s.txt", new ByteArrayInputStream(JcloudsFixture.utf8("s")));
      try (Stream<StorageFile> files = storage.list()) {
        assertThat(files).extracting(StorageFile::key).containsExactly("s.txt");
      }
      assertThat(storage.get("o.txt")).isEmpty();
      other.delete("o.txt");
    }
  }

  @Test
  void uri_twoOpens_areEqualAndNormalized() {
    try (Storage again = fixture().open(prefix)) {
      assertThat(again).isNotSameAs(storage).isEqualTo(storage);
      assertThat(again.uri().getScheme()).isEqualTo("jclouds");
      assertThat(again.uri().getPath()).isEqualTo("/" + JcloudsFixture.CONTAINER + "/" + prefix + "/");
    }
  }

  @Test
  void getAllFiles_rawTraversalKeys_refusedAndNothingWrittenOutside() throws IOException {
    List<String> held = new ArrayList<>();
    for (String raw : List.of("../escape", "a/../../escape2", "/abs/escape3", "C:\\escape4")) {
      try {
        fixture().writeRawKey(prefix, raw, JcloudsFixture.utf8("evil"));
        held.add(raw);
      } catch (UnsupportedOperationException e) {
        // this store cannot hold the key at all
      }
    }
    assertThat(held).as("at least one unsafe key must be storable on this backend").isNotEmpty();
    Path target = local.resolve("inner/target");
    Files.createDirectories(target);
    for (String raw : held) {
      storage.update();
      assertThatThrownBy(() -> storage.getAllFiles(target)).isInstanceOf(UnsafeKeyException.class);
      fixture().rawStore().removeBlob(JcloudsFixture.CONTAINER, prefix + "/" + raw);
    }
    try (Stream<Path> walk = Files.walk(local)) {
      assertThat(walk.filter(Files::isRegularFile)).isEmpty();
    }
  }

  Path write(String name, long size) throws IOException {
    Path file = local.resolve(name);
    Random random = new Random(size);
    byte[] buffer = new byte[1 << 16];
    try (OutputStream out = Files.newOutputStream(file)) {
      long left = size;
      while (left > 0) {
        random.nextBytes(buffer);
        int n = (int) Math.min(buffer.length, left);
        out.write(buffer, 0, n);
        left -= n;
      }
    }
    return file;
  }

  static byte[] random(int size) {
    byte[] b = new byte[size];
    new Random(size).nextBytes(b);
    return b;
  }

  static String digest(InputStream in) throws IOException {
    try (in) {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      byte[] buffer = new byte[1 << 16];
      int n;
      while ((n = in.read(buffer)) >= 0) {
        md.update(buffer, 0, n);
      }
      return HexFormat.of().formatHex(md.digest());
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
