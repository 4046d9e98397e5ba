package org.storagekit.azure;

import org.storagekit.StorageConfig;

import com.azure.core.credential.AzureSasCredential;
import com.azure.core.credential.TokenCredential;
import com.azure.core.http.policy.HttpLogDetailLevel;
import com.azure.core.http.policy.HttpLogOptions;
import com.azure.core.http.policy.HttpPipelinePolicy;
import com.azure.storage.blob.BlobContainerAsyncClient;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.common.StorageSharedKeyCredential;
import com.azure.storage.common.policy.RequestRetryOptions;
import com.azure.storage.common.policy.RetryPolicyType;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;
import org.storagekit.Storage;
import org.storagekit.StorageOptions;
import org.storagekit.spi.Keys;

/**
 * Configuration of an Azure Blob Storage location: the container, an optional key prefix, the
 * account's endpoint and credentials, transfer tuning, retries, and the shared
 * {@link StorageOptions}. Immutable; build with {@link #builder(String)}.
 *
 * <p>Credentials are exactly one of: a connection string (which also names the endpoint), the
 * account's shared key, a SAS token, {@code DefaultAzureCredential} (needs
 * {@code com.azure:azure-identity} on the class path, loaded only when chosen), or any
 * {@link TokenCredential}. Secrets never appear in {@link #toString()}.
 */
public final class AzureStorageConfig implements StorageConfig {
  /** Default size of one block in a parallel upload or one range in a parallel download: 8 MiB. */
  public static final long DEFAULT_BLOCK_SIZE = 8L * 1024 * 1024;
  /** Default largest upload sent as one request rather than as blocks: 8 MiB. */
  public static final long DEFAULT_MAX_SINGLE_UPLOAD_SIZE = 8L * 1024 * 1024;
  /** Largest copy done with the synchronous Copy Blob From URL call: 256 MiB (the service's limit). */
  public static final long MAX_SYNC_COPY_SIZE = 256L * 1024 * 1024;

  private static final Pattern CONTAINER = Pattern.compile("[a-z0-9](?:[a-z0-9]|-(?=[a-z0-9])){2,62}");

  enum Auth {
    CONNECTION_STRING("connection string (redacted)"),
    SHARED_KEY("shared key (redacted)"),
    SAS("SAS token (redacted)"),
    DEFAULT_CREDENTIAL("DefaultAzureCredential"),
    TOKEN_CREDENTIAL("TokenCredential");

    final String description;

    Auth(String description) {
      this.description = description;
    }
  }

  private final String container;
  private final String prefix;
  private final String endpoint;
  private final String account;
  private final Auth auth;
  private final String secret;
  private final TokenCredential tokenCredential;
  private final long blockSize;
  private final int maxConcurrency;
  private final long maxSingleUploadSize;
  private final int listPageSize;
  private final long syncCopyMaxSize;
  private final Duration copyPollInterval;
  private final Duration copyTimeout;
  private final int maxTries;
  private final Duration tryTimeout;
  private final Duration retryDelay;
  private final Duration maxRetryDelay;
  private final boolean createContainer;
  private final StorageOptions options;
  private final List<HttpPipelinePolicy> policies;

  private AzureStorageConfig(Builder b) {
    this.container = b.container;
    this.prefix = b.prefix;
    this.auth = b.auth;
    this.secret = b.secret;
    this.tokenCredential = b.tokenCredential;
    this.account = b.account;
    this.endpoint = b.endpoint != null ? stripSlash(b.endpoint)
        : b.account != null && auth != Auth.CONNECTION_STRING ? "https://" + b.account + ".blob.core.windows.net"
        : null;
    this.blockSize = b.blockSize;
    this.maxConcurrency = b.maxConcurrency;
    this.maxSingleUploadSize = b.maxSingleUploadSize;
    this.listPageSize = b.listPageSize;
    this.syncCopyMaxSize = b.syncCopyMaxSize;
    this.copyPollInterval = b.copyPollInterval;
    this.copyTimeout = b.copyTimeout;
    this.maxTries = b.maxTries;
    this.tryTimeout = b.tryTimeout;
    this.retryDelay = b.retryDelay;
    this.maxRetryDelay = b.maxRetryDelay;
    this.createContainer = b.createContainer;
    this.options = b.options;
    this.policies = List.copyOf(b.policies);
  }

  /**
   * A builder for a storage in {@code container}.
   *
   * @throws IllegalArgumentException if {@code container} is not a valid container name (3 to 63
   *     lower-case letters, digits and single dashes, starting and ending with a letter or digit)
   */
  public static Builder builder(String container) {
    return new Builder(container);
  }

  /** The container. */
  public String container() {
    return container;
  }

  /** The key prefix inside the container: empty, or ending with {@code /}. */
  public String prefix() {
    return prefix;
  }

  /**
   * The blob service endpoint, for example {@code https://account.blob.core.windows.net}, or
   * {@code null} when it comes from the connection string.
   */
  public String endpoint() {
    return endpoint;
  }

  /** Size of one block of a parallel upload, and of one range of a parallel download. */
  public long blockSize() {
    return blockSize;
  }

  /** Blocks or ranges of one file transferred at once. */
  public int maxConcurrency() {
    return maxConcurrency;
  }

  /** Largest upload sent as a single request; larger ones go as blocks. */
  public long maxSingleUploadSize() {
    return maxSingleUploadSize;
  }

  /** Blobs asked for per listing page. */
  public int listPageSize() {
    return listPageSize;
  }

  /** Largest blob copied with Copy Blob From URL; larger ones use a polled asynchronous copy. */
  public long syncCopyMaxSize() {
    return syncCopyMaxSize;
  }

  /** How often an asynchronous copy is polled. */
  public Duration copyPollInterval() {
    return copyPollInterval;
  }

  /** How long an asynchronous copy may take before it is aborted. */
  public Duration copyTimeout() {
    return copyTimeout;
  }

  /** Attempts per request, including the first (the SDK's {@code RequestRetryOptions}). */
  public int maxTries() {
    return maxTries;
  }

  /** Whether {@link #open()} creates the container when it is missing. */
  public boolean createContainer() {
    return createContainer;
  }

  /** The shared options. */
  public StorageOptions options() {
    return options;
  }

  /** Which kind of credential is configured. */
  Auth auth() {
    return auth;
  }

  /** The SAS token to append to a copy source, if the credential is one. */
  String sasToken() {
    if (auth == Auth.SAS) {
      return secret;
    }
    if (auth == Auth.CONNECTION_STRING) {
      return connectionStringValue("SharedAccessSignature");
    }
    return null;
  }

  /** Whether the client holds the account key and can therefore sign a source URL itself. */
  boolean hasAccountKey() {
    return auth == Auth.SHARED_KEY
        || (auth == Auth.CONNECTION_STRING && connectionStringValue("AccountKey") != null);
  }

  /**
   * Opens the storage. No request is sent unless {@link Builder#createContainer(boolean)} is set.
   *
   * @throws IllegalStateException if {@code DefaultAzureCredential} is chosen without
   *     azure-identity on the class path
   * @throws org.storagekit.StorageException if the container cannot be created
   */
  @Override
  public Storage open() {
    BlobServiceClientBuilder builder = serviceClientBuilder();
    BlobContainerClient client = builder.buildClient().getBlobContainerClient(container);
    BlobContainerAsyncClient async = builder.buildAsyncClient().getBlobContainerAsyncClient(container);
    URI uri;
    try {
      uri = new URI("az", container, "/" + prefix, null);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("cannot form a URI for container '" + container + "' and prefix '"
          + prefix + "'", e);
    }
    if (createContainer) {
      try {
        client.createIfNotExists();
      } catch (RuntimeException e) {
        throw AzureErrors.translate(uri, null, e);
      }
    }
    return new AzureStorage(uri, this, client, async);
  }

  private BlobServiceClientBuilder serviceClientBuilder() {
    BlobServiceClientBuilder b = new BlobServiceClientBuilder()
        .retryOptions(new RequestRetryOptions(RetryPolicyType.EXPONENTIAL, maxTries, tryTimeout, retryDelay,
            maxRetryDelay, null))
        .httpLogOptions(new HttpLogOptions().setLogLevel(HttpLogDetailLevel.NONE));
    switch (auth) {
      case CONNECTION_STRING:
        b.connectionString(secret);
        if (endpoint != null) {
          b.endpoint(endpoint);
        }
        break;
      case SHARED_KEY:
        b.endpoint(endpoint).credential(new StorageSharedKeyCredential(account, secret));
        break;
      case SAS:
        b.endpoint(endpoint).credential(new AzureSasCredential(secret));
        break;
      case DEFAULT_CREDENTIAL:
        b.endpoint(endpoint).credential(Identity.defaultCredential());
        break;
      case TOKEN_CREDENTIAL:
        b.endpoint(endpoint).credential(tokenCredential);
        break;
      default:
        throw new AssertionError(auth);
    }
    policies.forEach(b::addPolicy);
    return b;
  }

  private String connectionStringValue(String name) {
    for (String part : secret.split(";")) {
      int eq = part.indexOf('=');
      if (eq > 0 && part.substring(0, eq).trim().equalsIgnoreCase(name)) {
        String value = part.substring(eq + 1).trim();
        return value.isEmpty() ? null : value;
      }
    }
    return null;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof AzureStorageConfig)) {
      return false;
    }
    AzureStorageConfig other = (AzureStorageConfig) o;
    return container.equals(other.container)
        && prefix.equals(other.prefix)
        && Objects.equals(endpoint, other.endpoint)
        && Objects.equals(account, other.account)
        && auth == other.auth
        && Objects.equals(secret, other.secret)
        && Objects.equals(tokenCredential, other.tokenCredential)
        && blockSize == other.blockSize
        && maxConcurrency == other.maxConcurrency
        && maxSingleUploadSize == other.maxSingleUploadSize
        && listPageSize == other.listPageSize
        && syncCopyMaxSize == other.syncCopyMaxSize
        && copyPollInterval.equals(other.copyPollInterval)
        && copyTimeout.equals(other.copyTimeout)
        && maxTries == other.maxTries
        && tryTimeout.equals(other.tryTimeout)
        && retryDelay.equals(other.retryDelay)
        && maxRetryDelay.equals(other.maxRetryDelay)
        && createContainer == other.createContainer
        && options.equals(other.options)
        && policies.equals(other.policies);
  }

  @Override
  public int hashCode() {
    return Objects.hash(container, prefix, endpoint, account, auth, blockSize, maxConcurrency, options);
  }

  /** Describes the configuration; credentials are named by kind only, never shown. */
  @Override
  public String toString() {
    return "AzureStorageConfig{container=" + container
        + ", prefix=" + prefix
        + ", endpoint=" + (endpoint == null ? "(from connection string)" : AzureErrors.redact(endpoint))
        + (account == null ? "" : ", account=" + account)
        + ", credential=" + auth.description
        + ", blockSize=" + blockSize
        + ", maxConcurrency=" + maxConcurrency
        + ", maxSingleUploadSize=" + maxSingleUploadSize
        + ", listPageSize=" + listPageSize
        + ", syncCopyMaxSize=" + syncCopyMaxSize
        + ", maxTries=" + maxTries
        + ", tryTimeout=" + tryTimeout
        + ", createContainer=" + createContainer
        + ", " + options + "}";
  }

  private static String stripSlash(String endpoint) {
    return endpoint.endsWith("/") ? endpoint.substring(0, endpoint.length() - 1) : endpoint;
  }

  /** Loads azure-identity only when {@code DefaultAzureCredential} is chosen. */
  private static final class Identity {
    private static final String BUILDER = "com.azure.identity.DefaultAzureCredentialBuilder";

    static TokenCredential defaultCredential() {
      try {
        Class.forName(BUILDER, false, AzureStorageConfig.class.getClassLoader());
      } catch (ClassNotFoundException | LinkageError e) {
        throw new IllegalStateException("DefaultAzureCredential needs com.azure:azure-identity on the class path;"
            + " add it, or configure a shared key, a SAS token or a connection string", e);
      }
      return Loaded.build();
    }

    private static final class Loaded {
      static TokenCredential build() {
        return new com.azure.identity.DefaultAzureCredentialBuilder().build();
      }
    }
  }

  /** Builds {@link AzureStorageConfig}. Setting a credential replaces any credential set before. */
  public static final class Builder {
    private final String container;
    private String prefix = "";
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
    private int maxTries = 4;
    private Duration tryTimeout = Duration.ofMinutes(5);
    private Duration retryDelay = Duration.ofMillis(800);
    private Duration maxRetryDelay = Duration.ofSeconds(30);
    private boolean createContainer;
    private StorageOptions options = StorageOptions.defaults();
    private final List<HttpPipelinePolicy> policies = new ArrayList<>();

    private Builder(String container) {
      Objects.requireNonNull(container, "container");
      if (!CONTAINER.matcher(container).matches()) {
        throw new IllegalArgumentException("invalid Azure container name '" + container
            + "': use 3 to 63 lower-case letters, digits and single dashes, starting and ending with a letter or digit");
      }
      this.container = container;
    }

    /**
     * The key prefix inside the container, like a folder: {@code "backups/2024"}; leading and
     * trailing slashes are ignored. Default: none.
     *
     * @throws IllegalArgumentException if the prefix is not a valid key path
     */
    public Builder prefix(String prefix) {
      this.prefix = Keys.storagePrefix(prefix);
      return this;
    }

    /**
     * Authenticates with a connection string, which also names the account and endpoint (for
     * example the one printed by {@code az storage account show-connection-string}).
     */
    public Builder connectionString(String connectionString) {
      return credential(Auth.CONNECTION_STRING, requireText(connectionString, "connectionString"));
    }

    /** Authenticates with the account's name and shared key. */
    public Builder sharedKey(String account, String accountKey) {
      this.account = requireText(account, "account");
      return credential(Auth.SHARED_KEY, requireText(accountKey, "accountKey"));
    }

    /** Authenticates with a SAS token (with or without the leading {@code ?}). */
    public Builder sasToken(String sasToken) {
      String sas = requireText(sasToken, "sasToken");
      return credential(Auth.SAS, sas.startsWith("?") ? sas.substring(1) : sas);
    }

    /**
     * Authenticates with {@code DefaultAzureCredential} (environment, managed identity, Azure CLI,
     * ...). Requires {@code com.azure:azure-identity} on the class path when the storage is opened.
     */
    public Builder defaultAzureCredential() {
      return credential(Auth.DEFAULT_CREDENTIAL, null);
    }

    /** Authenticates with any Microsoft Entra token credential. */
    public Builder credential(TokenCredential credential) {
      credential(Auth.TOKEN_CREDENTIAL, null);
      this.tokenCredential = Objects.requireNonNull(credential, "credential");
      return this;
    }

    /**
     * The storage account name; gives the default endpoint {@code https://NAME.blob.core.windows.net}
     * for SAS and token credentials.
     */
    public Builder account(String account) {
      this.account = requireText(account, "account");
      return this;
    }

    /**
     * The blob service endpoint, for example {@code https://NAME.blob.core.windows.net} or an
     * emulator's {@code http://127.0.0.1:10000/devstoreaccount1}. Overrides the account's default
     * and a connection string's endpoint.
     *
     * @throws IllegalArgumentException if it is not an http or https URL
     */
    public Builder endpoint(String endpoint) {
      String e = requireText(endpoint, "endpoint");
      String scheme = e.contains(":") ? e.substring(0, e.indexOf(':')).toLowerCase(Locale.ROOT) : "";
      if (!scheme.equals("http") && !scheme.equals("https")) {
        throw new IllegalArgumentException("endpoint must be an http or https URL: " + AzureErrors.redact(e));
      }
      this.endpoint = e;
      return this;
    }

    /** Size of one upload block and one download range, 64 KiB to 4000 MiB (default 8 MiB). */
    public Builder blockSize(long bytes) {
      this.blockSize = range("blockSize", bytes, 64L * 1024, 4000L * 1024 * 1024);
      return this;
    }

    /** Blocks or ranges of one file in flight at once, 1 to 64 (default 4). */
    public Builder maxConcurrency(int count) {
      this.maxConcurrency = (int) range("maxConcurrency", count, 1, 64);
      return this;
    }

    /** Largest upload sent in one request, 1 byte to 5000 MiB (default 8 MiB). */
    public Builder maxSingleUploadSize(long bytes) {
      this.maxSingleUploadSize = range("maxSingleUploadSize", bytes, 1, 5000L * 1024 * 1024);
      return this;
    }

    /** Blobs per listing page, 1 to 5000 (default 5000, the service's maximum). */
    public Builder listPageSize(int count) {
      this.listPageSize = (int) range("listPageSize", count, 1, 5000);
      return this;
    }

    /**
     * Largest blob copied with the synchronous Copy Blob From URL call, 0 to 256 MiB (default 256
     * MiB); larger blobs, and every blob when this is 0, use a polled asynchronous copy.
     */
    public Builder syncCopyMaxSize(long bytes) {
      this.syncCopyMaxSize = range("syncCopyMaxSize", bytes, 0, MAX_SYNC_COPY_SIZE);
      return this;
    }

    /** Poll interval (default 1 s) and time limit (default 1 h) of asynchronous copies. */
    public Builder copyPolling(Duration interval, Duration timeout) {
      this.copyPollInterval = positive("copy poll interval", interval);
      this.copyTimeout = positive("copy timeout", timeout);
      return this;
    }

    /**
     * Retries of every request through the SDK's exponential {@code RequestRetryOptions}: attempts
     * including the first (default 4), the time limit of one attempt (default 5 min), and the first
     * and longest delay between attempts (default 0.8 s and 30 s).
     */
    public Builder retries(int maxTries, Duration tryTimeout, Duration retryDelay, Duration maxRetryDelay) {
      this.maxTries = (int) range("maxTries", maxTries, 1, 100);
      this.tryTimeout = positive("tryTimeout", tryTimeout);
      this.retryDelay = positive("retryDelay", retryDelay);
      this.maxRetryDelay = positive("maxRetryDelay", maxRetryDelay);
      if (this.retryDelay.compareTo(this.maxRetryDelay) > 0) {
        throw new IllegalArgumentException("retryDelay must not exceed maxRetryDelay: " + retryDelay + " > "
            + maxRetryDelay);
      }
      return this;
    }

    /** Whether {@link AzureStorageConfig#open()} creates a missing container (default false). */
    public Builder createContainer(boolean create) {
      this.createContainer = create;
      return this;
    }

    /** The shared options (default {@link StorageOptions#defaults()}). */
    public Builder options(StorageOptions options) {
      this.options = Objects.requireNonNull(options, "options");
      return this;
    }

    /** Adds an HTTP pipeline policy (tests count and break requests with it). */
    Builder addPolicy(HttpPipelinePolicy policy) {
      policies.add(Objects.requireNonNull(policy, "policy"));
      return this;
    }

    /**
     * Builds the configuration.
     *
     * @throws IllegalArgumentException if no credential is set, or no endpoint can be found
     */
    public AzureStorageConfig build() {
      if (auth == null) {
        throw new IllegalArgumentException("no Azure credentials for container '" + container
            + "': set a connection string, a shared key, a SAS token, DefaultAzureCredential or a token credential");
      }
      if (auth != Auth.CONNECTION_STRING && endpoint == null && account == null) {
        throw new IllegalArgumentException("no Azure endpoint for container '" + container
            + "': set the account name or the endpoint");
      }
      return new AzureStorageConfig(this);
    }

    private Builder credential(Auth kind, String value) {
      this.auth = kind;
      this.secret = value;
      this.tokenCredential = null;
      return this;
    }

    private static String requireText(String value, String name) {
      Objects.requireNonNull(value, name);
      String v = value.trim();
      if (v.isEmpty()) {
        throw new IllegalArgumentException(name + " must not be empty");
      }
      return v;
    }

    private static long range(String name, long value, long min, long max) {
      if (value < min || value > max) {
        throw new IllegalArgumentException(name + " must be " + min + ".." + max + ": " + value);
      }
      return value;
    }

    private static Duration positive(String name, Duration value) {
      Objects.requireNonNull(value, name);
      if (value.isNegative() || value.isZero()) {
        throw new IllegalArgumentException(name + " must be positive: " + value);
      }
      return value;
    }
  }
}
