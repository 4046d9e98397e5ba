package org.storagekit.gcs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.storagekit.Capability;
import org.storagekit.RetryOptions;
import org.storagekit.Storage;
import org.storagekit.Storages;

/** URIs, properties and credentials handling; no request is made. */
class GcsStorageProviderTest {
  private static final Map<String, String> NO_CREDENTIALS = Map.of(GcsStorageProvider.CREDENTIALS, "none");

  @TempDir Path local;

  private static GcsStorageConfig config(String uri, Map<String, String> properties) {
    return GcsStorageProvider.config(URI.create(uri), properties);
  }

  @Test
  void open_gsScheme_isFoundThroughServiceLoaderAndNormalizesTheUri() {
    try (Storage storage = Storages.open(URI.create("gs://my-bucket/some/prefix"), NO_CREDENTIALS)) {
      assertThat(storage.uri()).hasToString("gs://my-bucket/some/prefix/");
      assertThat(storage.capabilities()).containsExactlyInAnyOrder(Capability.WRITE, Capability.RANGED_READ,
          Capability.COPY, Capability.SERVER_SIDE_COPY, Capability.ETAG, Capability.METADATA,
          Capability.CONDITIONAL_WRITE).as("anonymous credentials cannot sign: no PRESIGN");
      assertThat(storage).isEqualTo(Storages.open(URI.create("gs://my-bucket/some/prefix/"), NO_CREDENTIALS));
    }
  }

  @Test
  void config_bucketOnly_hasEmptyPrefix() {
    GcsStorageConfig c = config("gs://my-bucket", NO_CREDENTIALS);
    assertThat(c.bucket()).isEqualTo("my-bucket");
    assertThat(c.prefix()).isEmpty();
    assertThat(c.uri()).hasToString("gs://my-bucket/");
    assertThat(config("gs://my-bucket/", NO_CREDENTIALS).uri()).hasToString("gs://my-bucket/");
  }

  @Test
  void config_properties_areRead() {
    GcsStorageConfig c = config("gs://b-1/p", Map.of(
        GcsStorageProvider.PROJECT, "proj",
        GcsStorageProvider.HOST, "http://localhost:4443",
        GcsStorageProvider.CREDENTIALS, "none",
        GcsStorageProvider.CHUNK_SIZE, "524288",
        GcsStorageProvider.PAGE_SIZE, "50",
        RetryOptions.MAX_ATTEMPTS, "3",
        "parallelism", "2"));
    assertThat(c.project()).isEqualTo("proj");
    assertThat(c.host()).isEqualTo("http://localhost:4443");
    assertThat(c.credentialsSource()).isEqualTo(GcsStorageConfig.CredentialsSource.NONE);
    assertThat(c.chunkSize()).isEqualTo(524_288);
    assertThat(c.pageSize()).isEqualTo(50);
    assertThat(c.options().retries().maxAttempts()).isEqualTo(3);
    assertThat(c.options().parallelism()).isEqualTo(2);
    assertThat(config("gs://b-1", Map.of()).credentialsSource())
        .isEqualTo(GcsStorageConfig.CredentialsSource.APPLICATION_DEFAULT);
  }

  @Test
  void config_unknownGcsProperty_throwsNamingIt() {
    assertThatThrownBy(() -> config("gs://b-1", Map.of("gcs.hots", "x")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("gcs.hots");
  }

  @Test
  void config_sharedPropertyRules_sizesWithUnitsAndUnknownKeysListingTheKnownOnes() {
    assertThat(config("gs://b-1", Map.of(GcsStorageProvider.CHUNK_SIZE, "1M")).chunkSize()).isEqualTo(1 << 20);
    assertThat(config("gs://b-1", Map.of(GcsStorageProvider.CREDENTIALS, "NONE")).credentialsSource())
        .isEqualTo(GcsStorageConfig.CredentialsSource.NONE);
    assertThatThrownBy(() -> config("gs://b-1", Map.of("gcs.hots", "x")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(GcsStorageProvider.HOST);
  }

  @Test
  void config_isAValue_equalForTheSameLocationAndSettings() {
    assertThat(config("gs://b-1/p", NO_CREDENTIALS)).isEqualTo(config("gs://b-1/p/", NO_CREDENTIALS))
        .hasSameHashCodeAs(config("gs://b-1/p/", NO_CREDENTIALS))
        .isNotEqualTo(config("gs://b-1/q", NO_CREDENTIALS));
    assertThatThrownBy(() -> GcsStorageConfig.builder("b-1").chunkSize(1000).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("chunkSize");
  }

  @Test
  void build_badValues_areRefusedNamingTheSetting() {
    assertThatThrownBy(() -> GcsStorageConfig.builder("b-1").chunkSize(1000).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("chunkSize").hasMessageContaining("256 KiB");
    assertThatThrownBy(() -> GcsStorageConfig.builder("b-1").pageSize(0).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("pageSize");
    assertThatThrownBy(() -> config("gs://b-1", Map.of(RetryOptions.MAX_ATTEMPTS, "-1")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(RetryOptions.MAX_ATTEMPTS);
    assertThatThrownBy(() -> config("gs://b-1", Map.of("gcs.max-attempts", "3")))
        .as("the GCS-only name is gone").isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("gcs.max-attempts");
    assertThatThrownBy(() -> config("gs://b-1", Map.of(RetryOptions.CONNECT_TIMEOUT, "forever")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(RetryOptions.CONNECT_TIMEOUT);
    assertThatThrownBy(() -> GcsStorageConfig.builder("b-1").host("ftp://localhost").build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("host");
    assertThatThrownBy(() -> GcsStorageConfig.builder("Upper").build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bucket name");
    assertThatThrownBy(() -> GcsStorageConfig.builder("b-1").prefix("a/../b").build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("prefix");
  }

  @Test
  void config_malformedValues_throwNamingTheProperty() {
    assertThatThrownBy(() -> config("gs://b-1", Map.of(GcsStorageProvider.CHUNK_SIZE, "big")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(GcsStorageProvider.CHUNK_SIZE);
    assertThatThrownBy(() -> config("gs://b-1", Map.of(GcsStorageProvider.CHUNK_SIZE, "1000")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("chunkSize");
    assertThatThrownBy(() -> config("gs://b-1", Map.of(GcsStorageProvider.CREDENTIALS, "maybe")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(GcsStorageProvider.CREDENTIALS);
    assertThatThrownBy(() -> config("gs://b-1", Map.of(GcsStorageProvider.HOST, "localhost:4443")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("localhost:4443");
    assertThatThrownBy(() -> config("gs://b-1", Map.of(GcsStorageProvider.CREDENTIALS, "none",
        GcsStorageProvider.CREDENTIALS_FILE, "/k.json"))).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void config_malformedUri_throwsNamingIt() {
    for (String uri : new String[] {"gs:opaque", "gs:///no-bucket", "gs://b-1:80/p", "gs://b-1/p?x=1",
        "gs://user@b-1/p", "gs://Upper/p", "s3://b-1/p", "gs://b-1/a/../b"}) {
      assertThatThrownBy(() -> config(uri, Map.of())).as(uri).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void serviceAccountKey_neverAppearsInToStringOrErrors() throws Exception {
    Path key = local.resolve("key.json");
    Files.writeString(key, "{\"type\":\"service_account\",\"client_email\":\"a@b.iam.gserviceaccount.com\","
        + "\"private_key_id\":\"SECRET-ID-123\",\"private_key\":\"-----BEGIN PRIVATE KEY-----\\nSECRETKEYMATERIAL\\n"
        + "-----END PRIVATE KEY-----\\n\",\"client_id\":\"1\"}", StandardCharsets.UTF_8);
    GcsStorageConfig c = config("gs://b-1", Map.of(GcsStorageProvider.CREDENTIALS_FILE, key.toString()));
    assertThat(c.credentialsSource()).isEqualTo(GcsStorageConfig.CredentialsSource.SERVICE_ACCOUNT_FILE);
    assertThat(c.toString()).contains(key.toString()).doesNotContain("SECRET");
    Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(c::open);
    assertThat(thrown).as("the key material is not a valid key").isNotNull();
    for (Throwable t = thrown; t != null; t = t.getCause()) {
      assertThat(String.valueOf(t.getMessage())).doesNotContain("SECRETKEYMATERIAL").doesNotContain("SECRET-ID");
    }
  }

  @Test
  void serviceAccountKey_missingFile_throwsNamingThePath() {
    Path missing = local.resolve("missing.json");
    GcsStorageConfig c = config("gs://b-1", Map.of(GcsStorageProvider.CREDENTIALS_FILE, missing.toString()));
    assertThatThrownBy(c::open).isInstanceOf(UncheckedIOException.class).hasMessageContaining(missing.toString());
  }
}
