package org.storagekit.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.storagekit.Checksum;

/** Checksums of consecutive parts, and their composite. */
class PartChecksumsTest {
  private static final Checksum.Algorithm MD5 = Checksum.Algorithm.MD5;

  private static Checksum md5(String s) {
    Checksum.Hasher h = Checksum.hasher(MD5);
    byte[] b = s.getBytes(StandardCharsets.US_ASCII);
    h.update(b, 0, b.length);
    return h.finish();
  }

  @Test
  void parts_areCutAtThePartSize_howeverTheBytesArrive() {
    PartChecksums p = new PartChecksums(MD5, 4);
    byte[] b = "abcdefghij".getBytes(StandardCharsets.US_ASCII);
    p.update(b, 0, 3);
    p.update(b, 3, 6);
    p.update(b, 9, 1);
    assertThat(p.parts()).containsExactly(md5("abcd"), md5("efgh"), md5("ij"));
  }

  @Test
  void finish_isTheChecksumOfTheConcatenatedPartChecksums_asS3MultipartEtags() {
    PartChecksums p = new PartChecksums(MD5, 2);
    byte[] b = "abcd".getBytes(StandardCharsets.US_ASCII);
    p.update(b, 0, 4);
    Checksum.Hasher expected = Checksum.hasher(MD5);
    for (Checksum part : List.of(md5("ab"), md5("cd"))) {
      expected.update(part.value(), 0, 16);
    }
    assertThat(p.finish()).isEqualTo(expected.finish());
  }

  @Test
  void wholeContent_andEmptyContent_areOnePart() {
    PartChecksums whole = new PartChecksums(MD5, Long.MAX_VALUE);
    byte[] b = "payload".getBytes(StandardCharsets.US_ASCII);
    whole.update(b, 0, b.length);
    assertThat(whole.parts()).containsExactly(md5("payload"));
    assertThat(new PartChecksums(MD5, 8).parts()).containsExactly(md5(""));
    assertThatThrownBy(() -> new PartChecksums(MD5, 0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void parseBase64_acceptsOnlyAValueOfTheAlgorithmsLength() {
    assertThat(Checksum.parseBase64(MD5, " " + md5("x").base64() + " ")).contains(md5("x"));
    assertThat(Checksum.parseBase64(MD5, null)).isEmpty();
    assertThat(Checksum.parseBase64(MD5, "not base64!")).isEmpty();
    assertThat(Checksum.parseBase64(MD5, "AAAA")).as("3 bytes are no MD5").isEmpty();
    assertThat(Checksum.parseBase64(Checksum.Algorithm.CRC32C, "AAAAAA==")).isPresent();
  }
}
