package org.storagekit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.storagekit.spi.ContentTypes;

/** The value types of contract 0.2: checksums, file descriptions, write options, preconditions. */
class ObjectTypesTest {
  private static Checksum of(Checksum.Algorithm algorithm, String text) {
    byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
    Checksum.Hasher h = Checksum.hasher(algorithm);
    h.update(bytes, 0, 4);
    h.update(java.nio.ByteBuffer.wrap(bytes, 4, bytes.length - 4));
    return h.finish();
  }

  @Test
  void checksums_matchTheStandardCheckValues() {
    assertThat(of(Checksum.Algorithm.CRC32C, "123456789").hex()).isEqualTo("e3069283");
    assertThat(of(Checksum.Algorithm.CRC64NVME, "123456789").hex()).isEqualTo("ae8b14860a799888");
    assertThat(of(Checksum.Algorithm.MD5, "123456789").hex()).isEqualTo("25f9e794323b453885f5181f1b624d0b");
    Checksum.Hasher direct = Checksum.hasher(Checksum.Algorithm.CRC64NVME);
    direct.update(java.nio.ByteBuffer.allocateDirect(9).put("123456789".getBytes(StandardCharsets.US_ASCII)).flip());
    assertThat(direct.finish().hex()).isEqualTo("ae8b14860a799888");
    assertThatThrownBy(() -> Checksum.of(Checksum.Algorithm.MD5, new byte[4]))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("16 bytes");
    assertThat(Checksum.parseBase64(Checksum.Algorithm.CRC64NVME, "rosUhgp5mIg=")).contains(
        of(Checksum.Algorithm.CRC64NVME, "123456789"));
  }

  @Test
  void storageFile_builderKeepsEveryField_andEqualityCoversThem() {
    Instant now = Instant.parse("2026-12-01T00:00:00Z");
    Checksum crc = of(Checksum.Algorithm.CRC32C, "xyzzy");
    StorageFile f = StorageFile.builder("a/b.png").size(3).lastModified(now).etag("e1").version("7").checksum(crc)
        .contentType("image/png").cacheControl("no-cache").contentDisposition("inline").contentEncoding("gzip")
        .metadata(Map.of("owner", "alice")).build();
    assertThat(f.toBuilder().build()).isEqualTo(f).hasSameHashCodeAs(f);
    assertThat(f.withKey("c.png").key()).isEqualTo("c.png");
    assertThat(f.withKey("c.png").metadata()).isEqualTo(Map.of("owner", "alice"));
    assertThat(f.checksum(Checksum.Algorithm.CRC32C)).contains(crc);
    assertThat(f.checksum(Checksum.Algorithm.MD5)).isEmpty();
    assertThat(f.toBuilder().contentType(null).build()).isNotEqualTo(f);
    assertThat(StorageFile.of("k", 1, now, "").etag()).isEmpty();
    assertThatThrownBy(() -> StorageFile.builder("k").lastModified(now).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'k'");
  }

  @Test
  void writeOptions_refuseWhatSomeBackendCannotStore_namingIt() {
    assertThatThrownBy(() -> WriteOptions.builder().contentType("png")).hasMessageContaining("'png'");
    assertThatThrownBy(() -> WriteOptions.builder().contentType("text/plain\r\nX-Evil: 1"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> WriteOptions.builder().metadata("run-id", "1")).hasMessageContaining("'run-id'");
    assertThatThrownBy(() -> WriteOptions.builder().metadata("storagekit_md5", "1"))
        .hasMessageContaining("storagekit");
    assertThatThrownBy(() -> WriteOptions.builder().metadata("ok", "caf\u00e9")).hasMessageContaining("'ok'");
    assertThatThrownBy(() -> WriteOptions.builder().cacheControl(" ")).hasMessageContaining("cacheControl");
    WriteOptions o = WriteOptions.builder().contentType("text/html; charset=utf-8").metadata("a", "1").ifNotExists()
        .build();
    assertThat(o.setsContent()).isTrue();
    assertThat(o.toBuilder().build()).isEqualTo(o);
    assertThat(WriteOptions.ifNotExists().setsContent()).isFalse();
    assertThat(WriteOptions.defaults().isDefault()).isTrue();
    assertThat(o.toString()).doesNotContain("1"); // metadata values stay out of logs
  }

  @Test
  void preconditions() {
    assertThat(Precondition.none().isNone()).isTrue();
    assertThat(Precondition.ifMatch("e").ifMatchEtag()).contains("e");
    assertThatThrownBy(() -> Precondition.ifMatch(" ")).isInstanceOf(IllegalArgumentException.class);
    StorageFile noEtag = StorageFile.of("k.txt", 1, Instant.EPOCH, null);
    assertThatThrownBy(() -> Precondition.ifMatch(noEtag)).hasMessageContaining("k.txt");
  }

  @Test
  void contentTypes_areGuessedFromTheLastExtension_caseInsensitively() {
    assertThat(ContentTypes.guess("a/photo.JPG")).isEqualTo("image/jpeg");
    assertThat(ContentTypes.guess("x.tar.gz")).isEqualTo("application/gzip");
    assertThat(ContentTypes.guess("dir.d/README")).isEqualTo(ContentTypes.OCTET_STREAM);
    assertThat(ContentTypes.guess(".keep")).isEqualTo(ContentTypes.OCTET_STREAM);
    assertThat(ContentTypes.guess("a/.hidden")).isEqualTo(ContentTypes.OCTET_STREAM);
    assertThat(ContentTypes.guess("trailing.")).isEqualTo(ContentTypes.OCTET_STREAM);
    assertThat(ContentTypes.guess("data.parquet")).isEqualTo("application/vnd.apache.parquet");
  }

  @Test
  void deleteSummary_orThrow_namesTheFailedKeys() {
    StorageException e = new StorageException(null, "x", "denied");
    assertThat(new DeleteSummary(3, Map.of()).orThrow().deleted()).isEqualTo(3);
    assertThatThrownBy(() -> new DeleteSummary(2, Map.of("x", e)).orThrow())
        .hasMessageContaining("1 of 3").hasMessageContaining("x").hasCause(e);
  }
}
