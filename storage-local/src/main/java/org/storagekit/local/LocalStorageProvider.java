package org.storagekit.local;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.storagekit.Capability;
import org.storagekit.Storage;
import org.storagekit.StorageOptions;
import org.storagekit.spi.ProviderProperties;
import org.storagekit.spi.StorageProvider;

/**
 * The {@code file:} scheme: {@code file:/data/bucket}, {@code file:///data/bucket} or a relative
 * {@code file:data/bucket}. Properties: {@code create} (default {@code true}: create a missing
 * root), plus the shared {@link StorageOptions} keys.
 */
public final class LocalStorageProvider implements StorageProvider {
  /** The scheme, {@code file}. */
  public static final String SCHEME = "file";

  /** Creates the provider (for {@link java.util.ServiceLoader}). */
  public LocalStorageProvider() {}

  @Override
  public String scheme() {
    return SCHEME;
  }

  @Override
  public Set<Capability> capabilities() {
    return LocalBackend.CAPABILITIES;
  }

  @Override
  public Storage open(URI uri, Map<String, String> properties) {
    if (!SCHEME.equalsIgnoreCase(uri.getScheme())) {
      throw new IllegalArgumentException("not a file: URI: " + uri);
    }
    Path root;
    if (uri.isOpaque()) {
      root = Path.of(uri.getSchemeSpecificPart());
    } else {
      String host = uri.getHost();
      if (host != null && !host.isEmpty() && !host.equalsIgnoreCase("localhost")) {
        throw new IllegalArgumentException("file: URIs name a local folder; remote host '" + host
            + "' is not supported: " + uri);
      }
      if (uri.getPath() == null || uri.getPath().isEmpty()) {
        throw new IllegalArgumentException("file: URI without a path: " + uri);
      }
      root = Path.of(uri.getPath());
    }
    ProviderProperties props = ProviderProperties.of(properties, "local.", Set.of());
    return LocalStorageConfig.builder(root)
        .createRoot(props.bool("create").orElse(true))
        .options(StorageOptions.fromProperties(properties))
        .build()
        .open();
  }
}
