package org.storagekit.s3;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import org.storagekit.Capability;
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
 * small listing pages so multipart and paging run on modest data.
 */
class S3StorageTckTest extends StorageTck implements TckFixture {
  private static final int PAGE = 25;

  @Override
  protected TckFixture fixture() {
    return this;
  }

  /**
   * A storage on S3Proxy whose responses carry the content type as stored. S3Proxy stores it exactly
   * but answers HEAD and GET through Jetty's {@code setContentType}, which rewrites the types it
   * knows ({@code text/html; charset=utf-8} becomes {@code text/html;charset=utf-8}); S3 does not.
   * The interceptor puts back the stored value, and only where the two differ in whitespace alone.
   */
  @Override
  public Storage openStorage(String prefix) {
    S3StorageConfig config = S3Fixture.config(prefix).listPageSize(PAGE).build();
    StorageContext context = config.context();
    return StorageEngine.open(context, new S3Backend(context, config, S3Backend.COPY_MULTIPART_THRESHOLD,
        o -> o.addExecutionInterceptor(STORED_CONTENT_TYPE)));
  }

  private static final ExecutionInterceptor STORED_CONTENT_TYPE = new ExecutionInterceptor() {
    @Override
    public SdkHttpResponse modifyHttpResponse(Context.ModifyHttpResponse context, ExecutionAttributes attributes) {
      SdkRequest request = context.request();
      String key = request instanceof HeadObjectRequest ? ((HeadObjectRequest) request).key()
          : request instanceof GetObjectRequest ? ((GetObjectRequest) request).key() : null;
      Optional<String> sent = context.httpResponse().firstMatchingHeader("Content-Type");
      if (key == null || sent.isEmpty() || !context.httpResponse().isSuccessful()) {
        return context.httpResponse();
      }
      BlobMetadata blob = S3ProxyServer.shared().blobStore().blobMetadata(S3ProxyServer.BUCKET, key);
      String stored = blob == null ? null : blob.getContentMetadata().getContentType();
      return stored != null && stored.replace(" ", "").equals(sent.get().replace(" ", ""))
          ? context.httpResponse().toBuilder().putHeader("Content-Type", stored).build() : context.httpResponse();
    }
  };

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
