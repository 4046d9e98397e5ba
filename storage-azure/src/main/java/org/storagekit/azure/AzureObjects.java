package org.storagekit.azure;

import com.azure.storage.blob.models.BlobHttpHeaders;
import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.blob.models.BlobItemProperties;
import com.azure.storage.blob.models.BlobProperties;
import com.azure.storage.blob.models.BlobRequestConditions;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.storagekit.Checksum;
import org.storagekit.Precondition;
import org.storagekit.StorageFile;
import org.storagekit.WriteOptions;
import org.storagekit.spi.Etags;

/**
 * Blobs as StorageKit sees them [§2.2, §2.8, §17]: a blob's properties, list item or write response as a
 * {@link StorageFile}, and {@link WriteOptions} as the blob's HTTP headers, metadata and request
 * conditions. The one checksum Azure vouches for is the blob's Content-MD5 (its CRC64 is not
 * CRC-64/NVME and is not reported). Metadata entries that are not the user's — ADLS's
 * {@code hdi_isfolder}, anything named {@code storagekit*} — are not shown.
 */
final class AzureObjects {
  private static final String FOLDER_MARKER = "hdi_isfolder";

  private AzureObjects() {}

  /** The blob's HTTP headers for a write with {@code options} (content type filled in), and its MD5 or null. */
  static BlobHttpHeaders headers(WriteOptions options, byte[] md5) {
    return new BlobHttpHeaders().setContentType(options.contentType().orElse(null))
        .setCacheControl(options.cacheControl().orElse(null))
        .setContentDisposition(options.contentDisposition().orElse(null))
        .setContentEncoding(options.contentEncoding().orElse(null)).setContentMd5(md5);
  }

  /** The metadata to store: the options' or none. */
  static Map<String, String> metadata(WriteOptions options) {
    return options.metadata().orElse(Map.of());
  }

  /** The request conditions of a precondition [§18]: If-None-Match {@code *} or If-Match; null for none. */
  static BlobRequestConditions conditions(Precondition precondition) {
    if (precondition.isIfNotExists()) {
      return new BlobRequestConditions().setIfNoneMatch("*");
    }
    return precondition.ifMatchEtag().map(AzureObjects::ifMatch).orElse(null);
  }

  /** If-Match on an ETag as StorageKit reports it (unquoted). */
  static BlobRequestConditions ifMatch(String etag) {
    return new BlobRequestConditions().setIfMatch(Etags.quote(etag));
  }

  /** Everything Get Blob Properties says of blob {@code name}. */
  static StorageFile stat(String name, BlobProperties p) {
    return StorageFile.builder(name).size(p.getBlobSize()).lastModified(instant(p.getLastModified()))
        .etag(Etags.unquote(p.getETag())).version(p.getVersionId()).checksum(md5(p.getContentMd5()))
        .contentType(p.getContentType()).cacheControl(p.getCacheControl())
        .contentDisposition(p.getContentDisposition()).contentEncoding(p.getContentEncoding())
        .metadata(userMetadata(p.getMetadata())).build();
  }

  /** What one entry of List Blobs (with metadata) says of a blob. */
  static StorageFile listed(BlobItem item) {
    BlobItemProperties p = item.getProperties();
    return StorageFile.builder(item.getName()).size(p.getContentLength()).lastModified(instant(p.getLastModified()))
        .etag(Etags.unquote(p.getETag())).version(item.getVersionId()).checksum(md5(p.getContentMd5()))
        .contentType(p.getContentType()).cacheControl(p.getCacheControl())
        .contentDisposition(p.getContentDisposition()).contentEncoding(p.getContentEncoding())
        .metadata(userMetadata(item.getMetadata())).build();
  }

  /** A blob just written with {@code options} and {@code md5} (or null), as the write response describes it. */
  static StorageFile written(String name, long size, WriteOptions options, Checksum md5, String etag,
      OffsetDateTime lastModified, String version) {
    return StorageFile.builder(name).size(size).lastModified(lastModified == null ? Instant.now()
        : lastModified.toInstant()).etag(Etags.unquote(etag)).version(version).checksum(md5)
        .contentType(options.contentType().orElse(null)).cacheControl(options.cacheControl().orElse(null))
        .contentDisposition(options.contentDisposition().orElse(null))
        .contentEncoding(options.contentEncoding().orElse(null)).metadata(metadata(options)).build();
  }

  /** Whether the metadata marks an ADLS folder, which is not a file. */
  static boolean isFolderMarker(Map<String, String> metadata) {
    return metadata != null && metadata.entrySet().stream()
        .anyMatch(e -> FOLDER_MARKER.equalsIgnoreCase(e.getKey()) && "true".equalsIgnoreCase(e.getValue()));
  }

  static Instant instant(OffsetDateTime time) {
    return time == null ? Instant.EPOCH : time.toInstant();
  }

  /** A Content-MD5 as a checksum, or null where there is none. */
  static Checksum md5(byte[] value) {
    return value == null || value.length != Checksum.Algorithm.MD5.length() ? null
        : Checksum.of(Checksum.Algorithm.MD5, value);
  }

  private static Map<String, String> userMetadata(Map<String, String> metadata) {
    Map<String, String> user = new TreeMap<>();
    if (metadata != null) {
      metadata.forEach((k, v) -> {
        String name = k.toLowerCase(Locale.ROOT);
        if (!name.equals(FOLDER_MARKER) && !name.startsWith("storagekit") && v != null) {
          user.put(k, v);
        }
      });
    }
    return user;
  }
}
