package org.storagekit.azure;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.storagekit.Capability;
import org.storagekit.Storage;
import org.storagekit.StorageOptions;
import org.storagekit.spi.StorageProvider;

/**
 * The {@code az} scheme: {@code az://container} or {@code az://container/prefix}.
 *
 * <p>Properties (each falls back to the environment variable named after it):
 * <ul>
 *   <li>{@code azure.connection-string} ({@code AZURE_STORAGE_CONNECTION_STRING}): account,
 *       endpoint and key or SAS in one string;
 *   <li>{@code azure.account} ({@code AZURE_STORAGE_ACCOUNT}): the account name;
 *   <li>{@code azure.endpoint}: the blob endpoint (default {@code https://ACCOUNT.blob.core.windows.net});
 *   <li>{@code azure.key} ({@code AZURE_STORAGE_KEY}): the account's shared key;
 *   <li>{@code azure.sas} ({@code AZURE_STORAGE_SAS_TOKEN}): a SAS token;
 *   <li>{@code azure.credential}: {@code key}, {@code sas}, {@code connection-string} or
 *       {@code default} ({@code DefaultAzureCredential}) to choose explicitly; by default a
 *       connection string wins, then a key, then a SAS, then {@code DefaultAzureCredential};
 *   <li>{@code azure.block-size}, {@code azure.max-concurrency}, {@code azure.max-single-upload-size},
 *       {@code azure.list-page-size}, {@code azure.max-tries}, {@code azure.try-timeout} (seconds),
 *       {@code azure.create-container} ({@code true}/{@code false});
 * </ul>
 * plus the shared {@link StorageOptions} keys. The environment is read only where no
 * {@code azure.*} credential or location property is given.
 */
public final class AzureStorageProvider implements StorageProvider {
  /** The scheme, {@code az}. */
  public static final String SCHEME = "az";

  /** Property: connection string. */
  public static final String CONNECTION_STRING = "azure.connection-string";
  /** Property: account name. */
  public static final String ACCOUNT = "azure.account";
  /** Property: blob endpoint URL. */
  public static final String ENDPOINT = "azure.endpoint";
  /** Property: the account's shared key. */
  public static final String KEY = "azure.key";
  /** Property: SAS token. */
  public static final String SAS = "azure.sas";
  /** Property: which credential to use: {@code key}, {@code sas}, {@code connection-string}, {@code default}. */
  public static final String CREDENTIAL = "azure.credential";
  /** Property: upload block and download range size in bytes. */
  public static final String BLOCK_SIZE = "azure.block-size";
  /** Property: blocks of one file in flight at once. */
  public static final String MAX_CONCURRENCY = "azure.max-concurrency";
  /** Property: largest upload sent in one request, in bytes. */
  public static final String MAX_SINGLE_UPLOAD_SIZE = "azure.max-single-upload-size";
  /** Property: blobs per listing page. */
  public static final String LIST_PAGE_SIZE = "azure.list-page-size";
  /** Property: attempts per request. */
  public static final String MAX_TRIES = "azure.max-tries";
  /** Property: time limit of one attempt, in seconds. */
  public static final String TRY_TIMEOUT = "azure.try-timeout";
  /** Property: create a missing container on open. */
  public static final String CREATE_CONTAINER = "azure.create-container";

  static final String ENV_CONNECTION_STRING = "AZURE_STORAGE_CONNECTION_STRING";
  static final String ENV_ACCOUNT = "AZURE_STORAGE_ACCOUNT";
  static final String ENV_KEY = "AZURE_STORAGE_KEY";
  static final String ENV_SAS = "AZURE_STORAGE_SAS_TOKEN";

  private final Map<String, String> environment;

  /** Creates the provider (for {@link java.util.ServiceLoader}); it reads the process environment. */
  public AzureStorageProvider() {
    this(System.getenv());
  }

  /** Creates a provider that reads {@code environment} instead of the process environment. */
  AzureStorageProvider(Map<String, String> environment) {
    this.environment = Objects.requireNonNull(environment, "environment");
  }

  @Override
  public String scheme() {
    return SCHEME;
  }

  @Override
  public Set<Capability> capabilities() {
    return AzureStorage.CAPABILITIES;
  }

  @Override
  public Storage open(URI uri, Map<String, String> properties) {
    return config(uri, properties).open();
  }

  /**
   * The configuration a URI and properties describe.
   *
   * @throws IllegalArgumentException naming the malformed URI part or property
   */
  AzureStorageConfig config(URI uri, Map<String, String> properties) {
    Objects.requireNonNull(uri, "uri");
    Objects.requireNonNull(properties, "properties");
    if (!SCHEME.equalsIgnoreCase(uri.getScheme())) {
      throw new IllegalArgumentException("not an az: URI: " + uri);
    }
    if (uri.isOpaque() || uri.getAuthority() == null || uri.getAuthority().isEmpty()) {
      throw new IllegalArgumentException("an az: URI names a container: az://container[/prefix], not " + uri);
    }
    if (uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getRawUserInfo() != null
        || uri.getPort() != -1) {
      throw new IllegalArgumentException("an az: URI has only a container and a prefix: az://container[/prefix], not "
          + AzureErrors.redact(uri.toString()));
    }
    AzureStorageConfig.Builder b = AzureStorageConfig.builder(uri.getAuthority());
    if (uri.getPath() != null && !uri.getPath().isEmpty()) {
      b.prefix(uri.getPath());
    }
    credentials(b, properties);
    String endpoint = text(properties, ENDPOINT);
    if (endpoint != null) {
      b.endpoint(endpoint);
    }
    Long blockSize = number(properties, BLOCK_SIZE);
    if (blockSize != null) {
      b.blockSize(blockSize);
    }
    Long concurrency = number(properties, MAX_CONCURRENCY);
    if (concurrency != null) {
      b.maxConcurrency(concurrency.intValue());
    }
    Long single = number(properties, MAX_SINGLE_UPLOAD_SIZE);
    if (single != null) {
      b.maxSingleUploadSize(single);
    }
    Long page = number(properties, LIST_PAGE_SIZE);
    if (page != null) {
      b.listPageSize(page.intValue());
    }
    Long tries = number(properties, MAX_TRIES);
    Long timeout = number(properties, TRY_TIMEOUT);
    if (tries != null || timeout != null) {
      b.retries(tries == null ? 4 : tries.intValue(), Duration.ofSeconds(timeout == null ? 300 : timeout),
          Duration.ofMillis(800), Duration.ofSeconds(30));
    }
    String create = text(properties, CREATE_CONTAINER);
    if (create != null) {
      if (!create.equalsIgnoreCase("true") && !create.equalsIgnoreCase("false")) {
        throw new IllegalArgumentException("property '" + CREATE_CONTAINER + "' must be true or false: " + create);
      }
      b.createContainer(Boolean.parseBoolean(create));
    }
    return b.options(StorageOptions.fromProperties(properties)).build();
  }

  private void credentials(AzureStorageConfig.Builder b, Map<String, String> properties) {
    boolean explicit = text(properties, CONNECTION_STRING) != null || text(properties, ACCOUNT) != null
        || text(properties, ENDPOINT) != null || text(properties, KEY) != null || text(properties, SAS) != null;
    String connectionString = explicit ? text(properties, CONNECTION_STRING) : env(ENV_CONNECTION_STRING);
    String account = explicit ? text(properties, ACCOUNT) : env(ENV_ACCOUNT);
    String key = explicit ? text(properties, KEY) : env(ENV_KEY);
    String sas = explicit ? text(properties, SAS) : env(ENV_SAS);
    String choice = text(properties, CREDENTIAL);
    if (choice == null) {
      choice = connectionString != null ? "connection-string" : key != null ? "key" : sas != null ? "sas" : "default";
    }
    if (account != null) {
      b.account(account);
    }
    switch (choice.toLowerCase(Locale.ROOT)) {
      case "connection-string":
        b.connectionString(require(connectionString, CONNECTION_STRING, ENV_CONNECTION_STRING));
        break;
      case "key":
        b.sharedKey(require(account, ACCOUNT, ENV_ACCOUNT), require(key, KEY, ENV_KEY));
        break;
      case "sas":
        b.sasToken(require(sas, SAS, ENV_SAS));
        break;
      case "default":
        if (account == null && text(properties, ENDPOINT) == null) {
          throw new IllegalArgumentException("no Azure account: set '" + CONNECTION_STRING + "', '" + ACCOUNT
              + "' or '" + ENDPOINT + "', or the environment variable " + ENV_CONNECTION_STRING + " or "
              + ENV_ACCOUNT);
        }
        b.defaultAzureCredential();
        break;
      default:
        throw new IllegalArgumentException("property '" + CREDENTIAL
            + "' must be key, sas, connection-string or default: " + choice);
    }
  }

  private String env(String name) {
    String value = environment.get(name);
    return value == null || value.isBlank() ? null : value.trim();
  }

  private static String require(String value, String property, String variable) {
    if (value == null) {
      throw new IllegalArgumentException("property '" + property + "' (or environment variable " + variable
          + ") is required for this credential");
    }
    return value;
  }

  private static String text(Map<String, String> properties, String name) {
    String value = properties.get(name);
    return value == null || value.isBlank() ? null : value.trim();
  }

  private static Long number(Map<String, String> properties, String name) {
    String value = text(properties, name);
    if (value == null) {
      return null;
    }
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("property '" + name + "' must be a whole number: " + value, e);
    }
  }
}
