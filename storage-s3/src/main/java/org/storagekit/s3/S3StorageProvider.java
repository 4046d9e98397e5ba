package org.storagekit.s3;

import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.storagekit.Capability;
import org.storagekit.Storage;
import org.storagekit.StorageOptions;
import org.storagekit.spi.StorageProvider;

/**
 * The {@code s3} scheme: {@code s3://bucket} or {@code s3://bucket/prefix}. Properties (all
 * optional):
 *
 * <ul>
 *   <li>{@code s3.endpoint}: URL of an S3-compatible server, e.g. {@code http://127.0.0.1:9000}
 *       (default: AWS, or {@code AWS_ENDPOINT_URL_S3} / {@code AWS_ENDPOINT_URL});
 *   <li>{@code s3.region}: e.g. {@code eu-west-1} (default: the SDK's region chain, such as
 *       {@code AWS_REGION}; {@code us-east-1} if none);
 *   <li>{@code s3.path-style}: {@code true} for {@code host/bucket/key} addressing (default false);
 *   <li>{@code s3.access-key}, {@code s3.secret-key}, {@code s3.session-token}: explicit credentials
 *       (default: the SDK's default chain: environment, system properties, profile, container, instance);
 *   <li>{@code s3.checksum-mode}: {@code auto} (default), {@code when-supported} or {@code when-required};
 *   <li>{@code s3.multipart-threshold}, {@code s3.part-size}: sizes in bytes, or with a {@code K},
 *       {@code M} or {@code G} suffix (binary: {@code 16M} = 16 MiB);
 *   <li>{@code s3.part-concurrency}: parts of one transfer in flight (default 4);
 *   <li>{@code s3.list-page-size}: keys per listing page, 1..1000 (default 1000);
 *   <li>{@code s3.max-attempts}: attempts per request in the SDK's retry strategy (default: the SDK's);
 * </ul>
 *
 * plus the shared {@link StorageOptions} keys. An unknown {@code s3.} property is an error.
 */
public final class S3StorageProvider implements StorageProvider {
  /** The scheme, {@code s3}. */
  public static final String SCHEME = "s3";

  private static final Set<String> KNOWN = Set.of("s3.endpoint", "s3.region", "s3.path-style", "s3.access-key",
      "s3.secret-key", "s3.session-token", "s3.checksum-mode", "s3.multipart-threshold", "s3.part-size",
      "s3.part-concurrency", "s3.list-page-size", "s3.max-attempts");

  /** Creates the provider (for {@link java.util.ServiceLoader}). */
  public S3StorageProvider() {}

  @Override
  public String scheme() {
    return SCHEME;
  }

  @Override
  public Set<Capability> capabilities() {
    return S3Storage.CAPABILITIES;
  }

  @Override
  public Storage open(URI uri, Map<String, String> properties) {
    return config(uri, properties).open();
  }

  /**
   * The typed configuration a URI and properties describe.
   *
   * @throws IllegalArgumentException naming the malformed part or property
   */
  public static S3StorageConfig config(URI uri, Map<String, String> properties) {
    if (!SCHEME.equalsIgnoreCase(uri.getScheme())) {
      throw new IllegalArgumentException("not an s3: URI: " + uri.getScheme() + ":...");
    }
    if (uri.isOpaque()) {
      throw new IllegalArgumentException("an s3 URI looks like s3://bucket/prefix: " + uri);
    }
    if (uri.getRawUserInfo() != null) {
      // never echo the URI: it holds credentials
      throw new IllegalArgumentException("credentials in an s3 URI are not supported; use the properties "
          + "s3.access-key and s3.secret-key or the SDK's default chain");
    }
    if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
      throw new IllegalArgumentException("an s3 URI takes no query or fragment; pass settings as properties: " + uri);
    }
    String bucket = uri.getAuthority();
    if (bucket == null || bucket.isEmpty()) {
      throw new IllegalArgumentException("an s3 URI needs a bucket, as in s3://bucket/prefix: " + uri);
    }
    for (String key : properties.keySet()) {
      if (key.startsWith("s3.") && !KNOWN.contains(key)) {
        throw new IllegalArgumentException("unknown property '" + key + "'; known: " + new java.util.TreeSet<>(KNOWN));
      }
    }
    S3StorageConfig.Builder b = S3StorageConfig.builder(bucket)
        .prefix(uri.getPath() == null ? "" : uri.getPath())
        .options(StorageOptions.fromProperties(properties));
    String endpoint = properties.get("s3.endpoint");
    if (endpoint != null && !endpoint.isBlank()) {
      try {
        b.endpoint(URI.create(endpoint.trim()));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("property 's3.endpoint' is not a URL: " + endpoint, e);
      }
    }
    b.region(properties.get("s3.region"));
    String pathStyle = properties.get("s3.path-style");
    if (pathStyle != null) {
      b.pathStyle(bool("s3.path-style", pathStyle));
    }
    String accessKey = properties.get("s3.access-key");
    String secretKey = properties.get("s3.secret-key");
    if (accessKey != null || secretKey != null) {
      if (accessKey == null || secretKey == null || accessKey.isEmpty() || secretKey.isEmpty()) {
        throw new IllegalArgumentException("properties 's3.access-key' and 's3.secret-key' must be given together");
      }
      b.credentials(accessKey, secretKey, properties.get("s3.session-token"));
    } else if (properties.get("s3.session-token") != null) {
      throw new IllegalArgumentException("property 's3.session-token' needs 's3.access-key' and 's3.secret-key'");
    }
    String mode = properties.get("s3.checksum-mode");
    if (mode != null) {
      try {
        b.checksumMode(S3StorageConfig.parseChecksumMode(mode));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("property 's3.checksum-mode' " + e.getMessage(), e);
      }
    }
    String threshold = properties.get("s3.multipart-threshold");
    if (threshold != null) {
      b.multipartThreshold(size("s3.multipart-threshold", threshold));
    }
    String partSize = properties.get("s3.part-size");
    if (partSize != null) {
      b.partSize(size("s3.part-size", partSize));
    }
    String concurrency = properties.get("s3.part-concurrency");
    if (concurrency != null) {
      b.partConcurrency(number("s3.part-concurrency", concurrency));
    }
    String pageSize = properties.get("s3.list-page-size");
    if (pageSize != null) {
      b.listPageSize(number("s3.list-page-size", pageSize));
    }
    String attempts = properties.get("s3.max-attempts");
    if (attempts != null) {
      b.maxAttempts(number("s3.max-attempts", attempts));
    }
    return b.build();
  }

  private static boolean bool(String name, String value) {
    switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "true":
      case "yes":
      case "on":
        return true;
      case "false":
      case "no":
      case "off":
        return false;
      default:
        throw new IllegalArgumentException("property '" + name + "' must be true or false: " + value);
    }
  }

  private static int number(String name, String value) {
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("property '" + name + "' must be a number: " + value, e);
    }
  }

  /** Parses {@code 8388608}, {@code 8M}, {@code 8MiB}, {@code 8MB} (binary units). */
  static long size(String name, String value) {
    String v = value.trim().toUpperCase(Locale.ROOT);
    if (v.endsWith("IB")) {
      v = v.substring(0, v.length() - 2);
    } else if (v.endsWith("B") && v.length() > 1 && !Character.isDigit(v.charAt(v.length() - 2))) {
      v = v.substring(0, v.length() - 1);
    }
    long unit = 1;
    if (!v.isEmpty()) {
      switch (v.charAt(v.length() - 1)) {
        case 'K':
          unit = 1L << 10;
          break;
        case 'M':
          unit = 1L << 20;
          break;
        case 'G':
          unit = 1L << 30;
          break;
        default:
          break;
      }
    }
    if (unit > 1) {
      v = v.substring(0, v.length() - 1).trim();
    }
    try {
      return Math.multiplyExact(Long.parseLong(v), unit);
    } catch (NumberFormatException | ArithmeticException e) {
      throw new IllegalArgumentException("property '" + name + "' must be a size such as 8388608 or 8M: " + value, e);
    }
  }
}
