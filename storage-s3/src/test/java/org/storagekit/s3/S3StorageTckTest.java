package org.storagekit.s3;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import org.storagekit.Capability;
import org.storagekit.RetryOptions;
import org.storagekit.Storage;
import org.storagekit.spi.StorageContext;
import org.storagekit.spi.StorageEngine;
import org.storagekit.tck.StorageTck;
import org.storagekit.tck.TckFixture;
import org.storagekit.testing.S3ProxyServer;
import org.jclouds.blobstore.domain.BlobMetadata;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;

/**
 * The TCK against S3Proxy, embedded on loopback, with the smallest parts S3 allows (5 MiB) and
 * small listing pages so multipart and paging run on modest data. Subclasses run it against other
 * servers ({@link RgwHttpStorageTckTest}, {@link RgwHttpsStorageTckTest}) by overriding {@link #s3()}.
 */
class S3StorageTckTest extends StorageTck implements TckFixture {
  private static final int PAGE = 25;

  /** The server under test. */
  S3Fixture s3() {
    return S3Fixture.s3proxy();
  }

  @Override
  protected TckFixture fixture() {
    return this;
  }

  @Override
  public Storage openStorage(String prefix) {
    return s3().config(prefix).listPageSize(PAGE).build().open();
  }

  /**
   * Everything but CONDITIONAL_WRITE: S3Proxy 2.7.0 accepts If-None-Match and If-Match on PutObject
   * and CompleteMultipartUpload and ignores them, so a storage on it (a custom endpoint,
   * {@code conditionalWrites} unset) does not claim them.
   */
  @Override
  public Set<Capability> declaredCapabilities() {
    return EnumSet.of(Capability.WRITE, Capability.RANGED_READ, Capability.COPY, Capability.SERVER_SIDE_COPY,
        Capability.ETAG, Capability.MULTIPART_UPLOAD, Capability.METADATA, Capability.PRESIGN);
  }

  /**
   * Through the SDK, so the key travels over HTTP as any other tool would send it; on S3Proxy a key
   * with {@code //}, which its Jetty mangles in the request path, goes straight into its blob store
   * instead, and still reaches the storage through ListObjectsV2.
   */
  @Override
  public void writeRawKey(String prefix, String rawKey, byte[] content) {
    s3().writeRaw(prefix + "/" + rawKey, content);
  }

  @Override
  public void deleteRawKey(String prefix, String rawKey) {
    s3().deleteRaw(prefix + "/" + rawKey);
  }

  @Override
  public Storage openMissingBucket() {
    return s3().missingBucket().retries(RetryOptions.builder().maxAttempts(1).build()).build().open();
  }

  @Override
  public long largeFileSize() {
    return 11L * 1024 * 1024 + 1;
  }

  @Override
  public int pagedListingKeys() {
    return 3 * PAGE + 7;
  }
}
