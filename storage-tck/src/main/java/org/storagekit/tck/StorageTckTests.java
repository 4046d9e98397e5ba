package org.storagekit.tck;

import java.util.Set;
import org.storagekit.Capability;
import org.storagekit.Storage;

/** The TCK's test methods; see {@link StorageTck}. */
abstract class StorageTckTests {
  protected abstract Storage openStorage(String prefix);

  protected abstract Set<Capability> declaredCapabilities();

  protected abstract void writeRawKey(String prefix, String rawKey, byte[] content);

  protected abstract long largeFileSize();

  protected abstract int pagedListingKeys();
}
