package org.storagekit.azure;

import com.azure.core.credential.AzureSasCredential;
import com.azure.core.credential.TokenCredential;
import com.azure.core.http.policy.HttpLogDetailLevel;
import com.azure.core.http.policy.HttpLogOptions;
import com.azure.core.http.policy.HttpPipelinePolicy;
import com.azure.core.util.HttpClientOptions;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.common.StorageSharedKeyCredential;
import com.azure.storage.common.policy.RequestRetryOptions;
import com.azure.storage.common.policy.RetryPolicyType;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
 * Configuration of an Azure Blob Storage location: the container, an optional key prefix, the
 * account's endpoint and credentials, transfer tuning, retries, and the shared
 * {@link StorageOptions}. An immutable value; build with {@link #builder(String)}.
 *
 * <p>Credentials are exactly one of: a connection string (which also names the endpoint), the
 * account's shared key, a SAS token, {@code DefaultAzureCredential} (needs
 * {@code com.azure:azure-identity} on the class path, loaded only when chosen), or any
 * {@link TokenCredential}. Secrets never appear in {@link #toString()}.
 *
 * @param container the container
 * @param prefix the key prefix inside the container: empty, or ending with {@code /}
 * @param credentials the account, endpoint and credential (printed by kind only)
 * @param blockSize size of one block of a parallel upload, and of one range of a parallel download
 * @param maxConcurrency blocks or ranges of one file transferred at once
 * @param maxSingleUploadSize largest upload sent as a single request; larger ones go as blocks
 * @param listPageSize blobs asked for per listing page
 * @param syncCopyMaxSize largest blob copied with Copy Blob From URL; larger ones use a polled copy
 * @param copyPollInterval how often an asynchronous copy is polled
 * @param copyTimeout how long an asynchronous copy may take before it is aborted
 * @param createContainer whether a missing container is created before the first operation
 * @param options the shared options, with the retries and timeouts ({@link RetryOptions}) the client
 *     maps onto the SDK's {@code RequestRetryOptions} and HTTP client options
 * @param policies extra HTTP pipeline policies (tests count and break requests with them)
 */
public record AzureStorageConfig(String container, String prefix, Credentials credentials, long blockSize,
    int maxConcurrency, long maxSingleUploadSize, int listPageSize, long syncCopyMaxSize, Duration copyPollInterval,
    Duration copyTimeout, boolean createContainer, StorageOptions options, List<HttpPipelinePolicy> policies) implements StorageConfig {
  /** Default size of one block in a parallel upload or one range in a parallel download: 8 MiB. */
  public static final long DEFAULT_BLOCK_SIZE = 8L * 1024 * 1024;
  /** Default largest upload sent as one request rather than as blocks: 8 MiB. */
  public static final long DEFAULT_MAX_SINGLE_UPLOAD_SIZE = 8L * 1024 * 1024;
  /** Largest copy done with the synchronous Copy Blob From URL call: 256 MiB (the service's limit). */
  public static final long MAX_SYNC_COPY_SIZE = 256L * 1024 * 1024;

  private static final Pattern CONTAINER = Pattern.compile("[a-z0-9](?:[a-z0-9]|-(?=[a-z0-9])){2,62}");

  /** Validates the configuration (see the {@link Builder} methods), normalizes the prefix, copies the policies. */
  public AzureStorageConfig {
    if (!CONTAINER.matcher(Objects.requireNonNull(container, "container")).matches()) {
      throw new IllegalArgumentException("invalid Azure container name '" + container
          + "': use 3 to 63 lower-case letters, digits and single dashes, starting and ending with a letter or digit");
    }
    prefix = Keys.storagePrefix(prefix);
    Objects.requireNonNull(credentials, "credentials");
    Settings.size("blockSize", blockSize, 64L * 1024, 4000L * 1024 * 1024);
    Settings.range("maxConcurrency", maxConcurrency, 1, 64);
    Settings.size("maxSingleUploadSize", maxSingleUploadSize, 1, 5000L * 1024 * 1024);
    Settings.range("listPageSize", listPageSize, 1, 5000);
    Settings.size("syncCopyMaxSize", syncCopyMaxSize, 0, MAX_SYNC_COPY_SIZE);
    Settings.positive("copy poll interval", copyPollInterval);
    Settings.positive("copy timeout", copyTimeout);
    Objects.requireNonNull(options, "options");
    policies = List.copyOf(policies);
  }

  /**
   * A builder for a storage in {@code container}: 3 to 63 lower-case letters, digits and single
   * dashes, starting and ending with a letter or digit (checked at build).
   */
  public static Builder builder(String container) {
    return new Builder(container);
  }

  /**
   * The blob service endpoint, for example {@code https://account.blob.core.windows.net}, or
   * {@code null} when it comes from the connection string.
   */
  public String endpoint() {
    return credentials.endpoint();
  }

  Auth auth() {
    return credentials.auth();
  }

  /** The SAS token to append to a copy source, if the credential is one. */
  String sasToken() {
    return auth() == Auth.SAS ? credentials.secret() : credentials.connectionStringValue("SharedAccessSignature");
  }

  /** Whether the client holds the account key and can therefore sign a source URL itself. */
  boolean hasAccountKey() {
    return auth() == Auth.SHARED_KEY || credentials.connectionStringValue("AccountKey") != null;
  }

  /**
   * Opens the storage. No request is sent: a missing container (or one to create, with
   * {@link Builder#createContainer(boolean)}) shows at the first operation.
   *
   * @throws IllegalStateException if {@code DefaultAzureCredential} is chosen without
   *     azure-identity on the class path
   */
  @Override
  public Storage open() {
    URI uri = new BucketUri(AzureStorageProvider.SCHEME, container, prefix).uri();
    StorageContext context = StorageContext.of(uri, prefix, options);
    return StorageEngine.open(context, new AzureBackend(context, this, clients()));
  }

  /**
   * The one place the SDK client is configured. Retries: the SDK's exponential policy with
   * {@code retry.max-attempts} tries, each limited to {@code timeout.operation}; it waits without
   * jitter, so it is left a token wait and {@link JitteredBackoff} waits before each retry instead;
   * {@link PrematureClosures} makes a reply cut short an I/O failure it retries.
   * Timeouts: {@code timeout.connect}, and {@code timeout.read} for the response, each read of its
   * body, and each write of the request.
   */
  private BlobServiceClientBuilder clients() {
    RetryOptions r = options.retries();
    BlobServiceClientBuilder b = new BlobServiceClientBuilder()
        .retryOptions(new RequestRetryOptions(RetryPolicyType.EXPONENTIAL, r.maxAttempts(), r.operationTimeout(),
            Duration.ofMillis(1), Duration.ofMillis(1), null))
        .addPolicy(new JitteredBackoff(r))
        .addPolicy(new PrematureClosures())
        .clientOptions(new HttpClientOptions().setConnectTimeout(r.connectTimeout())
            .setResponseTimeout(r.readTimeout()).setReadTimeout(r.readTimeout()).setWriteTimeout(r.readTimeout()))
        .httpLogOptions(new HttpLogOptions().setLogLevel(HttpLogDetailLevel.NONE));
    Credentials c = credentials;
    switch (c.auth()) {
      case CONNECTION_STRING -> b.connectionString(c.secret());
      case SHARED_KEY -> b.credential(new StorageSharedKeyCredential(c.account(), c.secret()));
      case SAS -> b.credential(new AzureSasCredential(c.secret()));
      case DEFAULT_CREDENTIAL -> b.credential(defaultCredential());
      default -> b.credential(c.token());
    }
    if (c.endpoint() != null) {
      b.endpoint(c.endpoint()); // after a connection string: overrides its endpoint
    }
    policies.forEach(b::addPolicy);
    return b;
  }

  /** The kinds of credential. */
  enum Auth { CONNECTION_STRING, SHARED_KEY, SAS, DEFAULT_CREDENTIAL, TOKEN_CREDENTIAL }

  /**
   * The account, the endpoint and one credential. Its {@link #toString()} names the credential's
   * kind only, and removes SAS signatures from the endpoint.
   */
  record Credentials(Auth auth, String account, String endpoint, String secret, TokenCredential token) {
    /**
     * Checks that there is a credential and an endpoint: the given one (an http or https URL, its
     * trailing {@code /} dropped), the connection string's, or the account's default.
     */
    Credentials {
      if (auth == null) {
        throw new IllegalArgumentException("no Azure credentials: set a connection string, a shared key, a SAS "
            + "token, DefaultAzureCredential or a token credential");
      }
      if (endpoint != null) {
        String url = Settings.httpUrl("endpoint", endpoint).toString();
        endpoint = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
      } else if (auth != Auth.CONNECTION_STRING) {
        if (account == null) {
          throw new IllegalArgumentException("no Azure endpoint: set the account name or the endpoint");
        }
        endpoint = "https://" + account + ".blob.core.windows.net";
      }
    }

    @Override
    public String toString() {
      String kind = auth == Auth.DEFAULT_CREDENTIAL ? "DefaultAzureCredential"
          : auth == Auth.TOKEN_CREDENTIAL ? "TokenCredential"
          : auth.name().toLowerCase(Locale.ROOT).replace('_', ' ') + " (redacted)";
      return kind + (account == null ? "" : ", account=" + account) + ", endpoint="
          + (endpoint == null ? "(from connection string)" : AzureErrors.redact(endpoint));
    }

    String connectionStringValue(String name) {
      for (String part : auth == Auth.CONNECTION_STRING ? secret.split(";") : new String[0]) {
        int eq = part.indexOf('=');
        if (eq > 0 && part.substring(0, eq).trim().equalsIgnoreCase(name) && !part.substring(eq + 1).isBlank()) {
          return part.substring(eq + 1).trim();
        }
      }
      return null;
    }
  }

  /** {@code DefaultAzureCredential}, from azure-identity: an optional dependency, loaded only now. */
  private static TokenCredential defaultCredential() {
    try {
      return new com.azure.identity.DefaultAzureCredentialBuilder().build();
    } catch (NoClassDefFoundError e) {
      throw new IllegalStateException("DefaultAzureCredential needs com.azure:azure-identity on the class path;"
          + " add it, or configure a shared key, a SAS token or a connection string", e);
    }
  }

  /**
   * Builds {@link AzureStorageConfig}; {@link #build()} checks the values, naming the setting.
   * Setting a credential replaces any credential set before.
   */
  public static final class Builder extends ConfigBuilder<Builder> {
    private final String container;
    private String endpoint;
    private String account;
    private Auth auth;
    private String secret;
    private TokenCredential tokenCredential;
    private long blockSize = DEFAULT_BLOCK_SIZE;
    private int maxConcurrency = 4;
    private long maxSingleUploadSize = DEFAULT_MAX_SINGLE_UPLOAD_SIZE;
    private int listPageSize = 5000;
    private long syncCopyMaxSize = MAX_SYNC_COPY_SIZE;
    private Duration copyPollInterval = Duration.ofSeconds(1);
    private Duration copyTimeout = Duration.ofHours(1);
    private boolean createContainer;
    private final List<HttpPipelinePolicy> policies = new ArrayList<>();

    private Builder(String container) {
      this.container = container;
    }

    /** Authenticates with a connection string, which also names the account and endpoint. */
    public Builder connectionString(String connectionString) {
      return credential(Auth.CONNECTION_STRING, Settings.text("connectionString", connectionString));
    }

    /** Authenticates with the account's name and shared key. */
    public Builder sharedKey(String account, String accountKey) {
      return account(account).credential(Auth.SHARED_KEY, Settings.text("accountKey", accountKey));
    }

    /** Authenticates with a SAS token (with or without the leading {@code ?}). */
    public Builder sasToken(String sasToken) {
      String sas = Settings.text("sasToken", sasToken);
      return credential(Auth.SAS, sas.startsWith("?") ? sas.substring(1) : sas);
    }

    /** Authenticates with {@code DefaultAzureCredential}; needs {@code com.azure:azure-identity}. */
    public Builder defaultAzureCredential() {
      return credential(Auth.DEFAULT_CREDENTIAL, null);
    }

    /** Authenticates with any Microsoft Entra token credential. */
    public Builder credential(TokenCredential credential) {
      credential(Auth.TOKEN_CREDENTIAL, null);
      this.tokenCredential = Objects.requireNonNull(credential, "credential");
      return this;
    }

    /** The account name; gives the default endpoint {@code https://NAME.blob.core.windows.net}. */
    public Builder account(String account) {
      this.account = Settings.text("account", account);
      return this;
    }

    /** The blob service endpoint, an http(s) URL; overrides the account's and a connection string's. */
    public Builder endpoint(String endpoint) {
      this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
      return this;
    }

    /** Size of one upload block and one download range, 64 KiB to 4000 MiB (default 8 MiB). */
    public Builder blockSize(long bytes) {
      this.blockSize = bytes;
      return this;
    }

    /** Blocks or ranges of one file in flight at once, 1 to 64 (default 4). */
    public Builder maxConcurrency(int count) {
      this.maxConcurrency = count;
      return this;
    }

    /** Largest upload sent in one request, 1 byte to 5000 MiB (default 8 MiB). */
    public Builder maxSingleUploadSize(long bytes) {
      this.maxSingleUploadSize = bytes;
      return this;
    }

    /** Blobs per listing page, 1 to 5000 (default 5000, the service's maximum). */
    public Builder listPageSize(int count) {
      this.listPageSize = count;
      return this;
    }

    /** Largest blob copied with Copy Blob From URL, 0 to 256 MiB (default 256 MiB); larger: polled. */
    public Builder syncCopyMaxSize(long bytes) {
      this.syncCopyMaxSize = bytes;
      return this;
    }

    /** Poll interval (default 1 s) and time limit (default 1 h) of asynchronous copies; positive. */
    public Builder copyPolling(Duration interval, Duration timeout) {
      this.copyPollInterval = interval;
      this.copyTimeout = timeout;
      return this;
    }

    /** Whether a missing container is created, before the first operation (default false). */
    public Builder createContainer(boolean create) {
      this.createContainer = create;
      return this;
    }

    /** Adds an HTTP pipeline policy (tests count and break requests with it). */
    Builder addPolicy(HttpPipelinePolicy policy) {
      policies.add(Objects.requireNonNull(policy, "policy"));
      return this;
    }

    /** Builds the configuration; an {@link IllegalArgumentException} names a setting missing or out of range. */
    public AzureStorageConfig build() {
      Credentials credentials = new Credentials(auth, account, endpoint, secret, tokenCredential);
      return new AzureStorageConfig(container, prefix, credentials, blockSize, maxConcurrency, maxSingleUploadSize,
          listPageSize, syncCopyMaxSize, copyPollInterval, copyTimeout, createContainer, options(), policies);
    }

    private Builder credential(Auth kind, String value) {
      this.auth = kind;
      this.secret = value;
      this.tokenCredential = null;
      return this;
    }
  }
}
