package org.storagekit.jclouds;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.storagekit.Capability;
import org.storagekit.Storage;
import org.storagekit.StorageOptions;
import org.storagekit.spi.ProviderProperties;
import org.storagekit.spi.StorageProvider;

/**
 * The {@code jclouds} scheme: any Apache jclouds blobstore provider or API, named inside the URI.
 *
 * <pre>
 * jclouds://&lt;provider&gt;/&lt;container&gt;[/&lt;prefix&gt;][?endpoint=&lt;url&gt;][&amp;basedir=&lt;dir&gt;]
 *
 * jclouds://transient/scratch/
 * jclouds://filesystem/photos/2024/?basedir=/srv/blobs
 * jclouds://s3/bucket/prefix/?endpoint=http://127.0.0.1:9000
 * jclouds://openstack-swift/container
 * </pre>
 *
 * <p>The authority is the jclouds provider or API id, so one scheme serves every jclouds provider;
 * the first path segment is the container, the rest the key prefix (both percent-decoded). The
 * form {@code jclouds:<provider>://<container>/<prefix>} is accepted as an alias. A storage's
 * {@link Storage#uri()} is always the first form, with a trailing {@code /} and the location-deciding
 * query parameters ({@code basedir}, {@code endpoint}) percent-encoded.
 *
 * <p>Properties (each also allowed as a URI query parameter where marked *; a key given in both
 * places MUST agree):
 *
 * <ul>
 *   <li>{@code endpoint}* — the provider's endpoint URL (for S3-compatible or private servers);
 *   <li>{@code basedir}* — the {@code filesystem} provider's base directory (required for it);
 *   <li>{@code identity}, {@code credential} — the access key (user, account) and secret; when
 *       absent, the environment variables {@code JCLOUDS_IDENTITY} and {@code JCLOUDS_CREDENTIAL};
 *   <li>{@code create} — create a missing container on the first operation (default {@code true});
 *   <li>{@code jclouds.*} — passed to jclouds as override properties;
 *   <li>the shared {@link StorageOptions} keys.
 * </ul>
 *
 * <p>{@link #capabilities()} is the set every jclouds storage declares; a storage's own
 * {@link Storage#capabilities()} may add server-side copy and multipart upload for providers whose
 * jclouds blobstore implements them natively.
 */
public final class JcloudsStorageProvider implements StorageProvider {
  /** The scheme, {@code jclouds}. */
  public static final String SCHEME = "jclouds";

  /** Environment variable holding the identity when no {@code identity} property is given. */
  public static final String IDENTITY_ENV = "JCLOUDS_IDENTITY";

  /** Environment variable holding the credential when no {@code credential} property is given. */
  public static final String CREDENTIAL_ENV = "JCLOUDS_CREDENTIAL";

  private static final Set<String> QUERY_KEYS = Set.of("endpoint", "basedir");
  private static final String OVERRIDES = "jclouds.";

  /** Creates the provider (for {@link java.util.ServiceLoader}). */
  public JcloudsStorageProvider() {}

  @Override
  public String scheme() {
    return SCHEME;
  }

  /**
   * The capabilities common to every jclouds blobstore: write, ranged read, copy and ETags. This is
   * the set every storage the provider opens declares; storages of providers with native
   * server-side copy or multipart declare those as well.
   */
  @Override
  public Set<Capability> capabilities() {
    return JcloudsBackend.COMMON;
  }

  /**
   * Opens the storage a {@code jclouds:} URI names.
   *
   * @throws IllegalArgumentException if the URI or a property is malformed, naming it, or the
   *     provider is unknown to jclouds
   */
  @Override
  public Storage open(URI uri, Map<String, String> properties) {
    return parse(uri, properties).open();
  }

  /**
   * Parses a {@code jclouds:} URI and its properties into a configuration, without any I/O.
   *
   * @throws IllegalArgumentException if the URI or a property is malformed, naming it
   */
  public static JcloudsStorageConfig parse(URI uri, Map<String, String> properties) {
    if (!SCHEME.equalsIgnoreCase(uri.getScheme())) {
      throw new IllegalArgumentException("not a jclouds: URI: " + uri);
    }
    if (uri.getRawFragment() != null) {
      throw new IllegalArgumentException("a jclouds URI has no fragment: " + uri);
    }
    String provider;
    String path;
    String query;
    if (uri.isOpaque()) {
      // the alias jclouds:<provider>://<container>/<prefix>[?query]
      String ssp = uri.getRawSchemeSpecificPart();
      int q = ssp.indexOf('?');
      query = q < 0 ? null : ssp.substring(q + 1);
      ssp = q < 0 ? ssp : ssp.substring(0, q);
      int sep = ssp.indexOf("://");
      if (sep <= 0) {
        throw malformed(uri);
      }
      provider = ssp.substring(0, sep);
      path = ssp.substring(sep + 3);
    } else {
      // the canonical jclouds://<provider>/<container>/<prefix>[?query]
      provider = uri.getRawAuthority();
      path = uri.getRawPath() == null ? "" : uri.getRawPath();
      path = path.startsWith("/") ? path.substring(1) : path;
      query = uri.getRawQuery();
    }
    if (provider == null || provider.isEmpty()) {
      throw malformed(uri);
    }
    provider = provider.toLowerCase(Locale.ROOT);
    int slash = path.indexOf('/');
    String container = decode(slash < 0 ? path : path.substring(0, slash), uri);
    String prefix = slash < 0 ? "" : decode(path.substring(slash + 1), uri);
    if (container.isEmpty()) {
      throw new IllegalArgumentException("jclouds URI without a container: " + uri);
    }

    Map<String, String> merged = new HashMap<>(properties);
    if (query != null && !query.isEmpty()) {
      for (String pair : query.split("&")) {
        int eq = pair.indexOf('=');
        String key = decode(eq < 0 ? pair : pair.substring(0, eq), uri);
        if (!QUERY_KEYS.contains(key)) {
          throw new IllegalArgumentException("unknown jclouds URI parameter '" + key + "' (allowed: endpoint, basedir): "
              + uri);
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
    Set<String> overrides = new TreeSet<>();
    merged.keySet().stream().filter(k -> k.startsWith(OVERRIDES)).forEach(overrides::add);
    ProviderProperties p = ProviderProperties.of(merged, OVERRIDES, overrides);

    JcloudsStorageConfig.Builder b;
    try {
      b = JcloudsStorageConfig.builder(provider, container).prefix(prefix);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(e.getMessage() + " in " + uri, e);
    }
    p.url("endpoint").ifPresent(endpoint -> b.endpoint(endpoint.toString()));
    p.string("basedir").ifPresent(dir -> b.baseDirectory(Path.of(dir)));
    String identity = properties.containsKey("identity") ? p.string("identity").orElse(null) : System.getenv(IDENTITY_ENV);
    String credential = properties.containsKey("credential") ? p.secret("credential").orElse(null)
        : System.getenv(CREDENTIAL_ENV);
    if (identity != null && !identity.isEmpty()) {
      b.credentials(identity, credential);
    } else if (credential != null && properties.containsKey("credential")) {
      throw new IllegalArgumentException("property 'credential' needs 'identity' as well");
    }
    b.createContainer(p.bool("create").orElse(true));
    for (String key : overrides) {
      b.override(key, merged.get(key));
    }
    return b.options(StorageOptions.fromProperties(properties)).build();
  }

  private static IllegalArgumentException malformed(URI uri) {
    return new IllegalArgumentException("a jclouds URI reads jclouds://<provider>/<container>/<prefix>, "
        + "for example jclouds://transient/bucket/; got " + uri);
  }

  /** Percent-decodes UTF-8; {@code +} stays a plus. */
  private static String decode(String s, URI uri) {
    try {
      return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("malformed percent-escape in jclouds URI: " + uri, e);
    }
  }
}
