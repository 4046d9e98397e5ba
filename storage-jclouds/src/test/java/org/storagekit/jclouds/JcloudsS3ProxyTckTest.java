package org.storagekit.jclouds;

/** The TCK against the generic jclouds {@code s3} API talking to S3Proxy, embedded on loopback. */
class JcloudsS3ProxyTckTest extends AbstractJcloudsTckTest {
  @Override
  JcloudsFixture startTarget() {
    return new JcloudsFixture.S3ProxyTarget();
  }
}
