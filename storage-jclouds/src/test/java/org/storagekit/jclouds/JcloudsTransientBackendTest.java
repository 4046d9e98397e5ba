package org.storagekit.jclouds;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Backend checks against the Transient target. */
class JcloudsTransientBackendTest extends JcloudsBackendTest {
  private static JcloudsFixture fixture;

  @BeforeAll
  static void start() {
    fixture = new JcloudsFixture.Transient();
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
