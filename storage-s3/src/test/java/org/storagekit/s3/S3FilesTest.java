package org.storagekit.s3;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.storagekit.Checksum;
import org.storagekit.StorageFile;
import software.amazon.awssdk.services.s3.model.ChecksumType;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

/** How HEAD answers become files: the checksums S3Proxy never sends, StorageKit's own metadata. */
class S3FilesTest {
  private static final String CRC64 = "AAECAwQFBgc="; // 8 bytes
  private static final String CRC32C = "AAECAw==";    // 4 bytes

  @Test
  void head_fullObjectChecksums_areTaken_compositeOnesAndEtagShapesAreNot() {
    HeadObjectResponse.Builder h = HeadObjectResponse.builder().contentLength(3L).lastModified(Instant.EPOCH)
        .eTag("\"900150983cd24fb0d6963f7d28e17f72\"").versionId("v1");

    StorageFile full = S3Files.head("k", h.checksumType(ChecksumType.FULL_OBJECT).checksumCRC64NVME(CRC64).build());
    StorageFile composite = S3Files.head("k", h.checksumType(ChecksumType.COMPOSITE).checksumCRC64NVME(null)
        .checksumCRC32C(CRC32C + "-2").build());
    StorageFile legacy = S3Files.head("k", h.checksumType((ChecksumType) null).checksumCRC32C(CRC32C).build());

    assertThat(full.checksums()).containsExactly(Checksum.ofBase64(Checksum.Algorithm.CRC64NVME, CRC64));
    assertThat(full.version()).contains("v1");
    assertThat(composite.checksums()).isEmpty(); // and no MD5 from the ETag's shape
    assertThat(legacy.checksums()).containsExactly(Checksum.ofBase64(Checksum.Algorithm.CRC32C, CRC32C));
  }

  @Test
  void head_storageKitMetadata_givesTheMd5AndIsHidden_underscoresTravelAsDashes_awsChunkedIsNoEncoding() {
    StorageFile f = S3Files.head("k", HeadObjectResponse.builder().contentLength(3L).lastModified(Instant.EPOCH)
        .contentEncoding("gzip, aws-chunked").metadata(Map.of("owner", "ops", "run-id", "7",
            S3Expectation.META_MD5, "900150983cd24fb0d6963f7d28e17f72", S3Expectation.META_PART_SIZE, "5"))
        .build());

    assertThat(f.metadata()).isEqualTo(Map.of("owner", "ops", "run_id", "7")); // '_' travels as '-'
    assertThat(S3Files.Content.of(org.storagekit.WriteOptions.builder().metadata("run_id", "7").build(), "a/b",
        Map.of()).metadata()).isEqualTo(Map.of("run-id", "7"));
    assertThat(f.checksum(Checksum.Algorithm.MD5)).contains(
        Checksum.ofHex(Checksum.Algorithm.MD5, "900150983cd24fb0d6963f7d28e17f72"));
    assertThat(f.contentEncoding()).contains("gzip");
  }
}
