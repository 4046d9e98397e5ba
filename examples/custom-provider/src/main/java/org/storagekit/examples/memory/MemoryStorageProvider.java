package org.storagekit.examples.memory;

import java.net.URI;
import java.util.Map;
import java.util.Set;
import org.storagekit.Capability;
import org.storagekit.Storage;
import org.storagekit.StorageOptions;
import org.storagekit.spi.ProviderProperties;
import org.storagekit.spi.StorageProvider;

/**
 * The {@code memory} scheme: {@code memory://bucket} or {@code memory://bucket/prefix}, a bucket in
 * this JVM's memory. No provider properties; the shared {@link StorageOptions} keys apply. Registered
 * in {@code META-INF/services/org.storagekit.spi.StorageProvider}.
 */
public final class MemoryStorageProvider implements StorageProvider {
  /** The scheme, {@code memory}. */
  public static final String SCHEME = "memory";

  /** Creates the provider (for {@link java.util.ServiceLoader}); does no I/O. */
  public MemoryStorageProvider() {}

  @Override
  public String scheme() {
    return SCHEME;
  }

  @Override
  public Set<Capability> capabilities() {
    return MemoryBackend.CAPABILITIES;
  }

  @Override
  public Storage open(URI uri, Map<String, String> properties) {
    if (!SCHEME.equalsIgnoreCase(uri.getScheme()) || uri.isOpaque() || uri.getAuthority() == null) {
      throw new IllegalArgumentException("a memory URI looks like memory://bucket/prefix: " + uri);
    }
    ProviderProperties.of(properties, SCHEME + ".", Set.of());
    return new MemoryStorageConfig(uri.getAuthority(), uri.getPath(), StorageOptions.fromProperties(properties)).open();
  }
}
