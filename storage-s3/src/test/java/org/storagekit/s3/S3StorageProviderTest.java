package org.storagekit.s3;

import org.storagekit.guice.StorageModule;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.name.Names;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.storagekit.RetryOptions;
import org.storagekit.Storage;
import org.storagekit.StorageOptions;
import org.storagekit.Storages;
import org.storagekit.testing.S3ProxyServer;

class S3StorageProviderTest {
  private static final String SECRET = "provider-secret-never-printed";

  @Test
  void config_everyProperty_isApplied() {
    S3StorageConfig c = S3StorageProvider.config(URI.create("s3://bucket/a/b"), Map.ofEntries(
        Map.entry("s3.endpoint", "http://127.0.0.1:9000"),
        Map.entry("s3.region", "eu-west-1"),
        Map.entry("s3.path-style", "true"),
        Map.entry("s3.access-key", "key"),
        Map.entry("s3.secret-key", SECRET),
        Map.entry("s3.checksum-mode", "when-supported"),
        Map.entry("s3.conditional-writes", "true"),
        Map.entry("s3.multipart-threshold", "32M"),
        Map.entry("s3.part-size", "16MiB"),
        Map.entry("s3.part-concurrency", "2"),
        Map.entry("s3.list-page-size", "10"),
        Map.entry(RetryOptions.MAX_ATTEMPTS, "5"),
        Map.entry(RetryOptions.READ_TIMEOUT, "2s"),
        Map.entry(StorageOptions.PARALLELISM, "3")));
    assertThat(c.bucket()).isEqualTo("bucket");
    assertThat(c.prefix()).isEqualTo("a/b/");
    assertThat(c.uri()).isEqualTo(URI.create("s3://bucket/a/b/"));
    assertThat(c.endpoint()).contains(URI.create("http://127.0.0.1:9000"));
    assertThat(c.region()).contains("eu-west-1");
    assertThat(c.pathStyle()).isTrue();
    assertThat(c.explicitCredentials()).isTrue();
    assertThat(c.checksumMode()).isEqualTo(S3StorageConfig.ChecksumMode.WHEN_SUPPORTED);
    assertThat(c.conditionalWritesEnabled()).isTrue();
    assertThat(c.multipartThreshold()).isEqualTo(32L << 20);
    assertThat(c.partSize()).isEqualTo(16L << 20);
    assertThat(c.partConcurrency()).isEqualTo(2);
    assertThat(c.listPageSize()).isEqualTo(10);
    assertThat(c.options().retries().maxAttempts()).isEqualTo(5);
    assertThat(c.options().retries().readTimeout()).isEqualTo(java.time.Duration.ofSeconds(2));
    assertThat(c.options().parallelism()).isEqualTo(3);
    assertThat(c.toString()).doesNotContain(SECRET);
  }

  @Test
  void config_unknownS3Property_isRefusedNamingIt() {
    assertThatThrownBy(() -> S3StorageProvider.config(URI.create("s3://b"), Map.of("s3.endpiont", "x")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("s3.endpiont");
  }

  @Test
  void config_malformedValues_areRefusedNamingTheProperty() {
    assertThatThrownBy(() -> S3StorageProvider.config(URI.create("s3://b"), Map.of("s3.part-size", "big")))
        .hasMessageContaining("s3.part-size");
    assertThatThrownBy(() -> S3StorageProvider.config(URI.create("s3://b"), Map.of("s3.checksum-mode", "crc")))
        .hasMessageContaining("s3.checksum-mode");
    assertThatThrownBy(() -> S3StorageProvider.config(URI.create("s3://b"), Map.of("s3.access-key", "only-key")))
        .hasMessageContaining("s3.secret-key");
  }

  /** §14.7: the shared names, checked once; the old S3-only names are gone and refused. */
  @Test
  void config_invalidRetryOrTimeout_isRefusedNamingTheProperty() {
    assertThatThrownBy(() -> S3StorageProvider.config(URI.create("s3://b"), Map.of("retry.max-attempts", "0")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("retry.max-attempts");
    assertThatThrownBy(() -> S3StorageProvider.config(URI.create("s3://b"), Map.of("timeout.read", "-1s")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("timeout.read");
    assertThatThrownBy(() -> S3StorageProvider.config(URI.create("s3://b"), Map.of("s3.read-timeout", "5s")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("s3.read-timeout");
  }

  @Test
  void config_credentialsInTheUri_areRefusedWithoutEchoingThem() {
    assertThatThrownBy(() -> S3StorageProvider.config(URI.create("s3://key:" + SECRET + "@bucket/p"), Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(SECRET));
  }

  @Test
  void open_throughServiceLoader_reachesTheServer() throws IOException {
    S3ProxyServer server = S3ProxyServer.shared();
    try (Storage s = Storages.open(URI.create("s3://" + S3ProxyServer.BUCKET + "/provider-test"), Map.of(
        "s3.endpoint", server.endpoint().toString(),
        "s3.path-style", "true",
        "s3.access-key", S3ProxyServer.ACCESS_KEY,
        "s3.secret-key", S3ProxyServer.SECRET_KEY))) {
      assertThat(s.uri()).isEqualTo(URI.create("s3://" + S3ProxyServer.BUCKET + "/provider-test/"));
      assertThat(s.capabilities()).isEqualTo(new S3StorageProvider().capabilities());
      s.put("hello.txt", new ByteArrayInputStream("hello".getBytes(StandardCharsets.UTF_8)));
      try (InputStream in = s.open("hello.txt")) {
        assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("hello");
      }
      s.delete("hello.txt");
      assertThat(s.contains("hello.txt")).isFalse();
    }
  }

  @Test
  void module_named_bindsALazySingleton() {
    S3StorageConfig config = S3Fixture.s3proxy().config("guice").build();
    Injector injector = Guice.createInjector(StorageModule.of(config).named("archive"));
    Storage a = injector.getInstance(Key.get(Storage.class, Names.named("archive")));
    try {
      assertThat(injector.getInstance(Key.get(Storage.class, Names.named("archive")))).isSameAs(a);
      assertThat(a.uri()).isEqualTo(config.uri());
    } finally {
      a.close();
    }
  }
}
