package org.storagekit.gcs;

import com.google.auth.Credentials;
import com.google.auth.oauth2.ServiceAccountCredentials;
import com.google.cloud.NoCredentials;
import com.google.cloud.storage.HttpStorageOptions;
import com.google.cloud.storage.StorageRetryStrategy;
import com.google.cloud.http.HttpTransportOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.regex.Pattern;
import org.storagekit.RetryOptions;
import org.storagekit.Storage;
import org.storagekit.StorageConfig;
import org.storagekit.StorageOptions;
import org.storagekit.spi.BucketUri;
import org.storagekit.spi.ConfigBuilder;
import org.storagekit.spi.Keys;
import org.storagekit.spi.Settings;
import org.storagekit.spi.StorageContext;
import org.storagekit.spi.StorageEngine;

/**
 * Configuration of a Google Cloud Storage location: the bucket and an optional prefix, the project,
 * where credentials come from, the JSON API host, upload chunk and listing page sizes, retries, and
 * the shared {@link StorageOptions}. An immutable value, validated on construction; build with
 * {@link #builder(String)}.
 *
 * <p>Credentials are one of: Application Default Credentials (the default: the
 * {@code GOOGLE_APPLICATION_CREDENTIALS} file, gcloud's user credentials, or the metadata server),
 * a service-account JSON key file, or none (for an emulator or a public bucket). The configuration
 * holds no secret: the key file is named, its content is read only by {@link #open()}.
 *
 * <p>Any server that speaks the GCS JSON API can be addressed with {@link Builder#host(String)},
 * usually together with {@link Builder#noCredentials()}.
 *
 * @param bucket the bucket
 * @param prefix the object-name prefix of this location: empty, or ending with {@code /}
 * @param project the project, or {@code null} to let the client find it (credentials, environment)
 * @param credentialsSource where credentials come from
 * @param credentialsFile the service-account key file, or {@code null} unless
 *     {@link CredentialsSource#SERVICE_ACCOUNT_FILE}
 * @param host the JSON API host (for example {@code http://localhost:4443}), or {@code null} for
 *     Google's
 * @param chunkSize bytes sent per request of a resumable upload, the client buffering one chunk; content
 *     of at most this size goes in one request
 * @param pageSize objects asked for per listing page
 * @param client a ready-made client (see {@link Builder#client}), or {@code null} to build one
 * @param options the shared options, with the retries and timeouts ({@link RetryOptions}) a built
 *     client maps onto its {@code RetrySettings} and HTTP transport
 */
public record GcsStorageConfig(String bucket, String prefix, String project, CredentialsSource credentialsSource,
    Path credentialsFile, String host, int chunkSize, int pageSize,
    com.google.cloud.storage.Storage client, StorageOptions options) implements StorageConfig {
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

  /**
   * Validates and normalizes the configuration (see the {@link Builder} methods for the rules).
   *
   * @throws IllegalArgumentException if a value is invalid
   * @throws IllegalStateException if a client is given together with settings that only shape a
   *     built client
   */
  public GcsStorageConfig {
    Objects.requireNonNull(bucket, "bucket");
    if (!BUCKET.matcher(bucket).matches() || bucket.contains("..")) {
      throw new IllegalArgumentException("invalid GCS bucket name '" + bucket
          + "': use 3 to 222 lower-case letters, digits, dots, dashes and underscores");
    }
    prefix = Keys.storagePrefix(prefix);
    project = Settings.trimToNull(project);
    Objects.requireNonNull(credentialsSource, "credentialsSource");
    if ((credentialsSource == CredentialsSource.SERVICE_ACCOUNT_FILE) != (credentialsFile != null)) {
      throw new IllegalArgumentException("a credentials file goes with SERVICE_ACCOUNT_FILE, and only with it");
    }
    host = host == null || host.isBlank() ? null : Settings.httpUrl("host", host).toString();
    Settings.size("chunkSize", chunkSize, MIN_CHUNK_SIZE, Integer.MAX_VALUE);
    Settings.range("pageSize", pageSize, 1, Integer.MAX_VALUE);
    Objects.requireNonNull(options, "options");
    if (client != null && (project != null || host != null || !options.retries().equals(RetryOptions.defaults())
        || credentialsSource != CredentialsSource.APPLICATION_DEFAULT)) {
      throw new IllegalStateException("a given GCS client excludes project, credentials, host, retries and "
          + "timeouts; configure those on the client");
    }
  }

  /** A builder for a location in {@code bucket}: 3 to 222 of {@code a-z 0-9 . - _} (checked at build). */
  public static Builder builder(String bucket) {
    return new Builder(bucket);
  }

  /** The location as a normalized URI, {@code gs://bucket/} or {@code gs://bucket/prefix/}. */
  public URI uri() {
    return new BucketUri(GcsStorageProvider.SCHEME, bucket, prefix).uri();
  }

  /**
   * Opens the storage. Unless a client was given with {@link Builder#client}, one is built from the
   * project, credentials, host and retry settings on first use, and closed with the storage. No
   * request is made; a service-account key file is read now.
   *
   * @throws UncheckedIOException if the service-account key file cannot be read
   * @throws IllegalArgumentException if the key file is not a service-account key
   */
  @Override
  public Storage open() {
    StorageContext context = StorageContext.of(uri(), prefix, options);
    return StorageEngine.open(context, new GcsBackend(context, this, credentials()));
  }

  /** The one place a client is built: from this configuration, with {@code credentials} if not null. */
  com.google.cloud.storage.Storage newClient(Credentials credentials) {
    HttpStorageOptions.Builder b = com.google.cloud.storage.StorageOptions.http();
    if (project != null) {
      b.setProjectId(project);
    }
    if (host != null) {
      b.setHost(host);
    }
    if (credentials != null) {
      b.setCredentials(credentials);
    }
    RetryOptions r = options.retries();
    b.setRetrySettings(com.google.cloud.storage.StorageOptions.getDefaultRetrySettings().toBuilder()
        .setMaxAttempts(r.maxAttempts())
        .setInitialRetryDelayDuration(r.initialBackoff())
        .setMaxRetryDelayDuration(r.maxBackoff())
        .setRetryDelayMultiplier(2.0) // gax jitters every delay
        .setTotalTimeoutDuration(r.operationTimeout())
        .build());
    // every request idempotent: the default strategy does not retry opening an unconditional resumable
    // session (nor unconditional writes and deletes), which StorageKit repeats safely with the same bytes
    b.setStorageRetryStrategy(StorageRetryStrategy.getUniformStorageRetryStrategy());
    b.setTransportOptions(HttpTransportOptions.newBuilder()
        .setConnectTimeout(millis(r.connectTimeout())).setReadTimeout(millis(r.readTimeout())).build());
    return b.build().getService();
  }

  private static int millis(java.time.Duration d) {
    return (int) Math.min(Integer.MAX_VALUE, d.toMillis());
  }

  /** The credentials to set, or null for Application Default Credentials (the client's default). */
  Credentials credentials() {
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

  /** Builds {@link GcsStorageConfig}; {@link #build()} validates. */
  public static final class Builder extends ConfigBuilder<Builder> {
    private final String bucket;
    private String project;
    private CredentialsSource credentialsSource = CredentialsSource.APPLICATION_DEFAULT;
    private Path credentialsFile;
    private String host;
    private int chunkSize = DEFAULT_CHUNK_SIZE;
    private int pageSize = DEFAULT_PAGE_SIZE;
    private com.google.cloud.storage.Storage client;

    private Builder(String bucket) {
      this.bucket = bucket;
    }

    /** The project; by default the client finds it in the credentials or the environment. */
    public Builder project(String project) {
      this.project = project;
      return this;
    }

    /** Uses Application Default Credentials (the default). */
    public Builder applicationDefaultCredentials() {
      return credentials(CredentialsSource.APPLICATION_DEFAULT, null);
    }

    /** Uses the service-account JSON key in {@code file}; it is read when the storage is opened. */
    public Builder serviceAccountKey(Path file) {
      return credentials(CredentialsSource.SERVICE_ACCOUNT_FILE, Objects.requireNonNull(file, "file"));
    }

    /** Sends requests without credentials: for an emulator or a public bucket. */
    public Builder noCredentials() {
      return credentials(CredentialsSource.NONE, null);
    }

    private Builder credentials(CredentialsSource source, Path file) {
      this.credentialsSource = source;
      this.credentialsFile = file;
      return this;
    }

    /**
     * The JSON API endpoint, scheme included, for example {@code http://localhost:4443} for an
     * emulator; default Google's ({@code https://storage.googleapis.com}). It must be an absolute
     * http or https URL.
     */
    public Builder host(String host) {
      this.host = host;
      return this;
    }

    /**
     * Bytes per request of a resumable upload (default 16 MiB); at least 256 KiB, rounded up by the
     * client to a multiple of 256 KiB. One chunk is buffered in memory per upload.
     */
    public Builder chunkSize(int chunkSize) {
      this.chunkSize = chunkSize;
      return this;
    }

    /** Objects asked for per listing page, at least 1 (default 1,000; the server caps it at 1,000). */
    public Builder pageSize(int pageSize) {
      this.pageSize = pageSize;
      return this;
    }

    /**
     * Uses a ready-made client instead of building one: for a client the application configured
     * itself, or an in-process fake in tests. The storage does not close it. A configuration with a
     * client MUST NOT also set the project, credentials, host, retries or timeouts, which only shape a
     * built client.
     */
    public Builder client(com.google.cloud.storage.Storage client) {
      this.client = Objects.requireNonNull(client, "client");
      return this;
    }

    /**
     * Builds the configuration.
     *
     * @throws IllegalArgumentException if a value is invalid
     * @throws IllegalStateException if a client was given together with settings that only shape a
     *     built client
     */
    public GcsStorageConfig build() {
      return new GcsStorageConfig(bucket, prefix, project, credentialsSource, credentialsFile, host, chunkSize,
          pageSize, client, options());
    }
  }
}
