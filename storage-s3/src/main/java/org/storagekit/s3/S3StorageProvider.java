package org.storagekit.s3;

import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.storagekit.StorageOptions;
import org.storagekit.spi.BucketUri;
import org.storagekit.spi.ConfigProvider;
import org.storagekit.spi.ProviderProperties;

/**
 * The {@code s3} scheme: {@code s3://bucket} or {@code s3://bucket/prefix}. Properties (all
 * optional, parsed by {@link ProviderProperties}; an unknown {@code s3.} property is an error):
 *
 * <ul>
 *   <li>{@code s3.endpoint}: URL of an S3-compatible server, e.g. {@code http://127.0.0.1:9000}
 *       (default: AWS, or {@code AWS_ENDPOINT_URL_S3} / {@code AWS_ENDPOINT_URL});
 *   <li>{@code s3.region}: e.g. {@code eu-west-1} (default: {@code AWS_REGION}, else {@code us-east-1});
 *   <li>{@code s3.path-style}: {@code true} for {@code host/bucket/key} addressing (default false);
 *   <li>{@code s3.access-key}, {@code s3.secret-key}, {@code s3.session-token}: explicit credentials
 *       (default: the SDK's default chain: environment, system properties, profile, container, instance);
 *   <li>{@code s3.checksum-mode}: {@code auto} (default), {@code when-supported} or {@code when-required};
 *   <li>{@code s3.conditional-writes}: {@code true} if the server enforces {@code If-None-Match} and
 *       {@code If-Match} on writes (default: on AWS endpoints only);
 *   <li>{@code s3.multipart-threshold}, {@code s3.part-size}: sizes such as {@code 16M} (binary units);
 *   <li>{@code s3.part-concurrency}: parts of one transfer in flight (default 4);
 *   <li>{@code s3.list-page-size}: keys per listing page, 1..1000 (default 1000);
 * </ul>
 *
 * plus the shared {@link StorageOptions} keys, retries and timeouts among them
 * ({@code retry.max-attempts}, {@code timeout.read}, ...: {@link org.storagekit.RetryOptions}).
 */
public final class S3StorageProvider extends ConfigProvider {
  /** The scheme, {@code s3}. */
  public static final String SCHEME = "s3";

  private static final Set<String> KNOWN = Set.of("s3.endpoint", "s3.region", "s3.path-style", "s3.access-key",
      "s3.secret-key", "s3.session-token", "s3.checksum-mode", "s3.conditional-writes", "s3.multipart-threshold", "s3.part-size",
      "s3.part-concurrency", "s3.list-page-size");

  /** Creates the provider (for {@link java.util.ServiceLoader}). */
  public S3StorageProvider() {
    super(SCHEME, S3Backend.CAPABILITIES, S3StorageProvider::config);
  }

  /**
   * The typed configuration a URI and properties describe.
   *
   * @throws IllegalArgumentException naming the malformed part or property
   */
  public static S3StorageConfig config(URI uri, Map<String, String> properties) {
    BucketUri location = BucketUri.parse(uri, SCHEME, "bucket");
    ProviderProperties p = ProviderProperties.of(properties, "s3.", KNOWN);
    S3StorageConfig.Builder b = S3StorageConfig.builder(location.bucket())
        .prefix(location.prefix())
        .options(StorageOptions.fromProperties(properties))
        .region(p.string("s3.region").orElse(null));
    p.url("s3.endpoint").ifPresent(b::endpoint);
    p.bool("s3.path-style").ifPresent(b::pathStyle);
    Optional<String> accessKey = p.secret("s3.access-key");
    Optional<String> secretKey = p.secret("s3.secret-key");
    Optional<String> sessionToken = p.secret("s3.session-token");
    if (accessKey.isPresent() != secretKey.isPresent() || sessionToken.isPresent() && accessKey.isEmpty()) {
      throw new IllegalArgumentException("properties 's3.access-key' and 's3.secret-key' go together, and "
          + "'s3.session-token' needs both");
    }
    accessKey.ifPresent(key -> b.credentials(key, secretKey.get(), sessionToken.orElse(null)));
    p.choice("s3.checksum-mode", S3StorageConfig.ChecksumMode.class).ifPresent(b::checksumMode);
    p.bool("s3.conditional-writes").ifPresent(b::conditionalWrites);
    p.size("s3.multipart-threshold").ifPresent(b::multipartThreshold);
    p.size("s3.part-size").ifPresent(b::partSize);
    p.integer("s3.part-concurrency").ifPresent(b::partConcurrency);
    p.integer("s3.list-page-size").ifPresent(b::listPageSize);
    return b.build();
  }
}
