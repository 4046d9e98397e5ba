package org.storagekit.jclouds;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Backend checks against the S3Proxy target. */
class JcloudsS3ProxyBackendTest extends JcloudsBackendTest {
  private static JcloudsFixture fixture;

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
}
