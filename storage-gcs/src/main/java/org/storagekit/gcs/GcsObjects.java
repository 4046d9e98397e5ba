package org.storagekit.gcs;

import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.Storage.BlobSourceOption;
import com.google.cloud.storage.Storage.BlobTargetOption;
import com.google.cloud.storage.Storage.BlobWriteOption;
import java.time.OffsetDateTime;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.storagekit.Checksum;
import org.storagekit.Precondition;
import org.storagekit.PreconditionFailedException;
import org.storagekit.StorageException;
import org.storagekit.StorageFile;
import org.storagekit.WriteOptions;
import org.storagekit.spi.StorageContext;

/**
 * GCS object resources as StorageKit files, write options as object resources, and preconditions
 * as generation conditions.
 *
 * <p>A file's ETag is its object generation (and so is its version): the number GCS gives each
 * write of the content and compares exactly and atomically in {@code ifGenerationMatch}, on inserts,
 * resumable finalize, rewrites and reads. GCS's own {@code etag} also changes on metadata-only
 * updates, and no request precondition takes it; reporting it would make {@code ifMatch} need a
 * lookup first, which is not atomic with the write.
 */
final class GcsObjects {
  private final StorageContext context;
  private final String bucket;

  GcsObjects(StorageContext context, String bucket) {
    this.context = context;
    this.bucket = bucket;
  }

  BlobId id(String name) {
    return BlobId.of(bucket, name);
  }

  /**
   * The file as StorageKit describes it, with everything the object resource has. Last-modified is
   * the creation time of the object's current generation, which is when its content was last
   * written (metadata-only updates do not change it); the update time stands in where a server
   * reports no creation time. CRC32C and MD5 are GCS's own, computed on the stored bytes (a
   * composite object has no MD5). User metadata is shown without StorageKit's internal entries.
   */
  StorageFile describe(String name, BlobInfo blob) {
    OffsetDateTime time = blob.getCreateTimeOffsetDateTime();
    if (time == null) {
      time = blob.getUpdateTimeOffsetDateTime();
    }
    if (time == null) {
      throw new StorageException(context.uri(), context.keyOf(name), "the server reported no update time for the object");
    }
    if (blob.getSize() == null) {
      throw new StorageException(context.uri(), context.keyOf(name), "the server reported no size for the object");
    }
    Map<String, String> metadata = new TreeMap<>();
    if (blob.getMetadata() != null) {
      blob.getMetadata().forEach((k, v) -> {
        if (k != null && v != null && !k.toLowerCase(Locale.ROOT).startsWith("storagekit")) {
          metadata.put(k, v);
        }
      });
    }
    String generation = blob.getGeneration() == null ? null : Long.toString(blob.getGeneration());
    return StorageFile.builder(name).size(blob.getSize()).lastModified(time.toInstant())
        .etag(generation != null ? generation : blob.getEtag()).version(generation)
        .checksum(crc32c(blob)).checksum(Checksum.parseBase64(Checksum.Algorithm.MD5, blob.getMd5()).orElse(null))
        .contentType(blob.getContentType()).cacheControl(blob.getCacheControl())
        .contentDisposition(blob.getContentDisposition()).contentEncoding(blob.getContentEncoding())
        .metadata(metadata).build();
  }

  /** The CRC32C the server holds (base64 of 4 big-endian bytes), or null if it reported none. */
  static Checksum crc32c(BlobInfo blob) {
    return Checksum.parseBase64(Checksum.Algorithm.CRC32C, blob.getCrc32c()).orElse(null);
  }

  /** The object resource a write with {@code options} creates: content type, headers, metadata. */
  BlobInfo resource(String name, WriteOptions options, String contentType) {
    return BlobInfo.newBuilder(id(name)).setContentType(contentType)
        .setCacheControl(options.cacheControl().orElse(null))
        .setContentDisposition(options.contentDisposition().orElse(null))
        .setContentEncoding(options.contentEncoding().orElse(null))
        .setMetadata(options.metadata().filter(m -> !m.isEmpty()).orElse(null))
        .build();
  }

  /** The generation {@code condition} requires (0: none may exist), or empty for no condition. */
  Optional<Long> generation(String name, Precondition condition) {
    if (condition.isIfNotExists()) {
      return Optional.of(0L);
    }
    return condition.ifMatchEtag().map(etag -> generationOf(name, etag));
  }

  /** The generation an ETag of this backend names; any other ETag matches no object here. */
  long generationOf(String name, String etag) {
    try {
      long generation = Long.parseLong(etag);
      if (generation > 0) {
        return generation;
      }
    } catch (NumberFormatException e) {
      // below
    }
    throw new PreconditionFailedException(context.uri(), context.keyOf(name),
        "ETag '" + etag + "' is not an object generation, so no file here has it");
  }

  BlobTargetOption[] targetOptions(String name, Precondition condition) {
    return generation(name, condition).map(g -> new BlobTargetOption[] {BlobTargetOption.generationMatch(g)})
        .orElse(new BlobTargetOption[0]);
  }

  BlobWriteOption[] writeOptions(String name, Precondition condition) {
    return generation(name, condition).map(g -> new BlobWriteOption[] {BlobWriteOption.generationMatch(g)})
        .orElse(new BlobWriteOption[0]);
  }

  /** Read options: the stored bytes undecoded, and only generation {@code pinned} if given. */
  static BlobSourceOption[] sourceOptions(Long pinned) {
    return pinned == null ? new BlobSourceOption[] {BlobSourceOption.shouldReturnRawInputStream(true)}
        : new BlobSourceOption[] {BlobSourceOption.shouldReturnRawInputStream(true),
            BlobSourceOption.generationMatch(pinned)};
  }

  /** The generation of a file as described, from its version or ETag; null if it has none. */
  Long pinOf(StorageFile file) {
    Optional<String> g = file.version().or(file::etag);
    return g.isPresent() ? generationOf(file.key(), g.get()) : null;
  }
}
