package org.storagekit.azure;

import java.net.URI;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BinaryOperator;
import java.util.stream.Stream;
import org.storagekit.StorageOptions;
import org.storagekit.spi.BucketUri;
import org.storagekit.spi.ConfigProvider;
import org.storagekit.spi.ProviderProperties;
import org.storagekit.spi.Settings;

/**
 * The {@code az} scheme: {@code az://container} or {@code az://container/prefix}, configured by
 * the {@code azure.*} properties below plus the shared {@link StorageOptions} keys (retries and timeouts
 * among them: {@code retry.max-attempts}, {@code timeout.read}, ..., {@link org.storagekit.RetryOptions}), all parsed by
 * {@link ProviderProperties} (sizes such as {@code 8M}, booleans {@code true/yes/on}, durations such
 * as {@code 30s}); any other {@code azure.*} property is refused. The credential is a connection
 * string, else a key, else a SAS, else {@code DefaultAzureCredential}, unless
 * {@link #CREDENTIAL} chooses; the environment variables {@code AZURE_STORAGE_CONNECTION_STRING},
 * {@code AZURE_STORAGE_ACCOUNT}, {@code AZURE_STORAGE_KEY} and {@code AZURE_STORAGE_SAS_TOKEN} are
 * read only where no {@code azure.*} credential or location property is given.
 */
public final class AzureStorageProvider extends ConfigProvider {
  /** The scheme, {@code az}. */
  public static final String SCHEME = "az";

  /** Property: connection string: account, endpoint and key or SAS in one string. */
  public static final String CONNECTION_STRING = "azure.connection-string";
  /** Property: account name. */
  public static final String ACCOUNT = "azure.account";
  /** Property: blob endpoint URL (default {@code https://ACCOUNT.blob.core.windows.net}). */
  public static final String ENDPOINT = "azure.endpoint";
  /** Property: the account's shared key. */
  public static final String KEY = "azure.key";
  /** Property: SAS token. */
  public static final String SAS = "azure.sas";
  /** Property: which credential to use: {@code key}, {@code sas}, {@code connection-string}, {@code default}. */
  public static final String CREDENTIAL = "azure.credential";
  /** Property: upload block and download range size (a size: {@code 8388608}, {@code 8M}). */
  public static final String BLOCK_SIZE = "azure.block-size";
  /** Property: blocks of one file in flight at once. */
  public static final String MAX_CONCURRENCY = "azure.max-concurrency";
  /** Property: largest upload sent in one request (a size). */
  public static final String MAX_SINGLE_UPLOAD_SIZE = "azure.max-single-upload-size";
  /** Property: blobs per listing page. */
  public static final String LIST_PAGE_SIZE = "azure.list-page-size";
  /** Property: create a missing container before the first operation (a boolean). */
  public static final String CREATE_CONTAINER = "azure.create-container";

  static final String ENV_CONNECTION_STRING = "AZURE_STORAGE_CONNECTION_STRING";
  static final String ENV_ACCOUNT = "AZURE_STORAGE_ACCOUNT";
  static final String ENV_KEY = "AZURE_STORAGE_KEY";
  static final String ENV_SAS = "AZURE_STORAGE_SAS_TOKEN";

  private static final Set<String> KNOWN = Set.of(CONNECTION_STRING, ACCOUNT, ENDPOINT, KEY, SAS, CREDENTIAL,
      BLOCK_SIZE, MAX_CONCURRENCY, MAX_SINGLE_UPLOAD_SIZE, LIST_PAGE_SIZE, CREATE_CONTAINER);

  /** The values of {@link #CREDENTIAL}. */
  private enum Credential { CONNECTION_STRING, KEY, SAS, DEFAULT }

  /** Creates the provider (for {@link java.util.ServiceLoader}); it reads the process environment. */
  public AzureStorageProvider() {
    this(System.getenv());
  }

  /** Creates a provider that reads {@code environment} instead of the process environment. */
  AzureStorageProvider(Map<String, String> environment) {
    super(SCHEME, AzureBackend.CAPABILITIES, (uri, properties) -> config(environment, uri, properties));
    Objects.requireNonNull(environment, "environment");
  }

  /**
   * The configuration a URI and properties describe, with {@code environment} for the fallbacks.
   *
   * @throws IllegalArgumentException naming the malformed URI part or property
   */
  static AzureStorageConfig config(Map<String, String> environment, URI uri, Map<String, String> properties) {
    BucketUri location = BucketUri.parse(uri, SCHEME, "container");
    ProviderProperties p = ProviderProperties.of(properties, "azure.", KNOWN);
    AzureStorageConfig.Builder b = AzureStorageConfig.builder(location.bucket()).prefix(location.prefix());
    credentials(b, p, environment);
    p.string(ENDPOINT).ifPresent(b::endpoint);
    p.size(BLOCK_SIZE).ifPresent(b::blockSize);
    p.integer(MAX_CONCURRENCY).ifPresent(b::maxConcurrency);
    p.size(MAX_SINGLE_UPLOAD_SIZE).ifPresent(b::maxSingleUploadSize);
    p.integer(LIST_PAGE_SIZE).ifPresent(b::listPageSize);
    p.bool(CREATE_CONTAINER).ifPresent(b::createContainer);
    return b.options(StorageOptions.fromProperties(properties)).build();
  }

  private static void credentials(AzureStorageConfig.Builder b, ProviderProperties p, Map<String, String> env) {
    boolean explicit = Stream.of(CONNECTION_STRING, ACCOUNT, ENDPOINT, KEY, SAS).anyMatch(k -> p.string(k).isPresent());
    BinaryOperator<String> value = (property, variable) -> (explicit ? p.string(property)
        : Settings.env(env, variable)).orElse(null);
    String connectionString = value.apply(CONNECTION_STRING, ENV_CONNECTION_STRING);
    String account = value.apply(ACCOUNT, ENV_ACCOUNT);
    String key = value.apply(KEY, ENV_KEY);
    String sas = value.apply(SAS, ENV_SAS);
    Credential choice = p.choice(CREDENTIAL, Credential.class).orElse(connectionString != null
        ? Credential.CONNECTION_STRING
        : key != null ? Credential.KEY : sas != null ? Credential.SAS : Credential.DEFAULT);
    if (account != null) {
      b.account(account);
    }
    switch (choice) {
      case CONNECTION_STRING -> b.connectionString(require(connectionString, CONNECTION_STRING, ENV_CONNECTION_STRING));
      case KEY -> b.sharedKey(require(account, ACCOUNT, ENV_ACCOUNT), require(key, KEY, ENV_KEY));
      case SAS -> b.sasToken(require(sas, SAS, ENV_SAS));
      default -> {
        if (account == null && p.string(ENDPOINT).isEmpty()) {
          throw new IllegalArgumentException("no Azure account: set '" + CONNECTION_STRING + "', '" + ACCOUNT
              + "' or '" + ENDPOINT + "', or the environment variable " + ENV_CONNECTION_STRING + " or "
              + ENV_ACCOUNT);
        }
        b.defaultAzureCredential();
      }
    }
  }

  private static String require(String value, String property, String variable) {
    if (value == null) {
      throw new IllegalArgumentException("property '" + property + "' (or environment variable " + variable
          + ") is required for this credential");
    }
    return value;
  }
}
