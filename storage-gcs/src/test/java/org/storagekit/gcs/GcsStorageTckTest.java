package org.storagekit.gcs;

import java.util.EnumSet;
import java.util.Set;
import org.storagekit.Capability;
import org.storagekit.Storage;
import org.storagekit.tck.StorageTck;
import org.storagekit.tck.TckFixture;
import org.storagekit.testing.FakeGcsServer;

/**
 * The TCK through the client's HTTP stack against {@link FakeGcsServer} on loopback, authenticated
 * with a throwaway service-account key that the server trusts (so presigned URLs are signed as on
 * GCS and the server checks them). The server is our reading of the JSON API, not GCS: see the
 * module README for what that leaves untested.
 */
class GcsStorageTckTest extends StorageTck implements TckFixture {
  private static final FakeGcs GCS = FakeGcs.shared();

  @Override
  protected TckFixture fixture() {
    return this;
  }

  @Override
  public Storage openStorage(String prefix) {
    return GCS.config(FakeGcs.BUCKET)
        .prefix(prefix)
        .chunkSize(GcsStorageConfig.MIN_CHUNK_SIZE * 4) // 1 MiB: the large-file case spans 21 chunks
        .build()
        .open();
  }

  @Override
  public Storage openMissingBucket() {
    return GCS.config(FakeGcsServer.MISSING_BUCKET).build().open();
  }

  @Override
  public Set<Capability> declaredCapabilities() {
    return EnumSet.of(Capability.WRITE, Capability.RANGED_READ, Capability.COPY, Capability.SERVER_SIDE_COPY,
        Capability.ETAG, Capability.METADATA, Capability.CONDITIONAL_WRITE, Capability.PRESIGN);
  }

  @Override
  public void writeRawKey(String prefix, String rawKey, byte[] content) {
    GCS.server.put(FakeGcs.BUCKET, prefix + "/" + rawKey, content);
  }

  @Override
  public void deleteRawKey(String prefix, String rawKey) {
    GCS.server.remove(FakeGcs.BUCKET, prefix + "/" + rawKey);
  }
}
