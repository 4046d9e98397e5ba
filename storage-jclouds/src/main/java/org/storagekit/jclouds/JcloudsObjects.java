package org.storagekit.jclouds;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.jclouds.blobstore.BlobStoreContext;
import org.jclouds.blobstore.domain.BlobMetadata;
import org.jclouds.blobstore.domain.StorageMetadata;
import org.jclouds.blobstore.options.CopyOptions;
import org.jclouds.io.ContentMetadata;
import org.jclouds.io.ContentMetadataBuilder;
import org.jclouds.s3.S3Client;
import org.jclouds.s3.domain.DeleteResult;
import org.storagekit.AccessDeniedException;
import org.storagekit.Checksum;
import org.storagekit.StorageException;
import org.storagekit.StorageFile;
import org.storagekit.TransientException;
import org.storagekit.WriteOptions;
import org.storagekit.spi.ContentTypes;
import org.storagekit.spi.CopyRequest;
import org.storagekit.spi.Etags;
import org.storagekit.spi.StorageContext;

/** jclouds metadata as StorageKit files, copy options from write options, and S3's batch delete. */
final class JcloudsObjects {
  private static final Pattern MD5_HEX = Pattern.compile("[0-9a-f]{32}");

  private JcloudsObjects() {}

  /**
   * The file as StorageKit describes it: size, time, ETag and, where the store has them (a stat,
   * an in-process store's listing), the content headers and user metadata, without StorageKit's
   * internal entries. The MD5 is vouched for only where {@code md5Etag}: the in-process stores' ETag
   * is the MD5 taken at write time; remote ETags are not reliably one (S3 SSE-KMS/SSE-C and
   * multipart, Swift large objects, composites).
   */
  static StorageFile describe(String name, StorageMetadata m, boolean md5Etag) {
    Long size = m.getSize();
    ContentMetadata content = m instanceof BlobMetadata ? ((BlobMetadata) m).getContentMetadata() : null;
    if (size == null && content != null) {
      size = content.getContentLength();
    }
    long bytes = size == null ? 0 : size;
    Instant modified = m.getLastModified() == null ? Instant.EPOCH : m.getLastModified().toInstant();
    String etag = Etags.unquote(m.getETag());
    if (etag == null || etag.isEmpty()) {
      // some stores (filesystem without extended attributes) have none: size and time stand in
      etag = Long.toHexString(modified.toEpochMilli()) + "-" + Long.toHexString(bytes);
    }
    Map<String, String> metadata = new TreeMap<>();
    if (m.getUserMetadata() != null) {
      m.getUserMetadata().forEach((k, v) -> {
        if (k != null && v != null && !k.toLowerCase(Locale.ROOT).startsWith("storagekit")) {
          metadata.put(k.toLowerCase(Locale.ROOT), v);
        }
      });
    }
    StorageFile.Builder b = StorageFile.builder(name).size(bytes).lastModified(modified).etag(etag).metadata(metadata);
    if (md5Etag && MD5_HEX.matcher(etag).matches()) {
      b.checksum(Checksum.ofHex(Checksum.Algorithm.MD5, etag));
    }
    if (content != null) {
      b.contentType(content.getContentType()).cacheControl(content.getCacheControl())
          .contentDisposition(content.getContentDisposition()).contentEncoding(content.getContentEncoding());
    }
    return b.build();
  }

  /** Keeps the source's metadata ({@code NONE}), unless the options set content: then all of it is replaced. */
  static CopyOptions copyOptions(CopyRequest request) {
    WriteOptions o = request.options();
    if (!o.setsContent()) {
      return CopyOptions.NONE;
    }
    ContentMetadata content = ContentMetadataBuilder.create()
        .contentType(o.contentType().orElse(ContentTypes.OCTET_STREAM))
        .cacheControl(o.cacheControl().orElse(null))
        .contentDisposition(o.contentDisposition().orElse(null))
        .contentEncoding(o.contentEncoding().orElse(null))
        .build();
    return CopyOptions.builder().contentMetadata(content).userMetadata(o.metadata().orElse(Map.of())).build();
  }

  /**
   * S3 DeleteObjects through the API behind the portable view, which reports each key's error
   * (jclouds' {@code removeBlobs} drops them); a missing key is no error on S3.
   */
  static Map<String, Throwable> deleteS3(BlobStoreContext jclouds, StorageContext context, String container,
      List<String> names) {
    DeleteResult result = jclouds.unwrapApi(S3Client.class).deleteObjects(container, names);
    Map<String, Throwable> failed = new LinkedHashMap<>();
    result.getErrors().forEach((name, error) -> {
      String key = context.keyOf(name);
      String reason = "S3 " + error.getCode() + ": " + error.getMessage();
      failed.put(name, "AccessDenied".equals(error.getCode()) ? new AccessDeniedException(context.uri(), key, reason)
          : "InternalError".equals(error.getCode()) || "SlowDown".equals(error.getCode())
              ? new TransientException(context.uri(), key, reason)
              : new StorageException(context.uri(), key, reason));
    });
    return failed;
  }
}
