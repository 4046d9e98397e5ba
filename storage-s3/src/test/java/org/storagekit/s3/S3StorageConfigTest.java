package org.storagekit.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;
import org.storagekit.RetryOptions;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

class S3StorageConfigTest {
  private static final String SECRET = "s3cr3t-value-never-printed";

  @Test
  void toString_explicitCredentials_showsNeitherKeyNorSecret() {
    S3StorageConfig config = S3StorageConfig.builder("bucket").credentials("AKIAEXAMPLEKEYID", SECRET, "token-xyz").build();
    assertThat(config.toString())
        .doesNotContain(SECRET).doesNotContain("AKIAEXAMPLEKEYID").doesNotContain("token-xyz")
        .contains("credentials=explicit");
  }

  @Test
  void toString_credentialsProvider_saysExplicitAndNeverPrintsTheProvider() {
    S3StorageConfig config = S3StorageConfig.builder("bucket").credentialsProvider(
        StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIAPROVIDERKEYID", SECRET))).build();
    assertThat(config.explicitCredentials()).isTrue();
    assertThat(config.toString()).contains("credentials=explicit").doesNotContain("AKIAPROVIDERKEYID")
        .doesNotContain(SECRET);
  }

  @Test
  void constructor_outOfRangeOrUnnormalized_isCheckedLikeTheBuilder() {
    S3StorageConfig c = S3StorageConfig.builder("b").build();
    assertThatThrownBy(() -> new S3StorageConfig(c.bucket(), c.prefix(), c.endpoint(), c.region(), c.pathStyle(),
        c.credentials(), c.checksumMode(), c.conditionalWrites(), c.multipartThreshold(), 1024, c.partConcurrency(), c.listPageSize(),
        c.options())).hasMessageContaining("partSize");
    assertThat(new S3StorageConfig(c.bucket(), "/x/y", c.endpoint(), c.region(), c.pathStyle(), c.credentials(),
        c.checksumMode(), c.conditionalWrites(), c.multipartThreshold(), c.partSize(), c.partConcurrency(), c.listPageSize(),
        c.options()).prefix()).isEqualTo("x/y/");
  }

  /** §14.7: the shared retries, set on the builder, defaulting to the batch defaults, checked naming the property. */
  @Test
  void retries_defaultToTheShared_setOnTheBuilder_invalidNamesTheProperty() {
    assertThat(S3StorageConfig.builder("b").build().options().retries()).isEqualTo(RetryOptions.defaults());
    RetryOptions r = RetryOptions.builder().maxAttempts(2).readTimeout(java.time.Duration.ofSeconds(5)).build();
    assertThat(S3StorageConfig.builder("b").retries(r).build().options().retries()).isEqualTo(r);
    assertThatThrownBy(() -> RetryOptions.builder().readTimeout(java.time.Duration.ZERO).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("timeout.read");
  }

  @Test
  void toString_noCredentials_saysDefaultChain() {
    assertThat(S3StorageConfig.builder("bucket").build().toString()).contains("credentials=default-chain");
  }

  @Test
  void uri_prefixWithOrWithoutSlashes_isNormalized() {
    assertThat(S3StorageConfig.builder("b").build().uri()).isEqualTo(URI.create("s3://b/"));
    assertThat(S3StorageConfig.builder("b").prefix("/x/y").build().uri()).isEqualTo(URI.create("s3://b/x/y/"));
    assertThat(S3StorageConfig.builder("b").prefix("x/y/").build().prefix()).isEqualTo("x/y/");
  }

  @Test
  void prefix_dotSegment_isRefused() {
    assertThatThrownBy(() -> S3StorageConfig.builder("b").prefix("a/../b").build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("prefix");
  }

  @Test
  void build_badBucketOrSizes_areRefusedNamingTheSetting() {
    assertThatThrownBy(() -> S3StorageConfig.builder("a/b").build()).hasMessageContaining("bucket");
    assertThatThrownBy(() -> S3StorageConfig.builder("b").partSize(1024).build())
        .hasMessageContaining("partSize").hasMessageContaining("5 MiB..5 GiB");
    assertThatThrownBy(() -> S3StorageConfig.builder("b").multipartThreshold(1024).build())
        .hasMessageContaining("multipartThreshold");
    assertThatThrownBy(() -> S3StorageConfig.builder("b").listPageSize(1001).build())
        .hasMessageContaining("listPageSize").hasMessageContaining("1..1000");
    assertThatThrownBy(() -> S3StorageConfig.builder("b").endpoint(URI.create("ftp://x")).build())
        .hasMessageContaining("endpoint");
    assertThatThrownBy(() -> S3StorageConfig.builder("b").credentials("key", "").build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("secret key");
  }

  @Test
  void build_endpointWithCredentials_isRefusedWithoutEchoingThem() {
    URI withCredentials = URI.create("http://key:" + SECRET + "@host");
    assertThatThrownBy(() -> S3StorageConfig.builder("b").endpoint(withCredentials).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("endpoint")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(SECRET));
  }

  @Test
  void checksumMode_auto_isWhenSupportedOnAwsAndWhenRequiredElsewhere() {
    S3StorageConfig aws = S3StorageConfig.builder("b").endpoint(URI.create("https://s3.eu-west-1.amazonaws.com")).build();
    S3StorageConfig custom = S3StorageConfig.builder("b").endpoint(URI.create("http://127.0.0.1:9000")).build();
    assertThat(aws.effectiveChecksumMode()).isEqualTo(S3StorageConfig.ChecksumMode.WHEN_SUPPORTED);
    assertThat(custom.effectiveChecksumMode()).isEqualTo(S3StorageConfig.ChecksumMode.WHEN_REQUIRED);
  }

  @Test
  void conditionalWrites_default_isOnlyTrustedOnAws_andAnExplicitSettingWins() {
    URI custom = URI.create("http://127.0.0.1:9000");
    assertThat(S3StorageConfig.builder("b").build().conditionalWritesEnabled()).isTrue();
    assertThat(S3StorageConfig.builder("b").endpoint(custom).build().conditionalWritesEnabled()).isFalse();
    assertThat(S3StorageConfig.builder("b").endpoint(custom).conditionalWrites(true).build().conditionalWritesEnabled())
        .isTrue();
    assertThat(S3StorageConfig.builder("b").conditionalWrites(false).build().conditionalWritesEnabled()).isFalse();
  }

  @Test
  void checksumMode_explicit_winsOverTheEndpoint() {
    S3StorageConfig custom = S3StorageConfig.builder("b").endpoint(URI.create("http://127.0.0.1:9000"))
        .checksumMode(S3StorageConfig.ChecksumMode.WHEN_SUPPORTED).build();
    assertThat(custom.effectiveChecksumMode()).isEqualTo(S3StorageConfig.ChecksumMode.WHEN_SUPPORTED);
  }

  @Test
  void equals_sameSettings_isEqual() {
    assertThat(S3StorageConfig.builder("b").prefix("p").credentials("k", "s").build())
        .isEqualTo(S3StorageConfig.builder("b").prefix("p/").credentials("k", "s").build())
        .isNotEqualTo(S3StorageConfig.builder("b").prefix("p").credentials("k", "other").build());
  }
}
