package org.storagekit.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.storagekit.Capability;
import org.storagekit.Checksum;
import org.storagekit.ProgressListener;
import org.storagekit.Storage;
import org.storagekit.StorageFile;
import org.storagekit.WriteOptions;

/** §2.8 typed checksums and §17 content type, content headers and user metadata. */
abstract class MetadataSection extends TckSection {
  private static final WriteOptions FULL = WriteOptions.builder()
      .contentType("image/png")
      .cacheControl("max-age=60")
      .contentDisposition("attachment; filename=\"pixel.png\"")
      .contentEncoding("gzip")
      .metadata("owner", "alice")
      .metadata("run_id", "42")
      .build();

  /** Every checksum {@code file} carries is the checksum of {@code bytes}. */
  static void assertChecksumsOf(StorageFile file, InputStream bytes, String where) {
    List<Checksum> claimed = file.checksums();
    Map<Checksum.Algorithm, Checksum.Hasher> hashers = new HashMap<>();
    claimed.forEach(c -> hashers.put(c.algorithm(), Checksum.hasher(c.algorithm())));
    try (InputStream in = bytes) {
      byte[] buffer = new byte[1 << 16];
      int n;
      while ((n = in.read(buffer)) >= 0) {
        for (Checksum.Hasher h : hashers.values()) {
          h.update(buffer, 0, n);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    for (Checksum c : claimed) {
      assertThat(hashers.get(c.algorithm()).finish()).as("§2.8: the %s of '%s' %s is that of its bytes",
          c.algorithm(), file.key(), where).isEqualTo(c);
    }
  }

  /**
   * A media type as HTTP compares it: whitespace around the parameters' {@code ;} is not part of
   * the value (servers such as Jetty normalize {@code text/html; charset=utf-8}).
   */
  static String mediaType(String type) {
    return type.replaceAll("\\s*;\\s*", ";");
  }

  @Test
  void spec2_8_checksums_inStatAndListing_areThoseOfTheBytes() {
    requires(Capability.WRITE);
    byte[] small = TckData.bytes(70_001, 81);
    putBytes("sum/small.bin", small);
    putBytes("sum/empty.bin", new byte[0]);
    Storage fresh = open();
    for (String key : List.of("sum/small.bin", "sum/empty.bin")) {
      StorageFile stat = fresh.get(key).orElseThrow();
      assertChecksumsOf(stat, new ByteArrayInputStream(key.endsWith("small.bin") ? small : new byte[0]), "in stat");
    }
    try (Stream<StorageFile> files = fresh.list("sum/")) {
      for (StorageFile f : (Iterable<StorageFile>) files::iterator) {
        assertChecksumsOf(f, new ByteArrayInputStream(f.key().endsWith("small.bin") ? small : new byte[0]),
            "in a listing");
      }
    }
  }

  @Test
  void spec2_8_checksums_ofALargeMultipartFile_areThoseOfTheBytes() {
    requires(Capability.WRITE);
    long size = fixture.largeFileSize();
    Path file = TckData.file(local.resolve("large.bin"), size, 82);
    StorageFile put = storage.put("sum/large.bin", file);
    assertChecksumsOf(put, TckData.stream(size, 82), "as put returned it");
    assertChecksumsOf(open().get("sum/large.bin").orElseThrow(), TckData.stream(size, 82), "in stat");
  }

  @Test
  void spec17_1_contentHeadersAndMetadata_areStoredAndReturnedByStat() {
    requires(Capability.METADATA);
    byte[] bytes = TckData.bytes(1000, 83);
    StorageFile put = storage.put("pixel.bin", new ByteArrayInputStream(bytes), FULL, ProgressListener.none());
    assertFull(put, "as put returned it");
    assertFull(open().get("pixel.bin").orElseThrow(), "in stat on another instance");
    assertThat(read(open(), "pixel.bin")).as("§17.1: Content-Encoding is stored, never decoded").isEqualTo(bytes);
  }

  private static void assertFull(StorageFile f, String where) {
    assertThat(f.contentType()).as("§17.1: content type %s", where).contains("image/png");
    assertThat(f.cacheControl()).as("§17.1: cache-control %s", where).contains("max-age=60");
    assertThat(f.contentDisposition()).as("§17.1: content-disposition %s", where)
        .contains("attachment; filename=\"pixel.png\"");
    assertThat(f.contentEncoding()).as("§17.1: content-encoding %s", where).contains("gzip");
    assertThat(f.metadata()).as("§17.1: user metadata %s, exactly", where)
        .isEqualTo(Map.of("owner", "alice", "run_id", "42"));
  }

  @Test
  void spec17_1_everyWritePath_storesTheContentType() throws IOException {
    requires(Capability.METADATA);
    WriteOptions html = WriteOptions.builder().contentType("text/html; charset=utf-8").metadata("path", "x").build();
    Path file = writeLocal(local.resolve("page.bin"), utf8("<p>"));
    Path dir = Files.createDirectories(local.resolve("site"));
    writeLocal(dir.resolve("a.bin"), utf8("a"));
    writeLocal(dir.resolve("sub/b.bin"), utf8("b"));
    storage.put("w/put-path", file, html);
    storage.put("w/put-stream", new ByteArrayInputStream(utf8("<p>")), html, ProgressListener.none());
    storage.addFile(file, "w/add-path", html, ProgressListener.none());
    storage.addFile(new ByteArrayInputStream(utf8("<p>")), "w/add-stream", html);
    storage.addDirectory(dir, "w/dir", html, ProgressListener.none());
    storage.put("w/large", TckData.file(local.resolve("large.bin"), fixture.largeFileSize(), 84), html);
    storage.flush();
    Storage fresh = open();
    for (String key : List.of("w/put-path", "w/put-stream", "w/add-path", "w/add-stream", "w/dir/a.bin",
        "w/dir/sub/b.bin", "w/large")) {
      StorageFile f = fresh.get(key).orElseThrow();
      assertThat(f.contentType().map(MetadataSection::mediaType)).as("§17.1: content type of '%s'", key)
          .contains("text/html;charset=utf-8");
      assertThat(f.metadata()).as("§17.1: metadata of '%s'", key).isEqualTo(Map.of("path", "x"));
    }
  }

  @Test
  void spec17_2_contentType_isGuessedFromTheExtension_whenNotSet() throws IOException {
    requires(Capability.METADATA);
    putBytes("g/photo.JPG", utf8("x"));
    putBytes("g/data.json", utf8("{}"));
    putBytes("g/no-extension", utf8("x"));
    putBytes("g/.keep", new byte[0]);
    putBytes("g/archive.unknownext", utf8("x"));
    Path dir = Files.createDirectories(local.resolve("guess"));
    writeLocal(dir.resolve("index.html"), utf8("<p>"));
    storage.addDirectory(dir, "g/dir");
    Storage fresh = open();
    Map<String, String> expected = Map.of("g/photo.JPG", "image/jpeg", "g/data.json", "application/json",
        "g/no-extension", "application/octet-stream", "g/.keep", "application/octet-stream",
        "g/archive.unknownext", "application/octet-stream", "g/dir/index.html", "text/html");
    expected.forEach((key, type) -> assertThat(fresh.get(key).orElseThrow().contentType())
        .as("§17.2: the content type guessed for '%s'", key).contains(type));
  }

  @Test
  void spec17_3_metadataAtTheLimit_isStored_andOneByteMoreIsRefused() {
    requires(Capability.METADATA);
    String name = "big";
    String value = "v".repeat(WriteOptions.MAX_METADATA_BYTES - name.length());
    WriteOptions max = WriteOptions.builder().metadata(name, value).build();
    storage.put("limit.txt", new ByteArrayInputStream(utf8("x")), max, ProgressListener.none());
    assertThat(open().get("limit.txt").orElseThrow().metadata()).as("§17.3: 2,048 bytes of metadata fit everywhere")
        .isEqualTo(Map.of(name, value));
    assertThatThrownBy(() -> WriteOptions.builder().metadata(name, value + "v"))
        .as("§17.3: one byte more is refused before any request").isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("2048");
    assertThatThrownBy(() -> WriteOptions.builder().metadata("Bad-Name", "x"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Bad-Name");
  }

  @Test
  void spec17_4_copy_keepsContentTypeAndMetadata_unlessTheOptionsReplaceThem() {
    requires(Capability.METADATA);
    requires(Capability.COPY);
    storage.put("c/src.bin", new ByteArrayInputStream(utf8("x")), FULL, ProgressListener.none());
    storage.copy("c/src.bin", "c/kept.txt");
    storage.copy("c/src.bin", "c/replaced.bin", WriteOptions.builder().metadata("owner", "bob").build());
    Storage fresh = open();
    assertFull(fresh.get("c/kept.txt").orElseThrow(), "§17.4: after a plain copy");
    StorageFile replaced = fresh.get("c/replaced.bin").orElseThrow();
    assertThat(replaced.metadata()).as("§17.4: options replace the metadata").isEqualTo(Map.of("owner", "bob"));
    assertThat(replaced.contentType()).as("§17.4: and the content type, guessed again where not set")
        .contains("application/octet-stream");
    assertThat(replaced.cacheControl()).as("§17.4: replaced headers not set are gone").isEmpty();
  }

  @Test
  void spec13_3_withoutMetadata_contentOptionsThrowUnsupportedAndWriteNothing() {
    requiresAbsent(Capability.METADATA);
    requires(Capability.WRITE);
    Path file = writeLocal(local.resolve("m.txt"), utf8("x"));
    List<Runnable> writes = List.of(
        () -> storage.put("m.txt", file, FULL),
        () -> storage.put("m.txt", new ByteArrayInputStream(utf8("x")), FULL, ProgressListener.none()),
        () -> storage.addFile(file, "m.txt", FULL, ProgressListener.none()),
        () -> storage.addFile(new ByteArrayInputStream(utf8("x")), "m.txt", FULL),
        () -> storage.addDirectory(local, "m", FULL, ProgressListener.none()));
    for (Runnable w : writes) {
      assertThatThrownBy(w::run).as("§13.3: metadata is a capability").isInstanceOf(UnsupportedOperationException.class);
    }
    storage.flush();
    assertThat(keys(storage)).isEmpty();
    putBytes("plain.png", utf8("x"));
    assertThat(open().get("plain.png").orElseThrow().metadata()).isEmpty();
  }
}
