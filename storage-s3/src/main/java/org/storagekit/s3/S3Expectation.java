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
import org.storagekit.spi.ContentChecksum;
import org.storagekit.spi.DownloadRequest;
import org.storagekit.spi.Etags;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/**
 * What a download can be checked against, decided from the object's headers:
 *
 * <ol>
 *   <li>metadata {@code storagekit-md5}: the MD5 of the whole content;
 *   <li>else metadata {@code storagekit-part-size} and an ETag {@code <md5>-<n>}: the MD5 of the
 *       concatenated MD5s of each part (S3's multipart ETag);
 *   <li>else an ETag that is a plain 32-digit hex, on an object without SSE-KMS or SSE-C and not
 *       known to be multipart: the MD5 of the whole content;
 *   <li>else nothing is verified beyond the size (objects written by other tools in parts on a
 *       server whose multipart ETags are not {@code <md5>-<n>}, or encrypted with KMS keys).
 * </ol>
 */
final class S3Expectation {
  /** User metadata: lower-case hex MD5 of the whole content, written when known before the upload. */
  static final String META_MD5 = "storagekit-md5";
  /** User metadata: the part size of a multipart upload, in bytes. */
  static final String META_PART_SIZE = "storagekit-part-size";
  /** Nothing to check. */
  static final S3Expectation NONE = new S3Expectation(null, 0, 0, null);

  private static final Logger LOG = LoggerFactory.getLogger(S3Expectation.class);
  private static final Pattern MD5_HEX = Pattern.compile("[0-9a-fA-F]{32}");
  private static final Pattern MULTIPART_ETAG = Pattern.compile("([0-9a-fA-F]{32})-([0-9]+)");

  private final ContentChecksum whole;
  private final long partSize;
  private final int partCount;
  private final ContentChecksum composite;

  private S3Expectation(ContentChecksum whole, long partSize, int partCount, ContentChecksum composite) {
    this.whole = whole;
    this.partSize = partSize;
    this.partCount = partCount;
    this.composite = composite;
  }

  /** The MD5 a plain 32-digit ETag stands for (a single-part upload without SSE-KMS). */
  static Optional<ContentChecksum> plainMd5(String etag) {
    return Optional.ofNullable(etag).filter(e -> MD5_HEX.matcher(e).matches())
        .map(e -> ContentChecksum.ofHex(ContentChecksum.Algorithm.MD5, e));
  }

  /** The expectation for an object with these headers; {@link #NONE} unless {@code verify}. */
  static S3Expectation of(boolean verify, Map<String, String> metadata, String rawEtag, ServerSideEncryption sse,
      String sseCustomer) {
    String md5 = metadata.get(META_MD5);
    if (verify && md5 != null && MD5_HEX.matcher(md5).matches()) {
      return new S3Expectation(ContentChecksum.ofHex(ContentChecksum.Algorithm.MD5, md5), 0, 0, null);
    }
    String etag = Etags.unquote(rawEtag);
    if (!verify || etag == null) {
      return NONE;
    }
    long partSize = parsePartSize(metadata.get(META_PART_SIZE));
    Matcher multipart = MULTIPART_ETAG.matcher(etag);
    if (partSize > 0 && multipart.matches()) {
      return new S3Expectation(null, partSize, Integer.parseInt(multipart.group(2)),
          ContentChecksum.ofHex(ContentChecksum.Algorithm.MD5, multipart.group(1)));
    }
    boolean kms = sse != null && sse != ServerSideEncryption.AES256 && sse != ServerSideEncryption.UNKNOWN_TO_SDK_VERSION;
    if (partSize == 0 && !kms && sseCustomer == null) {
      return plainMd5(etag).map(c -> new S3Expectation(c, 0, 0, null)).orElse(NONE);
    }
    return NONE;
  }

  private static long parsePartSize(String value) {
    try {
      return value == null ? 0 : Math.max(0, Long.parseLong(value.trim()));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /** The part size the object was uploaded with, if verification needs range boundaries on it. */
  long partSize() {
    return composite != null ? partSize : 0;
  }

  /** A check for the bytes starting at {@code offset}, fed in order. */
  Check start(long offset) {
    if (composite != null) {
      return new Check(partSize);
    }
    return new Check(whole != null && offset == 0 ? Long.MAX_VALUE : 0);
  }

  /**
   * Verifies the downloaded temp file. {@code checks} cover it in order: one for a sequential
   * download, one per range for a parallel one (whose whole-content MD5 is then computed from the
   * file).
   *
   * @throws org.storagekit.IntegrityException if the content does not match
   */
  void verify(DownloadRequest request, List<Check> checks) throws IOException {
    if (whole != null) {
      ContentChecksum actual = checks.size() == 1 && checks.get(0).partLimit == Long.MAX_VALUE
          ? checks.get(0).parts().get(0)
          : ContentChecksum.of(ContentChecksum.Algorithm.MD5, request.temp(), 0, -1);
      request.context().verify(request.name(), whole, actual);
    } else if (composite != null) {
      List<ContentChecksum> parts = new ArrayList<>();
      checks.forEach(c -> parts.addAll(c.parts()));
      if (parts.size() != partCount) {
        LOG.debug("{}: '{}' has {} parts of {} bytes by its metadata but its ETag says {}; not verified",
            request.context().uri(), request.context().keyOf(request.name()), parts.size(), partSize, partCount);
        return;
      }
      ContentChecksum.Hasher hasher = ContentChecksum.hasher(ContentChecksum.Algorithm.MD5);
      parts.forEach(p -> {
        byte[] v = p.value();
        hasher.update(v, 0, v.length);
      });
      request.context().verify(request.name(), composite, hasher.finish());
    }
  }

  /** MD5s of consecutive parts of {@code partLimit} bytes (0: hash nothing). Not thread-safe. */
  static final class Check {
    private final long partLimit;
    private final List<ContentChecksum> done = new ArrayList<>();
    private ContentChecksum.Hasher current;
    private long inPart;

    Check(long partLimit) {
      this.partLimit = partLimit;
    }

    void update(byte[] bytes, int off, int len) {
      if (partLimit == 0) {
        return;
      }
      while (len > 0) {
        if (current == null) {
          current = ContentChecksum.hasher(ContentChecksum.Algorithm.MD5);
          inPart = 0;
        }
        int n = (int) Math.min(len, partLimit - inPart);
        current.update(bytes, off, n);
        inPart += n;
        off += n;
        len -= n;
        if (inPart == partLimit) {
          done.add(current.finish());
          current = null;
        }
      }
    }

    List<ContentChecksum> parts() {
      if (current != null) {
        done.add(current.finish());
        current = null;
      }
      if (done.isEmpty() && partLimit == Long.MAX_VALUE) {
        done.add(ContentChecksum.hasher(ContentChecksum.Algorithm.MD5).finish());
      }
      return done;
    }
  }
}
