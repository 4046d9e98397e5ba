package org.storagekit.spi;

import java.net.URI;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiFunction;
import org.storagekit.Capability;
import org.storagekit.Storage;
import org.storagekit.StorageConfig;

/**
 * A provider that opens every storage through its typed configuration: a function the provider
 * passes in reads the URI and the properties into a {@link StorageConfig}, which opens the storage.
 * The function MUST do no I/O and MUST throw {@link IllegalArgumentException} naming a malformed
 * URI part or property.
 */
public abstract class ConfigProvider implements StorageProvider {
  private final String scheme;
  private final Set<Capability> capabilities;
  private final BiFunction<URI, Map<String, String>, ? extends StorageConfig> configs;

  /**
   * For subclasses, whose public no-argument constructor passes their own values.
   *
   * @param scheme the scheme, lower case
   * @param capabilities what every storage of this provider declares at least
   * @param configs reads a URI and properties into a configuration
   */
  protected ConfigProvider(String scheme, Set<Capability> capabilities,
      BiFunction<URI, Map<String, String>, ? extends StorageConfig> configs) {
    this.scheme = Objects.requireNonNull(scheme, "scheme");
    this.capabilities = Set.copyOf(capabilities);
    this.configs = Objects.requireNonNull(configs, "configs");
  }

  @Override
  public final String scheme() {
    return scheme;
  }

  @Override
  public Set<Capability> capabilities() {
    return capabilities;
  }

  /** Opens the storage the configuration that {@code uri} and {@code properties} describe opens. */
  @Override
  public final Storage open(URI uri, Map<String, String> properties) {
    return configs.apply(uri, properties).open();
  }
}
