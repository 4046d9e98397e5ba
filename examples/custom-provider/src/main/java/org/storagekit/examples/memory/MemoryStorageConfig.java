package org.storagekit.examples.memory;

import java.net.URI;
import java.util.Objects;
import org.storagekit.Storage;
import org.storagekit.StorageConfig;
import org.storagekit.StorageOptions;
import org.storagekit.spi.Keys;
import org.storagekit.spi.StorageContext;
import org.storagekit.spi.StorageEngine;

/**
 * A bucket held in this JVM's memory, optionally under a prefix: {@code memory://bucket/prefix}.
 * Every storage opened on the same bucket sees the same objects, until the JVM exits.
 *
 * @param bucket the bucket's name
 * @param prefix the object-name prefix: empty, or ending with {@code /}
 * @param options the shared options
 */
public record MemoryStorageConfig(String bucket, String prefix, StorageOptions options) implements StorageConfig {

  /** Validates the configuration and normalizes the prefix. */
  public MemoryStorageConfig {
    Objects.requireNonNull(bucket, "bucket");
    if (!bucket.matches("[a-z0-9][a-z0-9.-]*")) {
      throw new IllegalArgumentException("bucket names are lower-case letters, digits, dots and dashes: " + bucket);
    }
    prefix = Keys.storagePrefix(prefix == null ? "" : prefix);
    Objects.requireNonNull(options, "options");
  }

  /** The bucket with no prefix and the default options. */
  public static MemoryStorageConfig of(String bucket) {
    return new MemoryStorageConfig(bucket, "", StorageOptions.defaults());
  }

  /** The same bucket under {@code newPrefix}. */
  public MemoryStorageConfig withPrefix(String newPrefix) {
    return new MemoryStorageConfig(bucket, newPrefix, options);
  }

  @Override
  public Storage open() {
    StorageContext context = StorageContext.of(URI.create("memory://" + bucket + "/" + prefix), prefix, options);
    return StorageEngine.open(context, new MemoryBackend(context, MemoryBackend.bucket(bucket)));
  }
}
