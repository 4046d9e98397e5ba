package org.storagekit.s3;

/**
 * The TCK against Ceph's RADOS Gateway 16.2 over https (a self-signed certificate this test JVM
 * trusts), where the SDK sends {@code UNSIGNED-PAYLOAD} without chunks.
 */
class RgwHttpsStorageTckTest extends S3StorageTckTest {
  @Override
  S3Fixture s3() {
    return S3Fixture.rgwHttps();
  }
}
