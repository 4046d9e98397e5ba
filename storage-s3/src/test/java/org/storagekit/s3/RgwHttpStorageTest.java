package org.storagekit.s3;

/**
 * The backend tests (raw keys, multipart, integrity, copy, paging, errors) against Ceph's RADOS
 * Gateway 16.2 over http, with 5 MiB parts, RGW's real minimum.
 */
class RgwHttpStorageTest extends S3StorageTest {
  @Override
  S3Fixture s3() {
    return S3Fixture.rgwHttp();
  }
}
