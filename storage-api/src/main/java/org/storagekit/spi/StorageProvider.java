package org.storagekit.spi;

import java.net.URI;
import java.util.Map;
import java.util.Set;
import org.storagekit.Capability;
import org.storagekit.Storage;

/**
 * A backend, found by {@link java.util.ServiceLoader} and keyed by a URI scheme [§14]. Register the
 * implementation in {@code META-INF/services/org.storagekit.spi.StorageProvider}. It MUST have a
 * public no-argument constructor that does no I/O.
 */
public interface StorageProvider {

  /** The URI scheme this provider serves, lower case, for example {@code s3}. */
  String scheme();

  /**
   * The capabilities every storage this provider opens declares at least [§14.1]. A storage may
   * declare more (for example per remote service); its own {@code capabilities()} is authoritative.
   */
  Set<Capability> capabilities();

  /**
   * Opens the storage a URI names.
   *
   * @param uri a URI with this provider's scheme
   * @param properties provider-specific settings (endpoint, credentials, ...) plus the shared
   *     {@link org.storagekit.StorageOptions} keys; documented by each provider
   * @throws IllegalArgumentException if the URI or a property is malformed, naming it
   */
  Storage open(URI uri, Map<String, String> properties);
}
