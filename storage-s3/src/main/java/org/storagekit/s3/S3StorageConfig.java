package org.storagekit.s3;

import org.storagekit.StorageConfig;

import java.net.URI;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.storagekit.Storage;
import org.storagekit.StorageOptions;
import org.storagekit.spi.Keys;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;

/**
 * Configuration of an S3 storage: the bucket and prefix, where the service is (endpoint, region,
 * path-style access), how to authenticate, how checksums are handled, how uploads are split into
 * parts, the listing page size, and the shared {@link StorageOptions}. Immutable; build with
 * {@link #builder(String)}.
 *
 * <p>Credentials are never printed: {@link #toString()} says only whether they are explicit or come
 * from the SDK's default chain.
 */
public final class S3StorageConfig implements StorageConfig {
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

  /**
   * How the SDK computes request checksums and validates response checksums.
   */
  public enum ChecksumMode {
    /**
     * {@link #WHEN_SUPPORTED} for AWS endpoints; {@link #WHEN_REQUIRED} (plus Content-MD5) for a
     * custom endpoint, since many S3-compatible servers reject the SDK's trailing checksums.
     */
    AUTO,
    /**
     * The SDK default: CRC checksums on every upload (sent as trailers) and validation of response
     * checksums where the object has one.
     */
    WHEN_SUPPORTED,
    /**
     * SDK checksums only where an operation requires one. StorageKit then sends Content-MD5 on every
     * upload and part, so the server still verifies what it receives.
     */
    WHEN_REQUIRED
  }

  private final String bucket;
  private final String prefix;
  private final URI endpoint;
  private final String region;
  private final boolean pathStyle;
  private final Credentials credentials;
  private final AwsCredentialsProvider credentialsProvider;
  private final ChecksumMode checksumMode;
  private final long multipartThreshold;
  private final long partSize;
  private final int partConcurrency;
  private final int listPageSize;
  private final int maxAttempts;
  private final StorageOptions options;

  private S3StorageConfig(Builder b) {
    this.bucket = b.bucket;
    this.prefix = b.prefix;
    this.endpoint = b.endpoint;
    this.region = b.region;
    this.pathStyle = b.pathStyle;
    this.credentials = b.credentials;
    this.credentialsProvider = b.credentialsProvider;
    this.checksumMode = b.checksumMode;
    this.multipartThreshold = b.multipartThreshold;
    this.partSize = b.partSize;
    this.partConcurrency = b.partConcurrency;
    this.listPageSize = b.listPageSize;
    this.maxAttempts = b.maxAttempts;
    this.options = b.options;
  }

  /**
   * A builder for a storage in {@code bucket}.
   *
   * @throws IllegalArgumentException if the bucket name is empty or holds {@code /} or whitespace
   */
  public static Builder builder(String bucket) {
    return new Builder(bucket);
  }

  /** The bucket. */
  public String bucket() {
    return bucket;
  }

  /** The object-name prefix inside the bucket: empty, or ending with {@code /}. */
  public String prefix() {
    return prefix;
  }

  /** The endpoint set explicitly, if any (otherwise the SDK's, which honours {@code AWS_ENDPOINT_URL_S3}). */
  public Optional<URI> endpoint() {
    return Optional.ofNullable(endpoint);
  }

  /** The region set explicitly, if any (otherwise the SDK's default region chain). */
  public Optional<String> region() {
    return Optional.ofNullable(region);
  }

  /** Whether requests address the bucket in the path ({@code host/bucket/key}) rather than the host name. */
  public boolean pathStyle() {
    return pathStyle;
  }

  /** Whether credentials were given explicitly (a key pair or a provider) rather than found by the SDK's default chain. */
  public boolean explicitCredentials() {
    return credentials != null || credentialsProvider != null;
  }

  /** The checksum mode as configured (possibly {@link ChecksumMode#AUTO}). */
  public ChecksumMode checksumMode() {
    return checksumMode;
  }

  /** Uploads larger than this many bytes are sent in parts. */
  public long multipartThreshold() {
    return multipartThreshold;
  }

  /** The size of each uploaded part (the last may be smaller). */
  public long partSize() {
    return partSize;
  }

  /** How many parts of one transfer are in flight at once; bounds the memory a stream upload holds. */
  public int partConcurrency() {
    return partConcurrency;
  }

  /** Keys per ListObjectsV2 page, 1 to 1000. */
  public int listPageSize() {
    return listPageSize;
  }

  /** Attempts per request in the SDK's retry strategy (which backs off between attempts), or 0 for the SDK default. */
  public int maxAttempts() {
    return maxAttempts;
  }

  /** The shared options. */
  public StorageOptions options() {
    return options;
  }

  /** The storage's normalized URI, {@code s3://bucket/} or {@code s3://bucket/prefix/}. */
  public URI uri() {
    return URI.create("s3://" + bucket + "/" + prefix);
  }

  /** The endpoint in effect: the configured one, else {@code AWS_ENDPOINT_URL_S3}, else {@code AWS_ENDPOINT_URL}. */
  Optional<URI> effectiveEndpoint() {
    if (endpoint != null) {
      return Optional.of(endpoint);
    }
    for (String name : new String[] {"AWS_ENDPOINT_URL_S3", "AWS_ENDPOINT_URL"}) {
      String value = System.getenv(name);
      if (value != null && !value.isBlank()) {
        return Optional.of(URI.create(value.trim()));
      }
    }
    return Optional.empty();
  }

  /** Whether the endpoint in effect is Amazon's own (no custom endpoint, or one under amazonaws.com). */
  boolean awsEndpoint() {
    Optional<URI> e = effectiveEndpoint();
    if (e.isEmpty()) {
      return true;
    }
    String host = e.get().getHost();
    return host != null && (host.endsWith(".amazonaws.com") || host.endsWith(".amazonaws.com.cn"));
  }

  /** The checksum mode with {@link ChecksumMode#AUTO} resolved for the endpoint in effect. */
  ChecksumMode effectiveChecksumMode() {
    if (checksumMode != ChecksumMode.AUTO) {
      return checksumMode;
    }
    return awsEndpoint() ? ChecksumMode.WHEN_SUPPORTED : ChecksumMode.WHEN_REQUIRED;
  }

  /** The explicit credentials provider, if any. */
  Optional<AwsCredentialsProvider> credentialsProvider() {
    if (credentialsProvider != null) {
      return Optional.of(credentialsProvider);
    }
    if (credentials != null) {
      return Optional.of(credentials);
    }
    return Optional.empty();
  }

  /**
   * Opens the storage. No request is sent: a missing bucket or bad credentials show on first use.
   * Without a configured region, an AWS endpoint uses the SDK's default region chain (falling back
   * to {@code us-east-1} with cross-region access), and a custom endpoint uses {@code AWS_REGION} or
   * {@code us-east-1}.
   */
  @Override
  public Storage open() {
    return new S3Storage(this, S3Storage.COPY_MULTIPART_THRESHOLD);
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof S3StorageConfig)) {
      return false;
    }
    S3StorageConfig c = (S3StorageConfig) o;
    return bucket.equals(c.bucket)
        && prefix.equals(c.prefix)
        && Objects.equals(endpoint, c.endpoint)
        && Objects.equals(region, c.region)
        && pathStyle == c.pathStyle
        && Objects.equals(credentials, c.credentials)
        && Objects.equals(credentialsProvider, c.credentialsProvider)
        && checksumMode == c.checksumMode
        && multipartThreshold == c.multipartThreshold
        && partSize == c.partSize
        && partConcurrency == c.partConcurrency
        && listPageSize == c.listPageSize
        && maxAttempts == c.maxAttempts
        && options.equals(c.options);
  }

  @Override
  public int hashCode() {
    return Objects.hash(bucket, prefix, endpoint, region, pathStyle, credentials, credentialsProvider,
        checksumMode, multipartThreshold, partSize, partConcurrency, listPageSize, maxAttempts, options);
  }

  /** Describes the configuration; credentials appear only as {@code explicit} or {@code default-chain}. */
  @Override
  public String toString() {
    return "S3StorageConfig{uri=" + uri()
        + ", endpoint=" + (endpoint == null ? "default" : endpoint)
        + ", region=" + (region == null ? "default" : region)
        + ", pathStyle=" + pathStyle
        + ", credentials=" + (explicitCredentials() ? "explicit" : "default-chain")
        + ", checksumMode=" + checksumMode
        + ", multipartThreshold=" + multipartThreshold
        + ", partSize=" + partSize
        + ", partConcurrency=" + partConcurrency
        + ", listPageSize=" + listPageSize
        + ", maxAttempts=" + (maxAttempts == 0 ? "default" : maxAttempts)
        + ", " + options + "}";
  }

  /** A static key pair; never printed. */
  private static final class Credentials implements AwsCredentialsProvider {
    private final String accessKeyId;
    private final String secretAccessKey;
    private final String sessionToken;

    Credentials(String accessKeyId, String secretAccessKey, String sessionToken) {
      this.accessKeyId = accessKeyId;
      this.secretAccessKey = secretAccessKey;
      this.sessionToken = sessionToken;
    }

    @Override
    public AwsCredentials resolveCredentials() {
      return sessionToken == null
          ? AwsBasicCredentials.create(accessKeyId, secretAccessKey)
          : AwsSessionCredentials.create(accessKeyId, secretAccessKey, sessionToken);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Credentials
          && accessKeyId.equals(((Credentials) o).accessKeyId)
          && secretAccessKey.equals(((Credentials) o).secretAccessKey)
          && Objects.equals(sessionToken, ((Credentials) o).sessionToken);
    }

    @Override
    public int hashCode() {
      return Objects.hash(accessKeyId, secretAccessKey, sessionToken);
    }

    @Override
    public String toString() {
      return "Credentials{redacted}";
    }
  }

  /** Builds {@link S3StorageConfig}. */
  public static final class Builder {
    private final String bucket;
    private String prefix = "";
    private URI endpoint;
    private String region;
    private boolean pathStyle;
    private Credentials credentials;
    private AwsCredentialsProvider credentialsProvider;
    private ChecksumMode checksumMode = ChecksumMode.AUTO;
    private long multipartThreshold = DEFAULT_MULTIPART_THRESHOLD;
    private long partSize = DEFAULT_PART_SIZE;
    private int partConcurrency = DEFAULT_PART_CONCURRENCY;
    private int listPageSize = DEFAULT_LIST_PAGE_SIZE;
    private int maxAttempts;
    private StorageOptions options = StorageOptions.defaults();

    private Builder(String bucket) {
      Objects.requireNonNull(bucket, "bucket");
      if (bucket.isEmpty() || bucket.length() > 255 || !bucket.chars().allMatch(Builder::bucketChar)) {
        throw new IllegalArgumentException("bucket must be a non-empty S3 bucket name (letters, digits, "
            + "'.', '-', '_'): '" + bucket + "'");
      }
      this.bucket = bucket;
    }

    private static boolean bucketChar(int c) {
      return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '.' || c == '-' || c == '_';
    }

    /**
     * The object-name prefix inside the bucket; a missing trailing {@code /} is added, an empty string
     * means the whole bucket.
     *
     * @throws IllegalArgumentException if a segment of the prefix is not a valid key
     */
    public Builder prefix(String prefix) {
      this.prefix = Keys.storagePrefix(prefix);
      return this;
    }

    /**
     * A custom endpoint, such as {@code http://127.0.0.1:9000} for an S3-compatible server.
     *
     * @throws IllegalArgumentException unless the URI is absolute http or https with a host
     */
    public Builder endpoint(URI endpoint) {
      if (endpoint != null) {
        String scheme = endpoint.getScheme();
        if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
            || endpoint.getHost() == null) {
          throw new IllegalArgumentException("endpoint must be an http or https URL with a host: " + endpoint);
        }
      }
      this.endpoint = endpoint;
      return this;
    }

    /** The region, such as {@code eu-west-1}; {@code null} for the SDK's default region chain. */
    public Builder region(String region) {
      this.region = region == null || region.isBlank() ? null : region.trim();
      return this;
    }

    /** Path-style addressing (default false: virtual-hosted style); most S3-compatible servers need true. */
    public Builder pathStyle(boolean pathStyle) {
      this.pathStyle = pathStyle;
      return this;
    }

    /**
     * Explicit static credentials, used instead of the SDK's default chain.
     *
     * @throws IllegalArgumentException if either part is empty
     */
    public Builder credentials(String accessKeyId, String secretAccessKey) {
      return credentials(accessKeyId, secretAccessKey, null);
    }

    /**
     * Explicit temporary credentials with a session token ({@code null} for none).
     *
     * @throws IllegalArgumentException if the key id or secret is empty
     */
    public Builder credentials(String accessKeyId, String secretAccessKey, String sessionToken) {
      if (accessKeyId == null || accessKeyId.isEmpty() || secretAccessKey == null || secretAccessKey.isEmpty()) {
        throw new IllegalArgumentException("both the access key id and the secret key must be given");
      }
      this.credentials = new Credentials(accessKeyId, secretAccessKey,
          sessionToken == null || sessionToken.isEmpty() ? null : sessionToken);
      this.credentialsProvider = null;
      return this;
    }

    /** An SDK credentials provider, used instead of the default chain; {@code null} restores the chain. */
    public Builder credentialsProvider(AwsCredentialsProvider provider) {
      this.credentialsProvider = provider;
      this.credentials = null;
      return this;
    }

    /** The checksum mode (default {@link ChecksumMode#AUTO}). */
    public Builder checksumMode(ChecksumMode mode) {
      this.checksumMode = Objects.requireNonNull(mode, "mode");
      return this;
    }

    /**
     * Uploads larger than this are multipart (default 16 MiB).
     *
     * @throws IllegalArgumentException if below {@link #MIN_PART_SIZE} or above 5 GiB (S3's single-put limit)
     */
    public Builder multipartThreshold(long bytes) {
      if (bytes < MIN_PART_SIZE || bytes > MAX_PART_SIZE) {
        throw new IllegalArgumentException("multipartThreshold must be 5 MiB..5 GiB: " + bytes);
      }
      this.multipartThreshold = bytes;
      return this;
    }

    /**
     * The part size (default 8 MiB).
     *
     * @throws IllegalArgumentException if outside 5 MiB..5 GiB
     */
    public Builder partSize(long bytes) {
      if (bytes < MIN_PART_SIZE || bytes > MAX_PART_SIZE) {
        throw new IllegalArgumentException("partSize must be 5 MiB..5 GiB: " + bytes);
      }
      this.partSize = bytes;
      return this;
    }

    /**
     * Parts of one transfer in flight at once (default 4).
     *
     * @throws IllegalArgumentException if outside 1..64
     */
    public Builder partConcurrency(int parts) {
      if (parts < 1 || parts > 64) {
        throw new IllegalArgumentException("partConcurrency must be 1..64: " + parts);
      }
      this.partConcurrency = parts;
      return this;
    }

    /**
     * Keys per listing page (default 1000).
     *
     * @throws IllegalArgumentException if outside 1..1000
     */
    public Builder listPageSize(int keys) {
      if (keys < 1 || keys > 1000) {
        throw new IllegalArgumentException("listPageSize must be 1..1000: " + keys);
      }
      this.listPageSize = keys;
      return this;
    }

    /**
     * Attempts per request in the SDK's retry strategy, which backs off between attempts;
     * 0 keeps the SDK default.
     *
     * @throws IllegalArgumentException if outside 0..20
     */
    public Builder maxAttempts(int attempts) {
      if (attempts < 0 || attempts > 20) {
        throw new IllegalArgumentException("maxAttempts must be 0..20: " + attempts);
      }
      this.maxAttempts = attempts;
      return this;
    }

    /** The shared options (default {@link StorageOptions#defaults()}). */
    public Builder options(StorageOptions options) {
      this.options = Objects.requireNonNull(options, "options");
      return this;
    }

    /** Builds the configuration. */
    public S3StorageConfig build() {
      return new S3StorageConfig(this);
    }
  }

  /** Parses a checksum mode name: {@code auto}, {@code when-supported} or {@code when-required}. */
  static ChecksumMode parseChecksumMode(String value) {
    String v = value.trim().toUpperCase(Locale.ROOT).replace('-', '_');
    try {
      return ChecksumMode.valueOf(v);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("must be auto, when-supported or when-required: " + value, e);
    }
  }
}
