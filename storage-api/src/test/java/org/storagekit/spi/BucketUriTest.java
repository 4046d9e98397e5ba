package org.storagekit.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** scheme://bucket/prefix, checked once for every provider. */
class BucketUriTest {
  private static final String SECRET = "uri-secret-never-echoed";

  @Test
  void parse_bucketAndPrefix_normalizesThePrefix() {
    assertThat(BucketUri.parse(URI.create("s3://b"), "s3", "bucket")).isEqualTo(new BucketUri("s3", "b", ""));
    assertThat(BucketUri.parse(URI.create("S3://b/"), "s3", "bucket").prefix()).isEmpty();
    BucketUri nested = BucketUri.parse(URI.create("az://data/a/b"), "az", "container");
    assertThat(nested.bucket()).isEqualTo("data");
    assertThat(nested.prefix()).isEqualTo("a/b/");
    assertThat(nested.uri()).isEqualTo(URI.create("az://data/a/b/"));
  }

  @Test
  void parse_percentEncodedPrefix_isDecodedAndUriEncodesItAgain() {
    BucketUri spaced = BucketUri.parse(URI.create("gs://b/my%20dir"), "gs", "bucket");
    assertThat(spaced.prefix()).isEqualTo("my dir/");
    assertThat(spaced.uri()).hasToString("gs://b/my%20dir/");
    assertThat(BucketUri.parse(spaced.uri(), "gs", "bucket")).isEqualTo(spaced);
  }

  @Test
  void parse_otherScheme_isRefusedNamingTheShape() {
    assertThatThrownBy(() -> BucketUri.parse(URI.create("gs://b/p"), "s3", "bucket"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not an s3: URI").hasMessageContaining("s3://bucket[/prefix]")
        .hasMessageContaining("gs://b/p");
    assertThatThrownBy(() -> BucketUri.parse(URI.create("s3://b"), "gs", "bucket"))
        .hasMessageContaining("not a gs: URI");
    assertThatThrownBy(() -> BucketUri.parse(URI.create("b/p"), "s3", "bucket"))
        .hasMessageContaining("not an s3: URI");
  }

  @ParameterizedTest
  @ValueSource(strings = {"az:opaque", "az:///no-container", "az://data:80/p", "az://data/p?x=1", "az://data/p#f"})
  void parse_malformed_isRefusedNamingTheShape(String uri) {
    assertThatThrownBy(() -> BucketUri.parse(URI.create(uri), "az", "container"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("az://container[/prefix]");
  }

  @ParameterizedTest
  @ValueSource(strings = {"s3://key:" + SECRET + "@bucket/p", "s3://key:" + SECRET + "@my_bucket/p",
      "s3:key:" + SECRET + "@bucket", "s3://bucket/p?sig=" + SECRET, "gs://key:" + SECRET + "@b/p"})
  void parse_credentialsOrQuery_areRefusedWithoutEchoingThem(String uri) {
    assertThatThrownBy(() -> BucketUri.parse(URI.create(uri), "s3", "bucket"))
        .isInstanceOf(IllegalArgumentException.class)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(SECRET));
  }

  @Test
  void parse_badPrefix_isRefusedNamingIt() {
    assertThatThrownBy(() -> BucketUri.parse(URI.create("s3://b/a/../c"), "s3", "bucket"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("prefix");
  }

  @Test
  void printable_hidesUserInfoQueryAndFragment() {
    assertThat(BucketUri.printable(URI.create("s3://b/p"))).isEqualTo("s3://b/p");
    assertThat(BucketUri.printable(URI.create("http://u:pw@host:9000/x?sig=abc#frag")))
        .isEqualTo("http://***@host:9000/x?***#***");
    assertThat(BucketUri.printable(URI.create("s3:u:pw@b"))).isEqualTo("s3:***");
    assertThat(BucketUri.printable(URI.create("jclouds:transient://box/p"))).isEqualTo("jclouds:transient://box/p");
  }
}
