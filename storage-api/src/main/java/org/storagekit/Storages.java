package org.storagekit;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.storagekit.spi.StorageProvider;

/**
 * Opens storages by URI, finding providers with {@link ServiceLoader} [§14].
 *
 * <p>Each provider is loaded on its own, so one broken provider jar is logged and skipped without
 * hiding the others. Two providers claiming one scheme make opening that scheme fail, naming both.
 */
public final class Storages {
  private static final Logger LOG = LoggerFactory.getLogger(Storages.class);

  private Storages() {}

  /**
   * Opens the storage a URI names, such as {@code file:/data/bucket} or {@code s3://bucket/prefix}.
   *
   * @throws IllegalArgumentException if the URI is malformed or no provider serves its scheme (the
   *     message lists the schemes found)
   */
  public static Storage open(String uri) {
    return open(parse(uri), Map.of());
  }

  /** As {@link #open(String)}. */
  public static Storage open(URI uri) {
    return open(uri, Map.of());
  }

  /**
   * Opens the storage a URI names, with provider properties (endpoint, credentials, and the shared
   * {@link StorageOptions} keys).
   */
  public static Storage open(URI uri, Map<String, String> properties) {
    return provider(uri.getScheme()).open(uri, Map.copyOf(properties));
  }

  /**
   * The provider serving {@code scheme}.
   *
   * @throws IllegalArgumentException if none does, listing the schemes found, or if two do, naming
   *     both
   */
  public static StorageProvider provider(String scheme) {
    if (scheme == null || scheme.isEmpty()) {
      throw new IllegalArgumentException("a storage URI needs a scheme, one of " + schemes(providers()));
    }
    String wanted = scheme.toLowerCase(Locale.ROOT);
    List<StorageProvider> all = providers();
    List<StorageProvider> matching = all.stream()
        .filter(p -> p.scheme().equalsIgnoreCase(wanted))
        .collect(Collectors.toList());
    if (matching.isEmpty()) {
      throw new IllegalArgumentException("no storage provider for scheme '" + wanted
          + "'; schemes found: " + schemes(all) + " (add the provider's jar to the classpath)");
    }
    if (matching.size() > 1) {
      throw new IllegalArgumentException("scheme '" + wanted + "' is claimed by several providers: "
          + matching.stream().map(p -> p.getClass().getName()).collect(Collectors.joining(", "))
          + "; remove all but one from the classpath");
    }
    return matching.get(0);
  }

  /**
   * What a provider on the class path serves: its scheme, the capabilities every storage it opens
   * declares at least, and its implementation class.
   *
   * @param scheme the URI scheme, lower case
   * @param capabilities the capabilities it declares at least [§14.1]
   * @param implementation the provider's class name
   */
  public record Provider(String scheme, Set<Capability> capabilities, String implementation) {
    /** Copies the capabilities. */
    public Provider {
      capabilities = Set.copyOf(capabilities);
    }
  }

  /** Every provider found on the context class path, sorted by scheme; broken ones are skipped. */
  public static List<Provider> available() {
    return providers().stream()
        .map(p -> new Provider(p.scheme(), p.capabilities(), p.getClass().getName()))
        .sorted(java.util.Comparator.comparing(Provider::scheme))
        .collect(Collectors.toList());
  }

  /** Every provider found on the context class path, in discovery order; broken ones are skipped. */
  public static List<StorageProvider> providers() {
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    if (loader == null) {
      loader = Storages.class.getClassLoader();
    }
    List<StorageProvider> found = new ArrayList<>();
    Iterator<StorageProvider> it = ServiceLoader.load(StorageProvider.class, loader).iterator();
    while (true) {
      try {
        if (!it.hasNext()) {
          break;
        }
        found.add(it.next());
      } catch (ServiceConfigurationError | LinkageError e) {
        LOG.warn("skipping a storage provider that failed to load: {}", e.toString());
      }
    }
    return found;
  }

  private static String schemes(List<StorageProvider> providers) {
    Map<String, String> byScheme = new TreeMap<>();
    providers.forEach(p -> byScheme.put(p.scheme(), p.getClass().getName()));
    return byScheme.isEmpty() ? "none" : String.join(", ", byScheme.keySet());
  }

  private static URI parse(String uri) {
    try {
      return new URI(uri);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("malformed storage URI '" + uri + "': " + e.getMessage(), e);
    }
  }
}
