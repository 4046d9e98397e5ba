package org.storagekit.gcs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.storagekit.Capability;
import org.storagekit.Storage;
import org.storagekit.tck.StorageTck;
import org.storagekit.tck.TckFixture;
import org.storagekit.testing.FakeGcsServer;

/**
 * The TCK once more, through the client's HTTP layer: the backend is configured as for an emulator
 * ({@code host} and no credentials) and talks to {@link FakeGcsServer} on loopback. The stub is our
 * own minimal reading of the JSON API, so this checks the HTTP path of the backend and the client
 * (media downloads, chunked resumable uploads, paged listing, rewrites), not GCS.
 */
class GcsJsonApiStubTckTest extends StorageTck implements TckFixture {
  private static final String BUCKET = "stub-tck";
  private static final FakeGcsServer STUB = start();

  private static FakeGcsServer start() {
    try {
      return FakeGcsServer.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @AfterAll
  static void stopStub() {
    STUB.close();
  }

  @Override
  protected TckFixture fixture() {
    return this;
  }

  @Override
  public Storage openStorage(String prefix) {
    return GcsStorageConfig.builder(BUCKET)
        .prefix(prefix)
        .host(STUB.endpoint())
        .noCredentials()
        .project("stub-project")
        .chunkSize(GcsStorageConfig.MIN_CHUNK_SIZE * 4)
        .pageSize(100)
        .build()
        .open();
  }

  @Override
  public Storage openMissingBucket() {
    return GcsStorageConfig.builder(FakeGcsServer.MISSING_BUCKET).host(STUB.endpoint()).noCredentials()
        .project("stub-project").build().open();
  }

  @Override
  public Set<Capability> declaredCapabilities() {
    return EnumSet.of(Capability.WRITE, Capability.RANGED_READ, Capability.COPY, Capability.SERVER_SIDE_COPY,
        Capability.ETAG);
  }

  /** Three pages of 100; the in-process TCK covers the default page size of 1,000. */
  @Override
  public int pagedListingKeys() {
    return 250;
  }

  @Override
  public void writeRawKey(String prefix, String rawKey, byte[] content) {
    STUB.put(BUCKET, prefix + "/" + rawKey, content);
  }

  @Override
  public void deleteRawKey(String prefix, String rawKey) {
    STUB.remove(BUCKET, prefix + "/" + rawKey);
  }
}
