package org.storagekit.jclouds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.storagekit.Capability;
import org.storagekit.NotFoundException;
import org.storagekit.Storage;
import org.storagekit.Storages;
import org.storagekit.TransientException;

/** URIs, properties, capabilities per provider and secrets, without a remote server. */
class JcloudsStorageProviderTest {
  @TempDir
  Path dir;

  @Test
  void storages_jcloudsScheme_findsThisProvider() {
    assertThat(Storages.provider("jclouds")).isInstanceOf(JcloudsStorageProvider.class);
    assertThat(Storages.provider("jclouds").capabilities())
        .containsExactlyInAnyOrder(Capability.WRITE, Capability.RANGED_READ, Capability.COPY, Capability.ETAG,
            Capability.METADATA);
  }

  @Test
  void parse_canonicalUri_readsProviderContainerPrefixAndQuery() {
    JcloudsStorageConfig c = JcloudsStorageProvider.parse(
        URI.create("jclouds://openstack-swift/my%20box/a/b?endpoint=http%3A%2F%2F10.0.0.1%3A5000%2Fv3"), Map.of());
    assertThat(c.provider()).isEqualTo("openstack-swift");
    assertThat(c.container()).isEqualTo("my box");
    assertThat(c.prefix()).isEqualTo("a/b/");
    assertThat(c.endpoint()).hasValue("http://10.0.0.1:5000/v3");
  }

  @Test
  void parse_opaqueAlias_readsTheSame() {
    JcloudsStorageConfig c = JcloudsStorageProvider.parse(URI.create("jclouds:transient://box/pre/fix/"), Map.of());
    assertThat(c.provider()).isEqualTo("transient");
    assertThat(c.container()).isEqualTo("box");
    assertThat(c.prefix()).isEqualTo("pre/fix/");
  }

  @Test
  void parse_malformedUris_throwIllegalArgumentNamingTheUri() {
    assertThatThrownBy(() -> JcloudsStorageProvider.parse(URI.create("jclouds://transient"), Map.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("without a container");
    assertThatThrownBy(() -> JcloudsStorageProvider.parse(URI.create("jclouds:transient"), Map.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("jclouds://<provider>/<container>");
    assertThatThrownBy(() -> JcloudsStorageProvider.parse(URI.create("jclouds://transient/b/../x"), Map.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("prefix");
    assertThatThrownBy(() -> JcloudsStorageProvider.parse(URI.create("jclouds://transient/b/?color=red"), Map.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("color");
    assertThatThrownBy(() -> JcloudsStorageProvider.parse(URI.create("s3://b/"), Map.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a jclouds");
    assertThatThrownBy(() -> JcloudsStorageProvider.parse(URI.create("jclouds://s3/b/?endpoint=http://a"),
        Map.of("endpoint", "http://b"))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("differs");
    assertThatThrownBy(() -> JcloudsStorageProvider.parse(URI.create("jclouds://s3/b/"), Map.of("create", "maybe")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("create");
  }

  @Test
  void open_unknownProvider_throwsIllegalArgumentListingBlobstores() {
    assertThatThrownBy(() -> Storages.open(URI.create("jclouds://no-such-cloud/b/"), Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no-such-cloud")
        .hasMessageContaining("transient").hasMessageContaining("filesystem").hasMessageContaining("s3");
  }

  @Test
  void open_computeProvider_isRefusedAsNotABlobstore() {
    assertThatThrownBy(() -> JcloudsStorageConfig.builder("glacier", "vault").credentials("i", "c").build().open())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("glacier");
  }

  @Test
  void open_filesystemWithoutBasedir_throwsIllegalArgumentNamingIt() {
    assertThatThrownBy(() -> Storages.open(URI.create("jclouds://filesystem/b/"), Map.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("basedir");
  }

  @Test
  void open_providerNeedingCredentials_withoutThem_namesTheMissingSetting() {
    assertThatThrownBy(() -> JcloudsStorageConfig.builder("s3", "b").endpoint("http://127.0.0.1:1").build().open())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("identity");
  }

  @Test
  void open_missingContainerWithCreateFalse_firstOperationThrowsNotFoundNamingIt() {
    try (Storage s = Storages.open(URI.create("jclouds://filesystem/absent/"),
        Map.of("basedir", dir.toString(), "create", "no"))) {
      assertThatThrownBy(() -> s.get("k")).isInstanceOfSatisfying(NotFoundException.class,
          e -> assertThat(e.key()).isEmpty()).hasMessageContaining("container 'absent'");
      assertThatThrownBy(() -> s.list().count()).isInstanceOf(NotFoundException.class).hasMessageContaining("absent");
      assertThatThrownBy(() -> s.put("k", new java.io.ByteArrayInputStream(new byte[1])))
          .isInstanceOf(NotFoundException.class).hasMessageContaining("absent");
    }
    assertThat(dir.resolve("absent")).doesNotExist();
  }

  @Test
  void open_missingContainerWithCreate_firstOperationCreatesIt() {
    try (Storage s = Storages.open(URI.create("jclouds://filesystem/fresh/"), Map.of("basedir", dir.toString()))) {
      assertThat(dir.resolve("fresh")).doesNotExist();
      assertThat(s.get("k")).isEmpty();
      assertThat(dir.resolve("fresh")).isDirectory();
    }
  }

  @Test
  void open_unreachableEndpoint_makesNoCallUntilTheFirstOperation() {
    try (Storage s = JcloudsStorageConfig.builder("s3", "bucket").endpoint("http://127.0.0.1:1")
        .credentials("identity", "credential").override("jclouds.s3.virtual-host-buckets", "false")
        .override("jclouds.max-retries", "0").build().open()) {
      assertThat(s.uri().toString()).isEqualTo("jclouds://s3/bucket/?endpoint=http%3A%2F%2F127.0.0.1%3A1");
      assertThatThrownBy(() -> s.get("k")).isInstanceOf(TransientException.class);
    }
  }

  @Test
  void open_filesystemFromUri_normalizesWithBasedirAndTrailingSlash() throws Exception {
    try (Storage s = Storages.open(URI.create("jclouds:filesystem://box/sub?basedir=" + dir.toUri().getPath()))) {
      URI uri = s.uri();
      assertThat(uri.getScheme()).isEqualTo("jclouds");
      assertThat(uri.getAuthority()).isEqualTo("filesystem");
      assertThat(uri.getPath()).isEqualTo("/box/sub/");
      assertThat(uri.getQuery()).isEqualTo("basedir=" + dir.toRealPath());
      try (Storage again = Storages.open(uri)) {
        assertThat(again).isEqualTo(s);
      }
    }
  }

  @Test
  void capabilitiesOf_providers_declareNativeCopyAndMultipartOnlyWhereImplemented() {
    EnumSet<Capability> common = EnumSet.of(Capability.WRITE, Capability.RANGED_READ, Capability.COPY, Capability.ETAG,
        Capability.METADATA);
    EnumSet<Capability> nativeAll = EnumSet.complementOf(EnumSet.of(Capability.CONDITIONAL_WRITE, Capability.PRESIGN));
    assertThat(JcloudsBackend.capabilitiesOf("transient", "transient")).isEqualTo(common);
    assertThat(JcloudsBackend.capabilitiesOf("filesystem", "filesystem")).isEqualTo(common);
    assertThat(JcloudsBackend.capabilitiesOf("atmos", "atmos")).isEqualTo(common);
    assertThat(JcloudsBackend.capabilitiesOf("some-new-cloud", "some-new-api")).isEqualTo(common);
    assertThat(JcloudsBackend.capabilitiesOf("aws-s3", "s3")).as("presigning is tested on the generic s3 API only")
        .isEqualTo(nativeAll);
    EnumSet<Capability> s3 = EnumSet.copyOf(nativeAll);
    s3.add(Capability.PRESIGN);
    assertThat(JcloudsBackend.capabilitiesOf("s3", "s3")).isEqualTo(s3);
    assertThat(JcloudsBackend.capabilitiesOf("rackspace-cloudfiles-uk", "rackspace-cloudfiles"))
        .isEqualTo(nativeAll);
    assertThat(JcloudsBackend.capabilitiesOf("azureblob", "azureblob")).isEqualTo(nativeAll);
    assertThat(JcloudsBackend.capabilitiesOf("google-cloud-storage", "google-cloud-storage")).isEqualTo(nativeAll);
    EnumSet<Capability> b2 = EnumSet.copyOf(common);
    b2.add(Capability.MULTIPART_UPLOAD);
    assertThat(JcloudsBackend.capabilitiesOf("b2", "b2")).isEqualTo(b2);
  }

  @Test
  void toString_config_neverShowsTheCredentialOrOverrideValues() {
    JcloudsStorageConfig c = JcloudsStorageConfig.builder("s3", "bucket")
        .credentials("AKIDEXAMPLE", "wJalrXUtnFEMI-super-secret")
        .override("jclouds.oauth.credential", "another-secret-value")
        .build();
    assertThat(c.toString()).contains("AKIDEXAMPLE").contains("jclouds.oauth.credential")
        .doesNotContain("super-secret").doesNotContain("another-secret-value");
    assertThat(c.hasCredential()).isTrue();
  }

  @Test
  void parse_credentialsInTheUriOrABadEndpoint_areRefusedWithoutEchoingSecrets() {
    assertThatThrownBy(() -> JcloudsStorageProvider.parse(URI.create("jclouds://id:topsecret@s3/b/"), Map.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("identity")
        .hasMessageNotContaining("topsecret");
    assertThatThrownBy(() -> JcloudsStorageProvider.parse(URI.create("jclouds://s3/b/"), Map.of("endpoint", "ftp://h")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("endpoint");
  }

  @Test
  void builder_endpointWithUserInfo_isRefused() {
    assertThatThrownBy(() -> JcloudsStorageConfig.builder("s3", "b").endpoint("http://user:secret@host:9000").build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("endpoint")
        .hasMessageNotContaining("secret");
  }

  /** §14.7: the shared settings become jclouds' own properties; an explicit jclouds.* override wins. */
  @Test
  void retries_mapOntoJcloudsProperties_invalidValuesNameTheProperty() {
    java.util.Properties p = JcloudsStorageConfig.retries(org.storagekit.RetryOptions.builder().maxAttempts(4)
        .initialBackoff(java.time.Duration.ofMillis(200)).connectTimeout(java.time.Duration.ofSeconds(3))
        .readTimeout(java.time.Duration.ofSeconds(7)).build());
    assertThat(p).containsEntry(org.jclouds.Constants.PROPERTY_MAX_RETRIES, "3")
        .containsEntry(org.jclouds.Constants.PROPERTY_RETRY_DELAY_START, "200")
        .containsEntry(org.jclouds.Constants.PROPERTY_CONNECTION_TIMEOUT, "3000")
        .containsEntry(org.jclouds.Constants.PROPERTY_SO_TIMEOUT, "7000");
    JcloudsStorageConfig c = JcloudsStorageProvider.parse(URI.create("jclouds://transient/c/"),
        Map.of("retry.max-attempts", "2", "timeout.read", "5s"));
    assertThat(c.options().retries().maxAttempts()).isEqualTo(2);
    assertThat(c.options().retries().readTimeout()).isEqualTo(java.time.Duration.ofSeconds(5));
    assertThatThrownBy(() -> JcloudsStorageProvider.parse(URI.create("jclouds://transient/c/"),
        Map.of("timeout.read", "1h", "timeout.operation", "1m"))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("timeout.operation").hasMessageContaining("timeout.read");
  }
}
