package org.storagekit.examples.memory;

import java.net.URI;
import java.util.Map;
import java.util.Set;
import org.storagekit.Capability;
import org.storagekit.Storage;
import org.storagekit.Storages;
import org.storagekit.tck.StorageTck;
import org.storagekit.tck.TckFixture;

/** The full TCK against the example provider, opened by URI through ServiceLoader as a user would. */
class MemoryStorageTckTest extends StorageTck implements TckFixture {

  @Override
  protected TckFixture fixture() {
    return this;
  }

  @Override
  public Storage openStorage(String prefix) {
    return Storages.open(URI.create("memory://tck/" + prefix), Map.of());
  }

  @Override
  public Set<Capability> declaredCapabilities() {
    return new MemoryStorageProvider().capabilities();
  }

  @Override
  public void writeRawKey(String prefix, String rawKey, byte[] content) {
    MemoryBackend.putRaw("tck", prefix + "/" + rawKey, content);
  }

  @Override
  public void deleteRawKey(String prefix, String rawKey) {
    MemoryBackend.bucket("tck").remove(prefix + "/" + rawKey);
  }
}
