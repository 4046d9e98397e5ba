package org.storagekit.gcs;

import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.BlobInfo;
import java.util.EnumSet;
import java.util.Set;
import org.storagekit.Capability;
import org.storagekit.Storage;
import org.storagekit.tck.StorageTck;
import org.storagekit.tck.TckFixture;

/**
 * The TCK against Google's in-process GCS fake ({@link FakeGcs}), not a server: no GCS server can
 * run on these machines. See the module README for what that leaves untested.
 */
class GcsStorageTckTest extends StorageTck implements TckFixture {
  private static final com.google.cloud.storage.Storage CLIENT = FakeGcs.newClient();

  @Override
  protected TckFixture fixture() {
    return this;
  }

  @Override
  public Storage openStorage(String prefix) {
    return GcsStorageConfig.builder(FakeGcs.BUCKET)
        .prefix(prefix)
        .client(CLIENT)
        .chunkSize(GcsStorageConfig.MIN_CHUNK_SIZE * 4) // 1 MiB: the large-file case spans 21 chunks
        .build()
        .open();
  }

  @Override
  public Set<Capability> declaredCapabilities() {
    return EnumSet.of(Capability.WRITE, Capability.RANGED_READ, Capability.COPY, Capability.SERVER_SIDE_COPY,
        Capability.ETAG);
  }

  @Override
  public void writeRawKey(String prefix, String rawKey, byte[] content) {
    CLIENT.create(BlobInfo.newBuilder(FakeGcs.BUCKET, prefix + "/" + rawKey).build(), content);
  }

  @Override
  public void deleteRawKey(String prefix, String rawKey) {
    CLIENT.delete(BlobId.of(FakeGcs.BUCKET, prefix + "/" + rawKey));
  }
}
