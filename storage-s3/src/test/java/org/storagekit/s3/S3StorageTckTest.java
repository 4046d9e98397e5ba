package org.storagekit.s3;

import java.util.EnumSet;
import java.util.Set;
import org.storagekit.Capability;
import org.storagekit.Storage;
import org.storagekit.tck.StorageTck;
import org.storagekit.tck.TckFixture;
import org.storagekit.testing.S3ProxyServer;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * The TCK against S3Proxy, embedded on loopback, with the smallest parts S3 allows (5 MiB) and
 * small listing pages so multipart and paging run on modest data.
 */
class S3StorageTckTest extends StorageTck implements TckFixture {
  private static final int PAGE = 25;

  @Override
  protected TckFixture fixture() {
    return this;
  }

  @Override
  public Storage openStorage(String prefix) {
    return S3Fixture.config(prefix).listPageSize(PAGE).build().open();
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
   * Through the SDK, so the key travels over HTTP as any other tool would send it; a key with
   * {@code //}, which S3 stores but S3Proxy's Jetty mangles in the request path, goes straight into
   * S3Proxy's blob store instead, and still reaches the storage through ListObjectsV2.
   */
  @Override
  public void writeRawKey(String prefix, String rawKey, byte[] content) {
    String name = prefix + "/" + rawKey;
    if (name.contains("//")) {
      S3ProxyServer.shared().writeDirect(S3ProxyServer.BUCKET, name, content);
      return;
    }
    S3Fixture.client().putObject(r -> r.bucket(S3ProxyServer.BUCKET).key(name), RequestBody.fromBytes(content));
  }

  @Override
  public void deleteRawKey(String prefix, String rawKey) {
    String name = prefix + "/" + rawKey;
    if (name.contains("//")) {
      S3ProxyServer.shared().deleteDirect(S3ProxyServer.BUCKET, name);
      return;
    }
    S3Fixture.client().deleteObject(r -> r.bucket(S3ProxyServer.BUCKET).key(name));
  }

  @Override
  public Storage openMissingBucket() {
    return S3StorageConfig.builder("no-such-bucket").endpoint(S3ProxyServer.shared().endpoint()).pathStyle(true)
        .region("us-east-1").credentials(S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY).maxAttempts(1).build().open();
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
