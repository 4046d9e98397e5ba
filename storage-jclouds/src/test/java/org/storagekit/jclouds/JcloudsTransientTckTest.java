package org.storagekit.jclouds;

/** The TCK against jclouds {@code transient}, its in-memory reference store. */
class JcloudsTransientTckTest extends AbstractJcloudsTckTest {
  @Override
  JcloudsFixture startTarget() {
    return new JcloudsFixture.Transient();
  }
}
