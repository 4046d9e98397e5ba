package org.storagekit.s3;

import java.net.URI;
import java.util.Objects;
import java.util.Optional;
import org.storagekit.Storage;
import org.storagekit.StorageConfig;
import org.storagekit.StorageOptions;
import org.storagekit.spi.BucketUri;
import org.storagekit.spi.ConfigBuilder;
import org.storagekit.spi.Keys;
import org.storagekit.spi.Settings;
import org.storagekit.spi.StorageContext;
import org.storagekit.spi.StorageEngine;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;

/**
 * Configuration of an S3 storage: where the bucket is, how to authenticate, how checksums are
 * handled and uploads split into parts, and the shared {@link StorageOptions}. An immutable value;
 * build it with {@link #builder(String)}. Credentials are never printed.
 *
 * @param bucket the bucket
 * @param prefix the object-name prefix inside the bucket: empty, or ending with {@code /}
 * @param endpoint the endpoint set explicitly (otherwise AWS, or {@code AWS_ENDPOINT_URL_S3})
 * @param region the region set explicitly (otherwise {@code aws.region} / {@code AWS_REGION}, or {@code us-east-1})
 * @param pathStyle whether requests address the bucket in the path ({@code host/bucket/key})
 * @param credentials explicit credentials, or the SDK's default chain
 * @param checksumMode the checksum mode as configured (possibly {@link ChecksumMode#AUTO})
 * @param conditionalWrites whether the server checks {@code If-None-Match}/{@code If-Match} on writes, as
 *     configured; by default only AWS endpoints are trusted to (see {@link #conditionalWritesEnabled()})
 * @param multipartThreshold uploads larger than this many bytes are sent in parts
 * @param partSize the size of each uploaded part (the last may be smaller)
 * @param partConcurrency parts of one transfer in flight at once; bounds what a stream upload holds
 * @param listPageSize keys per ListObjectsV2 page, 1 to 1000
 * @param options the shared options, with the retries and timeouts ({@link org.storagekit.RetryOptions})
 *     the client maps onto the SDK's retry strategy, its call timeout and the HTTP client's timeouts
 */
public record S3StorageConfig(String bucket, String prefix, Optional<URI> endpoint, Optional<String> region,
    boolean pathStyle, Credentials credentials, ChecksumMode checksumMode, Optional<Boolean> conditionalWrites,
    long multipartThreshold, long partSize,
    int partConcurrency, int listPageSize, StorageOptions options)
    implements StorageConfig {
  /** S3's smallest part size (every part but the last), 5 MiB. */
  public static final long MIN_PART_SIZE = 5L * 1024 * 1024;
  /** S3's largest part size, 5 GiB. */
  public static final long MAX_PART_SIZE = 5L * 1024 * 1024 * 1024;
  /** Default {@link #multipartThreshold()}, 16 MiB. */
  public static final long DEFAULT_MULTIPART_THRESHOLD = 16L * 1024 * 1024;
  /** Default {@link #partSize()}, 8 MiB. */
  public static final long DEFAULT_PART_SIZE = 8L * 1024 * 1024;
  /** Default {@link #partConcurrency()}, 4. */
  public static final int DEFAULT_PART_CONCURRENCY = 4;
  /** Default {@link #listPageSize()}, 1000 (S3's maximum). */
  public static final int DEFAULT_LIST_PAGE_SIZE = 1000;
  /** S3's most parts in one multipart upload. */
  static final int MAX_PARTS = 10_000;

  /** How the SDK computes request checksums and validates response checksums. */
  public enum ChecksumMode {
    /** {@link #WHEN_SUPPORTED} on AWS; {@link #WHEN_REQUIRED} elsewhere (many servers reject CRC trailers). */
    AUTO,
    /** The SDK default: CRC checksums on every upload (as trailers), response checksums validated. */
    WHEN_SUPPORTED,
    /** SDK checksums only where required; StorageKit then sends Content-MD5 on every upload and part. */
    WHEN_REQUIRED
  }

  /** Validates the configuration and normalizes the prefix; an error names the setting. */
  public S3StorageConfig {
    Objects.requireNonNull(bucket, "bucket");
    if (bucket.isEmpty() || bucket.length() > 255 || !bucket.chars().allMatch(c -> (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '_')) {
      throw new IllegalArgumentException("bucket must be a non-empty S3 bucket name (letters, digits, "
          + "'.', '-', '_'): '" + bucket + "'");
    }
    prefix = Keys.storagePrefix(prefix);
    Objects.requireNonNull(endpoint, "endpoint").ifPresent(e -> Settings.httpUrl("endpoint", e));
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(credentials, "credentials");
    Objects.requireNonNull(checksumMode, "checksumMode");
    Objects.requireNonNull(conditionalWrites, "conditionalWrites");
    Settings.size("multipartThreshold", multipartThreshold, MIN_PART_SIZE, MAX_PART_SIZE);
    Settings.size("partSize", partSize, MIN_PART_SIZE, MAX_PART_SIZE);
    Settings.range("partConcurrency", partConcurrency, 1, 64);
    Settings.range("listPageSize", listPageSize, 1, 1000);
    Objects.requireNonNull(options, "options");
  }

  /** A builder for a storage in {@code bucket}: letters, digits, {@code . - _} (checked at build). */
  public static Builder builder(String bucket) {
    return new Builder(bucket);
  }

  /** Whether credentials were given explicitly (a key pair or a provider), not left to the SDK's default chain. */
  public boolean explicitCredentials() {
    return credentials.provider().isPresent();
  }

  /** The storage's normalized URI, {@code s3://bucket/} or {@code s3://bucket/prefix/}. */
  public URI uri() {
    return new BucketUri(S3StorageProvider.SCHEME, bucket, prefix).uri();
  }

  /**
   * Opens the storage. No request is sent: a missing bucket (a {@code NotFoundException} naming it)
   * or bad credentials show on first use. Without a configured region: {@code aws.region} or
   * {@code AWS_REGION}, else {@code us-east-1}; on AWS with cross-region access, which corrects a
   * wrong guess.
   */
  @Override
  public Storage open() {
    StorageContext context = context();
    return StorageEngine.open(context, new S3Backend(context, this, S3Backend.COPY_MULTIPART_THRESHOLD, o -> { }));
  }

  /** The context of the storage this configuration opens. */
  StorageContext context() {
    return StorageContext.of(uri(), prefix, options);
  }

  /**
   * Whether the endpoint in effect (the configured one, else {@code AWS_ENDPOINT_URL_S3}, else
   * {@code AWS_ENDPOINT_URL}) is Amazon's own: none, or one under amazonaws.com.
   */
  boolean awsEndpoint() {
    Optional<URI> e = endpoint.or(() -> Settings.env(System.getenv(), "AWS_ENDPOINT_URL_S3", "AWS_ENDPOINT_URL")
        .map(URI::create));
    String host = e.isEmpty() ? "s3.amazonaws.com" : e.get().getHost();
    return host != null && (host.endsWith(".amazonaws.com") || host.endsWith(".amazonaws.com.cn"));
  }

  /** The checksum mode with {@link ChecksumMode#AUTO} resolved for the endpoint in effect. */
  ChecksumMode effectiveChecksumMode() {
    return checksumMode != ChecksumMode.AUTO ? checksumMode
        : awsEndpoint() ? ChecksumMode.WHEN_SUPPORTED : ChecksumMode.WHEN_REQUIRED;
  }

  /**
   * Whether storages declare {@link org.storagekit.Capability#CONDITIONAL_WRITE}: as configured, else
   * on AWS endpoints only. S3 checks {@code If-None-Match: *} and {@code If-Match} on PutObject and
   * CompleteMultipartUpload; many S3-compatible servers accept the headers and ignore them (S3Proxy
   * 2.7.0 does), and a condition that is silently not checked is worse than none.
   */
  public boolean conditionalWritesEnabled() {
    return conditionalWrites.orElseGet(this::awsEndpoint);
  }

  /**
   * Explicit credentials (a static key pair or an SDK provider), or the SDK's default chain
   * (environment, system properties, profile, container, instance) when empty. Printed only as
   * {@code explicit} or {@code default-chain}.
   *
   * @param provider the explicit provider, if any
   */
  public record Credentials(Optional<AwsCredentialsProvider> provider) {
    /** Validates the value. */
    public Credentials {
      Objects.requireNonNull(provider, "provider");
    }

    @Override
    public String toString() {
      return provider.isPresent() ? "explicit" : "default-chain";
    }
  }

  /** A static key pair, equal by value; never printed. Neither the id nor the secret may be empty. */
  private record KeyPair(String id, String secret, String token) implements AwsCredentialsProvider {
    KeyPair {
      if (id == null || id.isEmpty() || secret == null || secret.isEmpty()) {
        throw new IllegalArgumentException("both the access key id and the secret key must be given");
      }
      token = token == null || token.isEmpty() ? null : token;
    }

    @Override
    public AwsCredentials resolveCredentials() {
      return token == null ? AwsBasicCredentials.create(id, secret) : AwsSessionCredentials.create(id, secret, token);
    }

    @Override
    public String toString() {
      return "KeyPair[redacted]";
    }
  }

  /** Builds {@link S3StorageConfig}; {@link #build()} checks the values, naming the setting. */
  public static final class Builder extends ConfigBuilder<Builder> {
    private final String bucket;
    private URI endpoint;
    private String region;
    private boolean pathStyle;
    private Credentials credentials = new Credentials(Optional.empty());
    private ChecksumMode checksumMode = ChecksumMode.AUTO;
    private Boolean conditionalWrites;
    private long multipartThreshold = DEFAULT_MULTIPART_THRESHOLD;
    private long partSize = DEFAULT_PART_SIZE;
    private int partConcurrency = DEFAULT_PART_CONCURRENCY;
    private int listPageSize = DEFAULT_LIST_PAGE_SIZE;

    private Builder(String bucket) {
      this.bucket = bucket;
    }

    /** A custom http or https endpoint, such as {@code http://127.0.0.1:9000}; {@code null} for AWS. */
    public Builder endpoint(URI endpoint) {
      this.endpoint = endpoint;
      return this;
    }

    /** The region, such as {@code eu-west-1}; {@code null} for {@code AWS_REGION} or {@code us-east-1}. */
    public Builder region(String region) {
      this.region = Settings.trimToNull(region);
      return this;
    }

    /** Path-style addressing (default false: virtual-hosted style); most S3-compatible servers need true. */
    public Builder pathStyle(boolean pathStyle) {
      this.pathStyle = pathStyle;
      return this;
    }

    /** Explicit static credentials, used instead of the SDK's default chain; neither may be empty. */
    public Builder credentials(String accessKeyId, String secretAccessKey) {
      return credentials(accessKeyId, secretAccessKey, null);
    }

    /** Explicit temporary credentials with a session token ({@code null} for none). */
    public Builder credentials(String accessKeyId, String secretAccessKey, String sessionToken) {
      return credentialsProvider(new KeyPair(accessKeyId, secretAccessKey, sessionToken));
    }

    /** An SDK credentials provider, used instead of the default chain; {@code null} restores the chain. */
    public Builder credentialsProvider(AwsCredentialsProvider provider) {
      this.credentials = new Credentials(Optional.ofNullable(provider));
      return this;
    }

    /** The checksum mode (default {@link ChecksumMode#AUTO}). */
    public Builder checksumMode(ChecksumMode mode) {
      this.checksumMode = mode;
      return this;
    }

    /**
     * Whether the server checks {@code If-None-Match}/{@code If-Match} on PutObject and
     * CompleteMultipartUpload, so that storages declare CONDITIONAL_WRITE; {@code null} (default): on
     * AWS endpoints only. Turn it on only for a server known to enforce them.
     */
    public Builder conditionalWrites(Boolean enabled) {
      this.conditionalWrites = enabled;
      return this;
    }

    /** Uploads larger than this are multipart: 5 MiB..5 GiB, S3's single-put limit (default 16 MiB). */
    public Builder multipartThreshold(long bytes) {
      this.multipartThreshold = bytes;
      return this;
    }

    /** The part size, 5 MiB..5 GiB (default 8 MiB). */
    public Builder partSize(long bytes) {
      this.partSize = bytes;
      return this;
    }

    /** Parts of one transfer in flight at once, 1..64 (default 4). */
    public Builder partConcurrency(int parts) {
      this.partConcurrency = parts;
      return this;
    }

    /** Keys per listing page, 1..1000 (default 1000). */
    public Builder listPageSize(int keys) {
      this.listPageSize = keys;
      return this;
    }

    /** Builds the configuration; an {@link IllegalArgumentException} names a setting out of range. */
    public S3StorageConfig build() {
      return new S3StorageConfig(bucket, prefix, Optional.ofNullable(endpoint), Optional.ofNullable(region),
          pathStyle, credentials, checksumMode, Optional.ofNullable(conditionalWrites), multipartThreshold, partSize, partConcurrency, listPageSize,
          options());
    }
  }
}
