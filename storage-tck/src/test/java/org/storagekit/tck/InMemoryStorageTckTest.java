package org.storagekit.tck;

import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.ConcurrentNavigableMap;
import org.storagekit.Capability;
import org.storagekit.Storage;

/** The TCK against its in-memory reference storage: every test MUST pass. */
class InMemoryStorageTckTest extends StorageTck implements TckFixture {
  static final Set<Capability> ALL = EnumSet.of(Capability.WRITE, Capability.RANGED_READ, Capability.COPY,
      Capability.SERVER_SIDE_COPY, Capability.ETAG, Capability.METADATA, Capability.CONDITIONAL_WRITE, Capability.PRESIGN);
  static final ConcurrentNavigableMap<String, InMemoryBackend.Blob> BUCKET = InMemoryBackend.newBucket();

  @Override
  protected TckFixture fixture() {
    return this;
  }

  @Override
  public Storage openStorage(String prefix) {
    return InMemoryBackend.open(BUCKET, prefix, ALL);
  }

  @Override
  public Set<Capability> declaredCapabilities() {
    return ALL;
  }

  @Override
  public void writeRawKey(String prefix, String rawKey, byte[] content) {
    BUCKET.put(prefix + "/" + rawKey, new InMemoryBackend.Blob(content, 0));
  }

  @Override
  public void deleteRawKey(String prefix, String rawKey) {
    BUCKET.remove(prefix + "/" + rawKey);
  }

  @Override
  public Storage openMissingBucket() {
    return InMemoryBackend.openMissing();
  }

  /** Memory has no multipart threshold; a small "large" file keeps the self-test's many runs quick. */
  @Override
  public long largeFileSize() {
    return 3L * 1024 * 1024 + 1;
  }

  /**
   * The TCK against a writable reference without the optional object features: the twins of
   * METADATA, CONDITIONAL_WRITE and PRESIGN run.
   */
  static class Basic extends InMemoryStorageTckTest {
    static final Set<Capability> BASIC = EnumSet.of(Capability.WRITE, Capability.RANGED_READ, Capability.COPY,
        Capability.SERVER_SIDE_COPY, Capability.ETAG);

    @Override
    public Storage openStorage(String prefix) {
      return InMemoryBackend.open(BUCKET, prefix, BASIC);
    }

    @Override
    public Set<Capability> declaredCapabilities() {
      return BASIC;
    }
  }

  /** The TCK against a read-only reference: the capability twins run, the gated tests do not. */
  static class ReadOnly extends StorageTck implements TckFixture {
    static final Set<Capability> READ_ONLY = EnumSet.of(Capability.ETAG);

    @Override
    protected TckFixture fixture() {
      return this;
    }

    @Override
    public Storage openStorage(String prefix) {
      BUCKET.put(prefix + "/preexisting.txt", new InMemoryBackend.Blob("x".getBytes(StandardCharsets.UTF_8), 0));
      return InMemoryBackend.open(BUCKET, prefix, READ_ONLY);
    }

    @Override
    public Set<Capability> declaredCapabilities() {
      return READ_ONLY;
    }
  }
}
