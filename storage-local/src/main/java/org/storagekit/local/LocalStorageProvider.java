package org.storagekit.local;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.storagekit.StorageOptions;
import org.storagekit.spi.BucketUri;
import org.storagekit.spi.ConfigProvider;
import org.storagekit.spi.ProviderProperties;

/**
 * The {@code file:} scheme: {@code file:/data/bucket}, {@code file:///data/bucket} or a relative
 * {@code file:data/bucket}. Properties: {@code create} (default {@code true}: create a missing
 * root), plus the shared {@link StorageOptions} keys.
 */
public final class LocalStorageProvider extends ConfigProvider {
  /** The scheme, {@code file}. */
  public static final String SCHEME = "file";

  /** Creates the provider (for {@link java.util.ServiceLoader}). */
  public LocalStorageProvider() {
    super(SCHEME, LocalBackend.CAPABILITIES, LocalStorageProvider::config);
  }

  /**
   * The typed configuration a {@code file:} URI and properties describe.
   *
   * @throws IllegalArgumentException naming the malformed part or property
   */
  public static LocalStorageConfig config(URI uri, Map<String, String> properties) {
    BucketUri.checkScheme(uri, SCHEME, "file:/path/to/folder");
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
        .build();
  }
}
