package org.storagekit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.storagekit.Checksum;
import org.storagekit.StorageFile;

/** How sync decides a destination file is up to date: typed checksums, never ETag shapes, else time. */
class SyncCompareTest {
  @TempDir Path tmp;

  private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");

  private static Checksum sum(Checksum.Algorithm a, String text) {
    Checksum.Hasher h = Checksum.hasher(a);
    byte[] b = text.getBytes(StandardCharsets.UTF_8);
    h.update(b, 0, b.length);
    return h.finish();
  }

  private static StorageFile file(Instant time, String etag, Checksum... sums) {
    StorageFile.Builder b = StorageFile.builder("k").size(5).lastModified(time).etag(etag);
    for (Checksum c : sums) {
      b.checksum(c);
    }
    return b.build();
  }

  @Test
  void sameAlgorithmOnBothSides_decides_whateverTheTimes() {
    Checksum alpha = sum(Checksum.Algorithm.CRC32C, "alpha");
    assertThat(Compare.same(file(T, "x", alpha), file(T.minusSeconds(60), "y", alpha), null, null)).isTrue();
    assertThat(Compare.same(file(T, "x", alpha), file(T.plusSeconds(60), "y",
        sum(Checksum.Algorithm.CRC32C, "ALPHA")), null, null)).isFalse();
    assertThat(Compare.same(file(T, "x", sum(Checksum.Algorithm.MD5, "alpha")),
        file(T, "y", sum(Checksum.Algorithm.MD5, "ALPHA"), sum(Checksum.Algorithm.CRC32C, "ALPHA")), null, null))
        .as("MD5 on both sides").isFalse();
  }

  @Test
  void aLocalSide_isHashedInTheOtherSidesAlgorithm() throws IOException {
    Path local = Files.writeString(tmp.resolve("a.txt"), "ALPHA");
    StorageFile localListed = file(T.plusSeconds(60), "v1");
    assertThat(Compare.same(localListed, file(T, "\"0\"", sum(Checksum.Algorithm.MD5, "alpha")), local, null))
        .as("the remote copy is older but only its MD5 tells it differs").isFalse();
    assertThat(Compare.same(localListed, file(T, "\"0\"", sum(Checksum.Algorithm.CRC32C, "ALPHA")), local, null))
        .isTrue();
    assertThat(Compare.same(file(T, "s", sum(Checksum.Algorithm.SHA256, "ALPHA")), file(T.minusSeconds(9), "v"),
        null, local)).as("a local destination against the source's SHA-256").isTrue();
  }

  @Test
  void withoutChecksums_anMd5ShapedEtagIsNotTrusted_andTimeDecides() {
    String md5Hex = sum(Checksum.Algorithm.MD5, "other").hex();
    assertThat(Compare.same(file(T, md5Hex), file(T.plusMillis(400), md5Hex), null, null)).isTrue();
    assertThat(Compare.same(file(T, md5Hex), file(T.minusSeconds(2), md5Hex), null, null))
        .as("equal MD5-looking ETags, but the destination is older").isFalse();
  }

  @Test
  void flags_decideTheVerdict() throws IOException {
    Path a = Files.writeString(tmp.resolve("a"), "alpha");
    Path b = Files.writeString(tmp.resolve("b"), "ALPHA");
    Compare checksum = new Compare();
    checksum.checksum = true;
    assertThat(checksum.verdict(file(T, "x"), file(T.plusSeconds(60), "y"), a, b))
        .as("two local files are hashed in CRC32C, whatever the times").isEqualTo(Compare.Verdict.DIFFERENT);
    assertThat(checksum.verdict(file(T, "x"), file(T.minusSeconds(60), "y"), a, a)).isEqualTo(Compare.Verdict.SAME);
    assertThat(checksum.verdict(file(T, "x"), file(T.minusSeconds(60), "y"), null, null))
        .as("no checksum to be had: the size decides").isEqualTo(Compare.Verdict.SAME);

    Compare update = new Compare();
    update.update = true;
    StorageFile bigger = StorageFile.builder("k").size(9).lastModified(T).build();
    assertThat(update.verdict(file(T, "x"), bigger, null, null)).as("same second, other size: compared as usual")
        .isEqualTo(Compare.Verdict.DIFFERENT);
    assertThat(update.verdict(file(T, "x"), StorageFile.builder("k").size(9).lastModified(T.plusSeconds(1)).build(),
        null, null)).isEqualTo(Compare.Verdict.NEWER_ON_DESTINATION);

    Compare sizeOnly = new Compare();
    sizeOnly.sizeOnly = true;
    assertThat(sizeOnly.verdict(file(T, "x"), file(T.minusSeconds(600), "y"), null, null))
        .isEqualTo(Compare.Verdict.SAME);
    assertThat(sizeOnly.verdict(file(T, "x"), bigger, null, null)).isEqualTo(Compare.Verdict.DIFFERENT);

    Compare ignoreExisting = new Compare();
    ignoreExisting.ignoreExisting = true;
    assertThat(ignoreExisting.verdict(file(T, "x"), bigger, null, null)).isEqualTo(Compare.Verdict.EXISTING);
  }
}
