package org.storagekit.s3;

/**
 * The TCK against Ceph's RADOS Gateway 16.2 over plain http, where the SDK signs bodies in chunks
 * ({@code aws-chunked}); 5 MiB parts, RGW's real minimum.
 */
class RgwHttpStorageTckTest extends S3StorageTckTest {
  @Override
  S3Fixture s3() {
    return S3Fixture.rgwHttp();
  }
}
