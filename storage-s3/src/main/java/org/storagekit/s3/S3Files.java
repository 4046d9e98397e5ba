package org.storagekit.s3;

import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.storagekit.Checksum;
import org.storagekit.StorageFile;
import org.storagekit.WriteOptions;
import org.storagekit.spi.Etags;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.services.s3.model.ChecksumType;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/**
 * S3 objects as {@link StorageFile}s, and a file's content headers and metadata as S3 stores them.
 * Metadata whose name starts with {@code storagekit} is StorageKit's own ({@link S3Expectation}):
 * users never see it, and the MD5 it records is the only MD5 a file carries; an ETag's shape is
 * never taken for one [§2.8]. User metadata names go on the wire with {@code -} for {@code _}
 * (proxies such as nginx drop header names with {@code _}, and RGW rewrites them to {@code -}); a
 * StorageKit name has no {@code -} [§16.3], so reading maps {@code -} back to {@code _}, for other
 * tools' names too. Checksums come from S3 only where it reports them for the whole
 * object ({@code FULL_OBJECT}), never composite multipart ones.
 */
final class S3Files {
  private static final String INTERNAL = "storagekit";

  private S3Files() {}

  /**
   * The basic fields, as a listing has them. Listing and HEAD report times at different precisions
   * (milliseconds vs. seconds); both are cut to whole seconds so that the same object describes
   * itself the same way. ETags lose their quotes.
   */
  static StorageFile.Builder basic(String name, Long size, Instant lastModified, String etag) {
    Instant modified = lastModified == null ? Instant.EPOCH : lastModified.truncatedTo(ChronoUnit.SECONDS);
    return StorageFile.builder(name).size(size == null ? 0 : size).lastModified(modified).etag(Etags.unquote(etag));
  }

  /** Everything a HEAD (with checksum mode on) says of the object. */
  static StorageFile head(String name, HeadObjectResponse h) {
    return Content.of(h).describe(basic(name, h.contentLength(), h.lastModified(), h.eTag()).version(h.versionId()),
        h.checksumType(), h.checksumCRC64NVME(), h.checksumCRC32C(), h.checksumSHA256());
  }

  /**
   * A written object, from the response's ETag, version and checksums and what was sent; its time is
   * the response's {@code Date}, or this machine's clock where there is none.
   */
  static StorageFile.Builder written(String name, long size, SdkHttpResponse response, String etag, String version) {
    Instant date = response.firstMatchingHeader("Date").map(S3Files::httpDate).orElseGet(Instant::now);
    return basic(name, size, date, etag).version(version);
  }

  private static Instant httpDate(String value) {
    try {
      return ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
    } catch (DateTimeParseException e) {
      return Instant.now();
    }
  }

  /** The checksum S3 reports in base64, if it covers the whole object and is well-formed. */
  private static Checksum full(Checksum.Algorithm algorithm, ChecksumType type, String base64) {
    return type == null || type == ChecksumType.FULL_OBJECT
        ? Checksum.parseBase64(algorithm, base64).orElse(null) : null; // a composite one ends in "-<parts>"
  }

  /**
   * Content type, headers and metadata as S3 stores them, the metadata with StorageKit's own entries.
   *
   * @param metadata every metadata entry, users' and StorageKit's
   */
  record Content(String type, String cacheControl, String disposition, String encoding,
      Map<String, String> metadata) {
    Content {
      metadata = Map.copyOf(metadata);
    }

    /**
     * What a write with {@code options} (content type filled in) stores, with StorageKit's
     * {@code internal} entries where S3's 2 KB of metadata leave room for them (without, downloads
     * are verified as those of other tools' objects).
     */
    static Content of(WriteOptions options, String type, Map<String, String> internal) {
      Map<String, String> all = new TreeMap<>();
      options.metadata().orElse(Map.of()).forEach((k, v) -> all.put(k.replace('_', '-'), v));
      all.putAll(internal);
      if (bytes(all) > WriteOptions.MAX_METADATA_BYTES) {
        all.keySet().removeAll(internal.keySet());
      }
      return new Content(type, options.cacheControl().orElse(null), options.contentDisposition().orElse(null),
          options.contentEncoding().orElse(null), all);
    }

    /**
     * What the object a HEAD describes is stored with. {@code aws-chunked} is how the SDK framed the
     * upload, not an encoding of the content; S3 drops it, some servers (S3Proxy) store it.
     */
    static Content of(HeadObjectResponse h) {
      String encoding = h.contentEncoding() == null ? null : Arrays.stream(h.contentEncoding().split(","))
          .map(String::trim).filter(e -> !e.isEmpty() && !e.equalsIgnoreCase("aws-chunked"))
          .collect(Collectors.joining(","));
      return new Content(h.contentType(), h.cacheControl(), h.contentDisposition(), encoding, h.metadata());
    }

    private static int bytes(Map<String, String> metadata) {
      return metadata.entrySet().stream().mapToInt(e -> e.getKey().length() + e.getValue().length()).sum();
    }

    /** StorageKit's own entries only. */
    Map<String, String> internal() {
      Map<String, String> internal = new TreeMap<>(metadata);
      internal.keySet().removeIf(k -> !k.startsWith(INTERNAL));
      return internal;
    }

    /** These, with StorageKit's entry {@code name} set to {@code value}. */
    Content with(String name, String value) {
      Map<String, String> all = new TreeMap<>(metadata);
      all.put(name, value);
      return bytes(all) > WriteOptions.MAX_METADATA_BYTES ? this : new Content(type, cacheControl, disposition,
          encoding, all);
    }

    /**
     * {@code file} with these headers, the users' metadata, the MD5 StorageKit recorded and the
     * full-object checksums S3 reported.
     */
    StorageFile describe(StorageFile.Builder file, ChecksumType kind, String crc64, String crc32c, String sha256) {
      Map<String, String> user = new TreeMap<>();
      metadata.forEach((k, v) -> {
        if (!k.startsWith(INTERNAL)) {
          user.put(k.replace('-', '_'), v);
        }
      });
      return file.contentType(type).cacheControl(cacheControl).contentDisposition(disposition)
          .contentEncoding(encoding).metadata(user)
          .checksum(S3Expectation.storedMd5(metadata).orElse(null))
          .checksum(full(Checksum.Algorithm.CRC64NVME, kind, crc64))
          .checksum(full(Checksum.Algorithm.CRC32C, kind, crc32c))
          .checksum(full(Checksum.Algorithm.SHA256, kind, sha256))
          .build();
    }

    PutObjectRequest.Builder apply(PutObjectRequest.Builder b) {
      return b.contentType(type).cacheControl(cacheControl).contentDisposition(disposition).contentEncoding(encoding)
          .metadata(metadata);
    }

    CreateMultipartUploadRequest.Builder apply(CreateMultipartUploadRequest.Builder b) {
      return b.contentType(type).cacheControl(cacheControl).contentDisposition(disposition).contentEncoding(encoding)
          .metadata(metadata);
    }

    CopyObjectRequest.Builder apply(CopyObjectRequest.Builder b) {
      return b.contentType(type).cacheControl(cacheControl).contentDisposition(disposition).contentEncoding(encoding)
          .metadata(metadata);
    }
  }
}
