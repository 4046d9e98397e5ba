package org.storagekit.tck;

import java.util.Set;
import org.storagekit.Capability;
import org.storagekit.Storage;

/**
 * The StorageKit TCK: every rule of {@code SPEC.md} as a JUnit 5 test. A backend's test extends
 * this class and implements {@link #openStorage} and {@link #declaredCapabilities}:
 *
 * <pre>{@code
 * class LocalStorageTckTest extends StorageTck {
 *   @TempDir static Path root;
 *   protected Storage openStorage(String prefix) {
 *     return LocalStorageConfig.builder(root.resolve(prefix)).build().open();
 *   }
 *   protected Set<Capability> declaredCapabilities() { return EnumSet.of(WRITE, RANGED_READ, COPY, ETAG); }
 * }
 * }</pre>
 *
 * <p>Each test works in its own random prefix, which it empties at the end. Tests gated by a
 * capability run where it is declared; their twins check that where it is absent the operation
 * throws {@link UnsupportedOperationException} and changes nothing. Test names cite the rule they
 * check ({@code spec3_4_...} checks §3.4).
 */
public abstract class StorageTck extends StorageTckTests {

  /**
   * Opens a new storage instance addressing the backend's test location under {@code prefix} (a
   * fresh name of letters, digits and dashes). Two calls with the same prefix MUST return distinct
   * instances that address the same location and are equal.
   */
  @Override
  protected abstract Storage openStorage(String prefix);

  /** The capabilities the backend claims; the TCK checks them both ways. */
  @Override
  protected abstract Set<Capability> declaredCapabilities();

  /**
   * Writes an object under {@code prefix} with a raw key that StorageKit itself refuses (such as
   * {@code ../escape}, {@code a/../../b}, {@code /etc/x} or {@code C:\x}), directly through the
   * backend's own client. Throw {@link UnsupportedOperationException} for a key the backend cannot
   * hold at all; that case is then skipped, and the skip names the key.
   */
  @Override
  protected void writeRawKey(String prefix, String rawKey, byte[] content) {
    throw new UnsupportedOperationException("this backend's TCK fixture cannot write raw keys");
  }

  /**
   * Removes an object written by {@link #writeRawKey}. The default does nothing: a fixture whose
   * location outlives the test run SHOULD override it.
   */
  @Override
  protected void deleteRawKey(String prefix, String rawKey) {}

  /** Size of the large-file case; MUST exceed the backend's multipart threshold. Default 20 MiB + 1. */
  @Override
  protected long largeFileSize() {
    return 20L * 1024 * 1024 + 1;
  }

  /** Number of keys in the listing-across-pages case; MUST exceed one page. Default 1,100. */
  @Override
  protected int pagedListingKeys() {
    return 1100;
  }
}
