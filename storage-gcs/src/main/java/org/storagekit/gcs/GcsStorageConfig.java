package org.storagekit.gcs;

import org.storagekit.StorageConfig;

import com.google.api.gax.retrying.RetrySettings;
import com.google.auth.Credentials;
import com.google.auth.oauth2.ServiceAccountCredentials;
import com.google.cloud.NoCredentials;
import com.google.cloud.storage.HttpStorageOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.regex.Pattern;
import org.storagekit.Storage;
import org.storagekit.StorageOptions;
import org.storagekit.spi.Keys;

/**
 * Configuration of a Google Cloud Storage location: the bucket and an optional prefix, the project,
 * where credentials come from, the JSON API host, upload chunk and listing page sizes, retries, and
 * the shared {@link StorageOptions}. Immutable; build with {@link #builder(String)}.
 *
 * <p>Credentials are one of: Application Default Credentials (the default: the
 * {@code GOOGLE_APPLICATION_CREDENTIALS} file, gcloud's user credentials, or the metadata server),
 * a service-account JSON key file, or none (for an emulator or a public bucket). Secrets never
 * appear in {@link #toString()}; the key file is named, its content is not.
 *
 * <p>Any server that speaks the GCS JSON API can be addressed with {@link Builder#host(String)},
 * usually together with {@link Builder#noCredentials()}.
 */
public final class GcsStorageConfig implements StorageConfig {
  /** The default upload chunk size: 16 MiB, the client's own default. */
  public static final int DEFAULT_CHUNK_SIZE = 16 * 1024 * 1024;
  /** The smallest chunk size GCS accepts for a resumable upload: 256 KiB. */
  public static final int MIN_CHUNK_SIZE = 256 * 1024;
  /** The default listing page size: 1,000, the most the JSON API returns in one page. */
  public static final int DEFAULT_PAGE_SIZE = 1000;

  private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9._-]{1,220}[a-z0-9]");

  /** Where credentials come from. */
  public enum CredentialsSource {
    /** Application Default Credentials. */
    APPLICATION_DEFAULT,
    /** A service-account JSON key file. */
    SERVICE_ACCOUNT_FILE,
    /** No credentials: anonymous requests, for an emulator or a public bucket. */
    NONE
  }

  private final String bucket;
  private final String prefix;
  private final String project;
  private final CredentialsSource credentialsSource;
  private final Path credentialsFile;
  private final String host;
  private final int chunkSize;
  private final int pageSize;
  private final int maxAttempts;
  private final com.google.cloud.storage.Storage client;
  private final StorageOptions options;

  private GcsStorageConfig(Builder b) {
    this.bucket = b.bucket;
    this.prefix = b.prefix;
    this.project = b.project;
    this.credentialsSource = b.credentialsSource;
    this.credentialsFile = b.credentialsFile;
    this.host = b.host;
    this.chunkSize = b.chunkSize;
    this.pageSize = b.pageSize;
    this.maxAttempts = b.maxAttempts;
    this.client = b.client;
    this.options = b.options;
  }

  /**
   * A builder for a location in {@code bucket}.
   *
   * @throws IllegalArgumentException if {@code bucket} is not a valid bucket name
   */
  public static Builder builder(String bucket) {
    return new Builder(bucket);
  }

  /** The bucket. */
  public String bucket() {
    return bucket;
  }

  /** The object-name prefix of this location: empty, or ending with {@code /}. */
  public String prefix() {
    return prefix;
  }

  /** The project, or {@code null} to let the client find it (credentials, environment). */
  public String project() {
    return project;
  }

  /** Where credentials come from. */
  public CredentialsSource credentialsSource() {
    return credentialsSource;
  }

  /** The service-account key file, or {@code null} unless {@link CredentialsSource#SERVICE_ACCOUNT_FILE}. */
  public Path credentialsFile() {
    return credentialsFile;
  }

  /** The JSON API host (for example {@code http://localhost:4443}), or {@code null} for Google's. */
  public String host() {
    return host;
  }

  /** Bytes sent per request of a resumable upload; the client buffers one chunk. */
  public int chunkSize() {
    return chunkSize;
  }

  /** Objects asked for per listing page. */
  public int pageSize() {
    return pageSize;
  }

  /** Attempts per request, including the first, or {@code 0} for the client's default (6). */
  public int maxAttempts() {
    return maxAttempts;
  }

  /** The shared options. */
  public StorageOptions options() {
    return options;
  }

  /** The location as a normalized URI, {@code gs://bucket/} or {@code gs://bucket/prefix/}. */
  public URI uri() {
    try {
      return new URI(GcsStorageProvider.SCHEME, bucket, "/" + prefix, null);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("cannot form a gs: URI for bucket '" + bucket + "' and prefix '"
          + prefix + "'", e);
    }
  }

  /**
   * Opens the storage. Unless a client was given with {@link Builder#client}, it builds one from
   * the project, credentials, host and retry settings, and closes it when the storage is closed.
   * No request is made.
   *
   * @throws UncheckedIOException if the service-account key file cannot be read
   * @throws IllegalArgumentException if the key file is not a service-account key
   */
  @Override
  public Storage open() {
    com.google.cloud.storage.Storage gcs = client;
    boolean owns = false;
    if (gcs == null) {
      gcs = buildClient();
      owns = true;
    }
    return new GcsStorage(uri(), bucket, prefix, gcs, owns, chunkSize, pageSize, options);
  }

  private com.google.cloud.storage.Storage buildClient() {
    HttpStorageOptions.Builder b = com.google.cloud.storage.StorageOptions.http();
    if (project != null) {
      b.setProjectId(project);
    }
    if (host != null) {
      b.setHost(host);
    }
    Credentials credentials = credentials();
    if (credentials != null) {
      b.setCredentials(credentials);
    }
    if (maxAttempts > 0) {
      RetrySettings retry = com.google.cloud.storage.StorageOptions.getDefaultRetrySettings().toBuilder()
          .setMaxAttempts(maxAttempts)
          .build();
      b.setRetrySettings(retry);
    }
    return b.build().getService();
  }

  /** The credentials to set, or null for Application Default Credentials (the client's default). */
  private Credentials credentials() {
    switch (credentialsSource) {
      case NONE:
        return NoCredentials.getInstance();
      case SERVICE_ACCOUNT_FILE:
        try (InputStream in = Files.newInputStream(credentialsFile)) {
          return ServiceAccountCredentials.fromStream(in);
        } catch (IOException e) {
          // the library's message never quotes the key; the path is not a secret
          throw new UncheckedIOException("cannot read the service-account key file " + credentialsFile, e);
        }
      case APPLICATION_DEFAULT:
      default:
        return null;
    }
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof GcsStorageConfig)) {
      return false;
    }
    GcsStorageConfig other = (GcsStorageConfig) o;
    return bucket.equals(other.bucket)
        && prefix.equals(other.prefix)
        && Objects.equals(project, other.project)
        && credentialsSource == other.credentialsSource
        && Objects.equals(credentialsFile, other.credentialsFile)
        && Objects.equals(host, other.host)
        && chunkSize == other.chunkSize
        && pageSize == other.pageSize
        && maxAttempts == other.maxAttempts
        && client == other.client
        && options.equals(other.options);
  }

  @Override
  public int hashCode() {
    return Objects.hash(bucket, prefix, project, credentialsSource, credentialsFile, host, chunkSize, pageSize,
        maxAttempts, options);
  }

  /** Names the key file but never prints a secret. */
  @Override
  public String toString() {
    return "GcsStorageConfig{uri=" + uri()
        + (project == null ? "" : ", project=" + project)
        + ", credentials=" + credentialsSource + (credentialsFile == null ? "" : " " + credentialsFile)
        + (host == null ? "" : ", host=" + host)
        + ", chunkSize=" + chunkSize + ", pageSize=" + pageSize
        + (maxAttempts == 0 ? "" : ", maxAttempts=" + maxAttempts)
        + (client == null ? "" : ", client=given")
        + ", " + options + "}";
  }

  /** Builds {@link GcsStorageConfig}. */
  public static final class Builder {
    private final String bucket;
    private String prefix = "";
    private String project;
    private CredentialsSource credentialsSource = CredentialsSource.APPLICATION_DEFAULT;
    private Path credentialsFile;
    private String host;
    private int chunkSize = DEFAULT_CHUNK_SIZE;
    private int pageSize = DEFAULT_PAGE_SIZE;
    private int maxAttempts;
    private com.google.cloud.storage.Storage client;
    private StorageOptions options = StorageOptions.defaults();

    private Builder(String bucket) {
      Objects.requireNonNull(bucket, "bucket");
      if (!BUCKET.matcher(bucket).matches() || bucket.contains("..")) {
        throw new IllegalArgumentException("invalid GCS bucket name '" + bucket
            + "': use 3 to 222 lower-case letters, digits, dots, dashes and underscores");
      }
      this.bucket = bucket;
    }

    /**
     * The object-name prefix inside the bucket (default none). A trailing {@code /} is added if
     * missing; leading and trailing slashes are trimmed.
     *
     * @throws IllegalArgumentException if the prefix has an empty, {@code .} or {@code ..} segment
     *     or a control character
     */
    public Builder prefix(String prefix) {
      this.prefix = Keys.storagePrefix(prefix);
      return this;
    }

    /** The project; by default the client finds it in the credentials or the environment. */
    public Builder project(String project) {
      this.project = project == null || project.isBlank() ? null : project.trim();
      return this;
    }

    /** Uses Application Default Credentials (the default). */
    public Builder applicationDefaultCredentials() {
      this.credentialsSource = CredentialsSource.APPLICATION_DEFAULT;
      this.credentialsFile = null;
      return this;
    }

    /** Uses the service-account JSON key in {@code file}; it is read when the storage is opened. */
    public Builder serviceAccountKey(Path file) {
      this.credentialsFile = Objects.requireNonNull(file, "file");
      this.credentialsSource = CredentialsSource.SERVICE_ACCOUNT_FILE;
      return this;
    }

    /** Sends requests without credentials: for an emulator or a public bucket. */
    public Builder noCredentials() {
      this.credentialsSource = CredentialsSource.NONE;
      this.credentialsFile = null;
      return this;
    }

    /**
     * The JSON API endpoint, scheme included, for example {@code http://localhost:4443} for an
     * emulator; default Google's ({@code https://storage.googleapis.com}).
     *
     * @throws IllegalArgumentException if it is not an absolute http or https URL
     */
    public Builder host(String host) {
      if (host == null || host.isBlank()) {
        this.host = null;
        return this;
      }
      URI parsed;
      try {
        parsed = new URI(host.trim());
      } catch (URISyntaxException e) {
        throw new IllegalArgumentException("invalid GCS host '" + host + "'", e);
      }
      String scheme = parsed.getScheme();
      if (parsed.getHost() == null || scheme == null
          || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))) {
        throw new IllegalArgumentException("GCS host must be an http or https URL such as http://localhost:4443: "
            + host);
      }
      this.host = host.trim();
      return this;
    }

    /**
     * Bytes per request of a resumable upload (default 16 MiB); at least 256 KiB, rounded up by the
     * client to a multiple of 256 KiB. One chunk is buffered in memory per upload.
     */
    public Builder chunkSize(int chunkSize) {
      if (chunkSize < MIN_CHUNK_SIZE) {
        throw new IllegalArgumentException("chunkSize must be at least " + MIN_CHUNK_SIZE + " bytes: " + chunkSize);
      }
      this.chunkSize = chunkSize;
      return this;
    }

    /** Objects asked for per listing page (default 1,000; the server caps it at 1,000). */
    public Builder pageSize(int pageSize) {
      if (pageSize < 1) {
        throw new IllegalArgumentException("pageSize must be >= 1: " + pageSize);
      }
      this.pageSize = pageSize;
      return this;
    }

    /**
     * Attempts per request including the first, for transient failures (default: the client's, 6).
     * Retries follow the client's retry settings and strategy: exponential back-off, idempotent
     * requests only.
     */
    public Builder maxAttempts(int maxAttempts) {
      if (maxAttempts < 1) {
        throw new IllegalArgumentException("maxAttempts must be >= 1: " + maxAttempts);
      }
      this.maxAttempts = maxAttempts;
      return this;
    }

    /**
     * Uses a ready-made client instead of building one: for a client the application configured
     * itself, or an in-process fake in tests. The storage does not close it. A configuration with a
     * client MUST NOT also set the project, credentials, host or attempts, which only shape a built
     * client.
     */
    public Builder client(com.google.cloud.storage.Storage client) {
      this.client = Objects.requireNonNull(client, "client");
      return this;
    }

    /** The shared options (default {@link StorageOptions#defaults()}). */
    public Builder options(StorageOptions options) {
      this.options = Objects.requireNonNull(options, "options");
      return this;
    }

    /**
     * Builds the configuration.
     *
     * @throws IllegalStateException if a client was given together with settings that only shape a
     *     built client
     */
    public GcsStorageConfig build() {
      if (client != null && (project != null || host != null || maxAttempts != 0
          || credentialsSource != CredentialsSource.APPLICATION_DEFAULT)) {
        throw new IllegalStateException("a given GCS client excludes project, credentials, host and maxAttempts;"
            + " configure those on the client");
      }
      return new GcsStorageConfig(this);
    }
  }
}
