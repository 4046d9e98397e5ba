package org.storagekit.jclouds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.storagekit.AccessDeniedException;
import org.storagekit.Storage;
import org.storagekit.Storages;

/** Backend checks against the generic jclouds {@code s3} API talking to S3Proxy on loopback. */
class JcloudsS3ProxyBackendTest extends JcloudsBackendTest {
  private static JcloudsFixture.S3ProxyTarget fixture;

  @BeforeAll
  static void start() {
    fixture = new JcloudsFixture.S3ProxyTarget();
  }

  @AfterAll
  static void stop() {
    fixture.close();
  }

  @Override
  JcloudsFixture fixture() {
    return fixture;
  }

  @Test
  void read_wrongCredential_throwsAccessDeniedWithoutTheSecret() {
    storage.put("x.txt", new ByteArrayInputStream(JcloudsFixture.utf8("x")));
    Map<String, String> props = new HashMap<>(fixture.properties());
    props.put("credential", "wrong-secret-value");
    // reads only: S3Proxy refuses a bad signature before reading a body, so a PUT may see the
    // connection close (a transient failure) instead of the 403
    try (Storage denied = Storages.open(URI.create("jclouds://s3/" + JcloudsFixture.CONTAINER + "/" + prefix), props)) {
      assertThatThrownBy(() -> denied.get("x.txt"))
          .isInstanceOf(AccessDeniedException.class)
          .hasMessageContaining("x.txt")
          .hasMessageNotContaining("wrong-secret-value")
          .hasMessageNotContaining(JcloudsFixture.S3ProxyTarget.CREDENTIAL);
      assertThatThrownBy(() -> denied.list().count()).isInstanceOf(AccessDeniedException.class);
      assertThat(denied.toString()).doesNotContain("wrong-secret-value");
    }
  }

  @Test
  void uri_endpoint_isPartOfTheLocation() {
    assertThat(storage.uri().getQuery()).isEqualTo("endpoint=" + fixture.endpoint());
  }
}
