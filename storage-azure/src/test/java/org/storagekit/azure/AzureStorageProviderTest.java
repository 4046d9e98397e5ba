package org.storagekit.azure;

import org.storagekit.guice.StorageModule;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.name.Names;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.storagekit.Capability;
import org.storagekit.RetryOptions;
import org.storagekit.Storage;
import org.storagekit.Storages;
import org.storagekit.spi.StorageProvider;
import org.storagekit.testing.AzuriteServer;

/** URI and property parsing, environment fallbacks, secrets in descriptions; no server needed. */
class AzureStorageProviderTest {
  private static final String KEY = AzuriteServer.KEY;
  private static final String SAS = "sv=2024-08-04&ss=b&srt=sco&sp=rl&se=2030-01-01T00:00:00Z&sig=TOPSECRETSIG%3D";

  private final AzureStorageProvider noEnv = new AzureStorageProvider(Map.of());

  @Test
  void serviceLoader_azScheme_findsThisProvider() {
    StorageProvider provider = Storages.provider("az");

    assertThat(provider).isInstanceOf(AzureStorageProvider.class);
    assertThat(provider.capabilities()).containsExactlyInAnyOrder(Capability.values());
  }

  @Test
  void open_containerAndPrefix_normalizesUri() {
    Map<String, String> props = Map.of(AzureStorageProvider.ACCOUNT, "acct", AzureStorageProvider.KEY, KEY);

    try (Storage root = noEnv.open(URI.create("az://data"), props);
        Storage nested = noEnv.open(URI.create("az://data/a/b/"), props);
        Storage again = noEnv.open(URI.create("az://data/a/b"), props)) {
      assertThat(root.uri()).isEqualTo(URI.create("az://data/"));
      assertThat(nested.uri()).isEqualTo(URI.create("az://data/a/b/"));
      assertThat(again).isEqualTo(nested).isNotSameAs(nested);
    }
  }

  @Test
  void config_accountAndKey_usesDefaultEndpointAndSharedKey() {
    AzureStorageConfig config = AzureStorageProvider.config(Map.of(), URI.create("az://data/p"),
        Map.of(AzureStorageProvider.ACCOUNT, "acct", AzureStorageProvider.KEY, KEY));

    assertThat(config.endpoint()).isEqualTo("https://acct.blob.core.windows.net");
    assertThat(config.auth()).isEqualTo(AzureStorageConfig.Auth.SHARED_KEY);
    assertThat(config.prefix()).isEqualTo("p/");
  }

  @Test
  void config_tuningProperties_areApplied() {
    AzureStorageConfig config = AzureStorageProvider.config(Map.of(), URI.create("az://data"), Map.of(
        AzureStorageProvider.ACCOUNT, "acct", AzureStorageProvider.SAS, SAS,
        AzureStorageProvider.BLOCK_SIZE, "1048576", AzureStorageProvider.MAX_CONCURRENCY, "2",
        AzureStorageProvider.LIST_PAGE_SIZE, "50", RetryOptions.MAX_ATTEMPTS, "7",
        AzureStorageProvider.CREATE_CONTAINER, "true", "parallelism", "3"));

    assertThat(config.auth()).isEqualTo(AzureStorageConfig.Auth.SAS);
    assertThat(config.blockSize()).isEqualTo(1048576);
    assertThat(config.maxConcurrency()).isEqualTo(2);
    assertThat(config.listPageSize()).isEqualTo(50);
    assertThat(config.options().retries().maxAttempts()).isEqualTo(7);
    assertThat(config.createContainer()).isTrue();
    assertThat(config.options().parallelism()).isEqualTo(3);
  }

  @Test
  void config_noProperties_fallsBackToConnectionStringVariable() {
    Map<String, String> env = Map.of(
        AzureStorageProvider.ENV_CONNECTION_STRING, "DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=" + KEY,
        AzureStorageProvider.ENV_SAS, SAS);

    AzureStorageConfig config = AzureStorageProvider.config(env, URI.create("az://data"), Map.of());

    assertThat(config.auth()).isEqualTo(AzureStorageConfig.Auth.CONNECTION_STRING);
    assertThat(config.hasAccountKey()).isTrue();
  }

  @Test
  void config_noProperties_fallsBackToAccountAndSasVariables() {
    Map<String, String> env = Map.of(
        AzureStorageProvider.ENV_ACCOUNT, "acct", AzureStorageProvider.ENV_SAS, SAS);

    AzureStorageConfig config = AzureStorageProvider.config(env, URI.create("az://data"), Map.of());

    assertThat(config.auth()).isEqualTo(AzureStorageConfig.Auth.SAS);
    assertThat(config.sasToken()).isEqualTo(SAS);
    assertThat(config.endpoint()).isEqualTo("https://acct.blob.core.windows.net");
    try (Storage storage = new AzureStorageProvider(env).open(URI.create("az://data/p"), Map.of())) {
      assertThat(storage.uri()).isEqualTo(URI.create("az://data/p/"));
    }
  }

  @Test
  void config_explicitProperties_ignoreEnvironment() {
    Map<String, String> env = Map.of(
        AzureStorageProvider.ENV_CONNECTION_STRING, "AccountName=other;AccountKey=" + KEY);

    AzureStorageConfig config = AzureStorageProvider.config(env, URI.create("az://data"),
        Map.of(AzureStorageProvider.ACCOUNT, "acct", AzureStorageProvider.KEY, KEY));

    assertThat(config.auth()).isEqualTo(AzureStorageConfig.Auth.SHARED_KEY);
  }

  @Test
  void config_accountWithoutSecret_choosesDefaultAzureCredential() {
    AzureStorageConfig config = AzureStorageProvider.config(Map.of(), URI.create("az://data"),
        Map.of(AzureStorageProvider.ACCOUNT, "acct"));

    assertThat(config.auth()).isEqualTo(AzureStorageConfig.Auth.DEFAULT_CREDENTIAL);
    assertThat(config.toString()).contains("DefaultAzureCredential");
    try (Storage storage = config.open()) { // builds the credential; sends nothing
      assertThat(storage.uri()).isEqualTo(URI.create("az://data/"));
    }
  }

  @Test
  void config_nothingConfigured_throwsNamingTheSettings() {
    assertThatThrownBy(() -> AzureStorageProvider.config(Map.of(), URI.create("az://data"), Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(AzureStorageProvider.CONNECTION_STRING)
        .hasMessageContaining(AzureStorageProvider.ENV_CONNECTION_STRING);
  }

  @Test
  void config_badUriOrProperty_throwsIllegalArgumentNamingIt() {
    Map<String, String> props = Map.of(AzureStorageProvider.ACCOUNT, "acct", AzureStorageProvider.KEY, KEY);
    assertThatThrownBy(() -> AzureStorageProvider.config(Map.of(), URI.create("s3://data"), props))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("s3://data");
    assertThatThrownBy(() -> AzureStorageProvider.config(Map.of(), URI.create("az://Bad_Name"), props))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("container name");
    assertThatThrownBy(() -> AzureStorageProvider.config(Map.of(), URI.create("az://data/a/../b"), props))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("prefix");
    assertThatThrownBy(() -> AzureStorageProvider.config(Map.of(), URI.create("az://data?sig=x"), props))
        .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining("sig=x");
    assertThatThrownBy(() -> AzureStorageProvider.config(Map.of(), URI.create("az://data"),
        Map.of(AzureStorageProvider.ACCOUNT, "acct", AzureStorageProvider.KEY, KEY,
            AzureStorageProvider.BLOCK_SIZE, "big")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(AzureStorageProvider.BLOCK_SIZE);
    assertThatThrownBy(() -> AzureStorageProvider.config(Map.of(), URI.create("az://data"),
        Map.of(AzureStorageProvider.ACCOUNT, "acct", AzureStorageProvider.CREDENTIAL, "key")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(AzureStorageProvider.KEY);
  }

  @Test
  void config_sharedPropertyRules_sizesBooleansDurationsAndUnknownNames() {
    AzureStorageConfig config = AzureStorageProvider.config(Map.of(), URI.create("az://data"), Map.of(
        AzureStorageProvider.ACCOUNT, "acct", AzureStorageProvider.KEY, KEY,
        AzureStorageProvider.BLOCK_SIZE, "4M", AzureStorageProvider.MAX_SINGLE_UPLOAD_SIZE, "512K",
        AzureStorageProvider.CREATE_CONTAINER, "yes", RetryOptions.OPERATION_TIMEOUT, "30s"));

    assertThat(config.blockSize()).isEqualTo(4L * 1024 * 1024);
    assertThat(config.maxSingleUploadSize()).isEqualTo(512L * 1024);
    assertThat(config.createContainer()).isTrue();
    assertThat(config.options().retries().operationTimeout()).isEqualTo(java.time.Duration.ofSeconds(30));
    assertThat(config.options().retries().maxAttempts()).isEqualTo(RetryOptions.DEFAULT_MAX_ATTEMPTS);
    assertThatThrownBy(() -> AzureStorageProvider.config(Map.of(), URI.create("az://data"), Map.of(
        AzureStorageProvider.ACCOUNT, "acct", AzureStorageProvider.KEY, KEY, "azure.max-tries", "3")))
        .as("the Azure-only name is gone").isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("azure.max-tries");
    assertThatThrownBy(() -> AzureStorageProvider.config(Map.of(), URI.create("az://data"), Map.of(
        AzureStorageProvider.ACCOUNT, "acct", AzureStorageProvider.KEY, KEY, RetryOptions.MAX_BACKOFF, "1ms")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(RetryOptions.MAX_BACKOFF);
    assertThatThrownBy(() -> AzureStorageProvider.config(Map.of(), URI.create("az://data"),
        Map.of(AzureStorageProvider.ACCOUNT, "acct", AzureStorageProvider.KEY, KEY, "azure.blocksize", "4M")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("azure.blocksize")
        .hasMessageContaining(AzureStorageProvider.BLOCK_SIZE);
    assertThatThrownBy(() -> AzureStorageProvider.config(Map.of(), URI.create("az://data"),
        Map.of(AzureStorageProvider.ACCOUNT, "acct", AzureStorageProvider.CREDENTIAL, "password")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(AzureStorageProvider.CREDENTIAL);
  }

  @Test
  void config_equalValues_areEqualAndSecretsStayOutOfToString() {
    AzureStorageConfig a = AzureStorageConfig.builder("data").sharedKey("acct", KEY).prefix("x").build();
    AzureStorageConfig b = AzureStorageConfig.builder("data").sharedKey("acct", KEY).prefix("/x/").build();

    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
    assertThat(a).isNotEqualTo(AzureStorageConfig.builder("data").sharedKey("acct", KEY).blockSize(1 << 20).build());
    assertThat(a.toString()).contains("data").contains("shared key (redacted)").doesNotContain(KEY);
  }

  @Test
  void build_badOrMissingValues_areRefusedNamingTheSetting() {
    assertThatThrownBy(() -> AzureStorageConfig.builder("data").sharedKey("acct", KEY).blockSize(1).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("blockSize")
        .hasMessageContaining("64 KiB..4000 MiB");
    assertThatThrownBy(() -> AzureStorageConfig.builder("data").sharedKey("acct", KEY).listPageSize(5001).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("listPageSize");
    assertThatThrownBy(() -> AzureStorageConfig.builder("data").sharedKey("acct", KEY).endpoint("ftp://host").build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("endpoint");
    assertThatThrownBy(() -> AzureStorageConfig.builder("Bad_Name").sharedKey("acct", KEY).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("container name");
    assertThatThrownBy(() -> AzureStorageConfig.builder("data").build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no Azure credentials");
    assertThatThrownBy(() -> AzureStorageConfig.builder("data").sasToken(SAS).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no Azure endpoint");
    AzureStorageConfig c = AzureStorageConfig.builder("data").sharedKey("acct", KEY).build();
    assertThatThrownBy(() -> new AzureStorageConfig(c.container(), c.prefix(), c.credentials(), c.blockSize(), 0,
        c.maxSingleUploadSize(), c.listPageSize(), c.syncCopyMaxSize(), c.copyPollInterval(), c.copyTimeout(),
        c.createContainer(), c.options(),
        c.policies())).as("the constructor checks as build() does").hasMessageContaining("maxConcurrency");
  }

  @Test
  void toString_everyCredentialKind_hidesSecrets() {
    String connection = "DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=" + KEY;
    for (Map<String, String> props : java.util.List.of(
        Map.of(AzureStorageProvider.CONNECTION_STRING, connection),
        Map.of(AzureStorageProvider.ACCOUNT, "acct", AzureStorageProvider.KEY, KEY),
        Map.of(AzureStorageProvider.ACCOUNT, "acct", AzureStorageProvider.SAS, SAS),
        Map.of(AzureStorageProvider.ENDPOINT, "https://acct.blob.core.windows.net/?" + SAS,
            AzureStorageProvider.SAS, SAS))) {
      AzureStorageConfig config = AzureStorageProvider.config(Map.of(), URI.create("az://data"), props);
      assertThat(config.toString()).doesNotContain(KEY).doesNotContain("TOPSECRETSIG");
    }
  }

  @Test
  void guiceModule_namedBinding_opensConfiguredStorage() {
    AzureStorageConfig config = AzureStorageConfig.builder("data").sharedKey("acct", KEY).prefix("x").build();
    Injector injector = Guice.createInjector(StorageModule.of(config).named("archive"));

    Storage storage = injector.getInstance(Key.get(Storage.class, Names.named("archive")));
    try {
      assertThat(storage.uri()).isEqualTo(URI.create("az://data/x/"));
      assertThat(injector.getInstance(Key.get(Storage.class, Names.named("archive")))).isSameAs(storage);
    } finally {
      storage.close();
    }
  }
}
