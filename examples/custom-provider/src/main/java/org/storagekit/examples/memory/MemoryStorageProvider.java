package org.storagekit.examples.memory;

import java.net.URI;
import java.util.Map;
import java.util.Set;
import org.storagekit.StorageOptions;
import org.storagekit.spi.BucketUri;
import org.storagekit.spi.ConfigProvider;
import org.storagekit.spi.ProviderProperties;

/**
 * The {@code memory} scheme: {@code memory://bucket} or {@code memory://bucket/prefix}, a bucket in
 * this JVM's memory. No provider properties; the shared {@link StorageOptions} keys apply. Registered
 * in {@code META-INF/services/org.storagekit.spi.StorageProvider}.
 */
public final class MemoryStorageProvider extends ConfigProvider {
  /** The scheme, {@code memory}. */
  public static final String SCHEME = "memory";

  /** Creates the provider (for {@link java.util.ServiceLoader}); does no I/O. */
  public MemoryStorageProvider() {
    super(SCHEME, MemoryBackend.CAPABILITIES, MemoryStorageProvider::config);
  }

  /** The configuration {@code memory://bucket/prefix} and its properties describe. */
  static MemoryStorageConfig config(URI uri, Map<String, String> properties) {
    BucketUri location = BucketUri.parse(uri, SCHEME, "bucket");
    ProviderProperties.of(properties, SCHEME + ".", Set.of());
    return new MemoryStorageConfig(location.bucket(), location.prefix(), StorageOptions.fromProperties(properties));
  }
}
