package org.storagekit.jclouds;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.storagekit.Storage;
import org.storagekit.StorageOptions;
import org.storagekit.spi.BucketUri;
import org.storagekit.spi.ConfigProvider;
import org.storagekit.spi.ProviderProperties;
import org.storagekit.spi.Settings;

/**
 * The {@code jclouds} scheme: any Apache jclouds blobstore provider or API, named inside the URI:
 * {@code jclouds://<provider>/<container>[/<prefix>][?endpoint=<url>][&basedir=<dir>]}, for example
 * {@code jclouds://transient/scratch/} or {@code jclouds://s3/bucket/prefix/?endpoint=http://127.0.0.1:9000}.
 * Container and prefix are percent-decoded; {@code jclouds:<provider>://<container>/<prefix>} is an
 * alias. A storage's {@link Storage#uri()} is the first form with a trailing {@code /} and the
 * location-deciding parameters ({@code basedir}, {@code endpoint}) percent-encoded.
 *
 * <p>Properties: {@code endpoint} and {@code basedir} (the {@code filesystem} provider's base
 * directory; both also URI parameters, and where given twice they MUST agree); {@code identity} and
 * {@code credential} (else the environment's {@code JCLOUDS_IDENTITY} and {@code JCLOUDS_CREDENTIAL});
 * {@code create} (create a missing container on the first operation, default {@code true});
 * {@code jclouds.*}, passed to jclouds as overrides; and the shared {@link StorageOptions} keys, retries
 * and timeouts among them ({@code retry.max-attempts}, {@code timeout.read}, ...:
 * {@link org.storagekit.RetryOptions}), which become jclouds' retry and timeout properties.
 */
public final class JcloudsStorageProvider extends ConfigProvider {
  /** The scheme, {@code jclouds}. */
  public static final String SCHEME = "jclouds";
  /** Environment variable holding the identity when no {@code identity} property is given. */
  public static final String IDENTITY_ENV = "JCLOUDS_IDENTITY";
  /** Environment variable holding the credential when no {@code credential} property is given. */
  public static final String CREDENTIAL_ENV = "JCLOUDS_CREDENTIAL";

  private static final String SHAPE = "jclouds://<provider>/<container>/<prefix>";
  private static final Set<String> QUERY_KEYS = Set.of("endpoint", "basedir");
  private static final String OVERRIDES = "jclouds.";

  /**
   * Creates the provider (for {@link java.util.ServiceLoader}). It opens a storage without a network
   * call: {@link #parse}, then {@link JcloudsStorageConfig#open}. Its capabilities are those every
   * jclouds storage declares: write, ranged read, copy and ETags; storages of providers with native
   * server-side copy or multipart declare those as well.
   */
  public JcloudsStorageProvider() {
    super(SCHEME, JcloudsBackend.COMMON, JcloudsStorageProvider::parse);
  }

  /**
   * Parses a {@code jclouds:} URI and its properties into a configuration, without any I/O.
   *
   * @throws IllegalArgumentException if the URI or a property is malformed, naming it
   */
  public static JcloudsStorageConfig parse(URI uri, Map<String, String> properties) {
    BucketUri.checkScheme(uri, SCHEME, SHAPE);
    if (uri.getRawFragment() != null) {
      throw new IllegalArgumentException("a jclouds URI has no fragment: " + BucketUri.printable(uri));
    }
    if (uri.isOpaque()) {
      // the alias jclouds:<provider>://<container>/<prefix>[?query] reads as the canonical form
      String ssp = uri.getRawSchemeSpecificPart();
      int sep = ssp.indexOf("://");
      if (sep <= 0) {
        throw malformed(uri);
      }
      return parse(URI.create(SCHEME + "://" + ssp.substring(0, sep) + "/" + ssp.substring(sep + 3)), properties);
    }
    if (uri.getRawAuthority() == null || uri.getRawAuthority().isEmpty()) {
      throw malformed(uri);
    }
    if (uri.getRawAuthority().contains("@")) {
      throw new IllegalArgumentException("credentials do not go in a jclouds URI; set the properties 'identity' and "
          + "'credential': " + BucketUri.printable(uri));
    }
    String provider = uri.getRawAuthority().toLowerCase(Locale.ROOT);
    String path = uri.getRawPath() == null ? "" : uri.getRawPath().replaceFirst("^/", "");
    String query = uri.getRawQuery();
    int slash = path.indexOf('/');
    String container = decode(slash < 0 ? path : path.substring(0, slash), uri);
    String prefix = slash < 0 ? "" : decode(path.substring(slash + 1), uri);
    if (container.isEmpty()) {
      throw new IllegalArgumentException("jclouds URI without a container: " + BucketUri.printable(uri));
    }
    Map<String, String> merged = new HashMap<>(properties);
    if (query != null && !query.isEmpty()) {
      for (String pair : query.split("&")) {
        int eq = pair.indexOf('=');
        String key = decode(eq < 0 ? pair : pair.substring(0, eq), uri);
        if (!QUERY_KEYS.contains(key)) {
          throw new IllegalArgumentException("unknown jclouds URI parameter '" + key + "' (allowed: endpoint, "
              + "basedir): " + BucketUri.printable(uri));
        }
        String fromUri = eq < 0 ? "" : decode(pair.substring(eq + 1), uri);
        String fromProperties = merged.putIfAbsent(key, fromUri);
        if (fromProperties != null && !fromProperties.equals(fromUri)) {
          throw new IllegalArgumentException("property '" + key + "' differs from the URI's parameter: "
              + fromProperties + " vs " + fromUri);
        }
      }
    }
    // every jclouds.* key is an override for jclouds itself, so none is unknown to this provider
    Set<String> overrides = merged.keySet().stream().filter(k -> k.startsWith(OVERRIDES)).collect(Collectors.toSet());
    ProviderProperties p = ProviderProperties.of(merged, OVERRIDES, overrides);

    JcloudsStorageConfig.Builder b = JcloudsStorageConfig.builder(provider, container).prefix(prefix);
    p.url("endpoint").ifPresent(endpoint -> b.endpoint(endpoint.toString()));
    p.string("basedir").ifPresent(dir -> b.baseDirectory(Path.of(dir)));
    String identity = properties.containsKey("identity") ? p.string("identity").orElse(null)
        : Settings.env(System.getenv(), IDENTITY_ENV).orElse(null);
    String credential = properties.containsKey("credential") ? p.secret("credential").orElse(null)
        : System.getenv(CREDENTIAL_ENV); // a secret: as it is, untrimmed
    if (identity != null) {
      b.credentials(identity, credential);
    } else if (credential != null && properties.containsKey("credential")) {
      throw new IllegalArgumentException("property 'credential' needs 'identity' as well");
    }
    b.createContainer(p.bool("create").orElse(true));
    for (String key : overrides) {
      b.override(key, merged.get(key));
    }
    try {
      return b.options(StorageOptions.fromProperties(properties)).build();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(e.getMessage() + " in " + BucketUri.printable(uri), e);
    }
  }

  private static IllegalArgumentException malformed(URI uri) {
    return new IllegalArgumentException("a jclouds URI reads " + SHAPE + ", for example "
        + "jclouds://transient/bucket/; got " + BucketUri.printable(uri));
  }

  /** Percent-decodes UTF-8; {@code +} stays a plus. */
  private static String decode(String s, URI uri) {
    try {
      return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("malformed percent-escape in jclouds URI: " + BucketUri.printable(uri), e);
    }
  }
}
