package org.storagekit.s3;

/** The fault suite against Ceph's RADOS Gateway over http, through the fault proxy. */
class RgwFaultSuiteTest extends S3FaultSuiteTest {
  @Override
  S3Fixture s3() {
    return S3Fixture.rgwHttp();
  }

  @Override
  public String name() {
    return "s3-ceph-rgw";
  }
}
