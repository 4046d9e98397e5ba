package org.storagekit.s3;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.storagekit.Checksum;
import org.storagekit.spi.DownloadRequest;
import org.storagekit.spi.Etags;
import org.storagekit.spi.PartChecksums;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/**
 * What a download is checked against, decided from the object's headers (a whole-object GET's own,
 * so that no HEAD precedes it) and what the listing or stat vouched for:
 *
 * <ol>
 *   <li>metadata {@code storagekit-md5}: the MD5 of the whole content;
 *   <li>else metadata {@code storagekit-part-size} and an ETag {@code <md5>-<n>}: the MD5 of the
 *       concatenated MD5s of each part (S3's multipart ETag);
 *   <li>else the checksum the stat gave ({@link org.storagekit.spi.DownloadRequest#expected()}, a
 *       full-object CRC or SHA-256 S3 reported);
 *   <li>else an ETag that is a plain 32-digit hex, on an object without SSE-KMS or SSE-C and not
 *       known to be multipart: the MD5 of the whole content (only for this check; a
 *       {@link org.storagekit.StorageFile} never carries it);
 *   <li>else nothing is verified beyond the size (objects written by other tools in parts on a
 *       server whose multipart ETags are not {@code <md5>-<n>}, or encrypted with KMS keys).
 * </ol>
 *
 * @param checksum the whole content's checksum, or with {@code partSize} the MD5 of the parts' MD5s;
 *     null: none
 * @param partSize the part size of a multipart object, or 0 if {@code checksum} is the whole content's
 * @param partCount how many parts the multipart ETag says there are
 */
record S3Expectation(Checksum checksum, long partSize, int partCount) {
  /** User metadata: lower-case hex MD5 of the whole content, written when known before the upload. */
  static final String META_MD5 = "storagekit-md5";
  /** User metadata: the part size of a multipart upload, in bytes. */
  static final String META_PART_SIZE = "storagekit-part-size";
  /** Nothing to check. */
  static final S3Expectation NONE = new S3Expectation(null, 0, 0);

  private static final Logger LOG = LoggerFactory.getLogger(S3Expectation.class);
  private static final Checksum.Algorithm MD5 = Checksum.Algorithm.MD5;
  private static final Pattern MD5_HEX = Pattern.compile("[0-9a-fA-F]{32}");
  private static final Pattern MULTIPART_ETAG = Pattern.compile("([0-9a-fA-F]{32})-([0-9]+)");

  /** The MD5 a plain 32-digit ETag stands for (a single-part upload without SSE-KMS). */
  private static Optional<Checksum> plainMd5(String etag) {
    return Optional.ofNullable(etag).filter(e -> MD5_HEX.matcher(e).matches()).map(e -> Checksum.ofHex(MD5, e));
  }

  /** The whole content's MD5 that StorageKit recorded in {@code metadata}, if it did. */
  static Optional<Checksum> storedMd5(Map<String, String> metadata) {
    return plainMd5(metadata.get(META_MD5));
  }

  /**
   * The expectation for the download {@code request} of an object with these headers; {@link #NONE}
   * unless the request verifies checksums.
   */
  static S3Expectation of(DownloadRequest request, Map<String, String> metadata, String rawEtag,
      ServerSideEncryption sse, String sseCustomer) {
    Optional<Checksum> md5 = storedMd5(metadata);
    String etag = Etags.unquote(rawEtag);
    if (!request.verifyChecksums()) {
      return NONE;
    }
    if (md5.isPresent()) {
      return new S3Expectation(md5.get(), 0, 0);
    }
    long partSize = parsePartSize(metadata.get(META_PART_SIZE));
    Matcher multipart = MULTIPART_ETAG.matcher(etag == null ? "" : etag);
    if (partSize > 0 && multipart.matches()) {
      return new S3Expectation(Checksum.ofHex(MD5, multipart.group(1)), partSize,
          Integer.parseInt(multipart.group(2)));
    }
    if (request.expected().isPresent()) {
      return new S3Expectation(request.expected().get(), 0, 0);
    }
    boolean kms = sse != null && sse != ServerSideEncryption.AES256
        && sse != ServerSideEncryption.UNKNOWN_TO_SDK_VERSION;
    return partSize == 0 && !kms && sseCustomer == null
        ? plainMd5(etag).map(c -> new S3Expectation(c, 0, 0)).orElse(NONE) : NONE;
  }

  private static long parsePartSize(String value) {
    try {
      return value == null ? 0 : Math.max(0, Long.parseLong(value.trim()));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /**
   * A check for the bytes from {@code offset} on, fed in order: per part, whole (from 0), or
   * {@code null} (nothing to hash).
   */
  PartChecksums start(long offset) {
    return checksum == null ? null : partSize > 0 ? new PartChecksums(MD5, partSize)
        : offset == 0 ? new PartChecksums(checksum.algorithm(), Long.MAX_VALUE) : null;
  }

  /**
   * Verifies the downloaded temp file. {@code checks} cover it in order: one for a sequential
   * download, one per range for a parallel one (whose whole-content checksum is then read from the file).
   *
   * @throws org.storagekit.IntegrityException if the content does not match
   */
  void verify(DownloadRequest request, List<PartChecksums> checks) throws IOException {
    if (checksum == null) {
      return;
    }
    if (partSize == 0) {
      request.context().verify(request.name(), checksum, checks.size() == 1 && checks.get(0) != null
          ? checks.get(0).parts().get(0) : Checksum.of(checksum.algorithm(), request.temp(), 0, -1));
      return;
    }
    List<Checksum> parts = new ArrayList<>();
    checks.forEach(c -> parts.addAll(c.parts()));
    if (parts.size() != partCount) {
      LOG.debug("{}: '{}' has {} parts of {} bytes by its metadata but its ETag says {}; not verified",
          request.context().uri(), request.context().keyOf(request.name()), parts.size(), partSize, partCount);
    } else {
      request.context().verify(request.name(), checksum, PartChecksums.composite(MD5, parts));
    }
  }
}
