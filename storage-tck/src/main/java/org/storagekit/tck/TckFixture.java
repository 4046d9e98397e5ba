package org.storagekit.tck;

import java.net.http.HttpClient;
import java.util.Set;
import org.storagekit.Capability;
import org.storagekit.Storage;

/**
 * What a backend supplies to the TCK, once: how to open a storage on its test location, what it
 * claims, and the optional hooks. {@link StorageTck#fixture()} returns it; every section of the TCK
 * works through it.
 *
 * <p>A fixture MAY be the backend's test class itself ({@code implements TckFixture}, {@code
 * return this}) or any other object. State that lives for the whole run, such as a server started
 * once, SHOULD be held in static fields or a class-level lifecycle of the test class; the TCK asks
 * for the fixture anew before every test.
 */
public interface TckFixture {

  /**
   * Opens a new storage instance addressing the backend's test location under {@code prefix} (a
   * fresh name of letters, digits and dashes). Two calls with the same prefix MUST return distinct
   * instances that address the same location and are equal.
   */
  Storage openStorage(String prefix);

  /** The capabilities the backend claims; the TCK checks them both ways. */
  Set<Capability> declaredCapabilities();

  /**
   * Writes an object under {@code prefix} with a raw key that StorageKit itself refuses (such as
   * {@code ../escape}, {@code a/../../b}, {@code /etc/x} or {@code C:\x}), directly through the
   * backend's own client. It MUST throw {@link UnsupportedOperationException} for a key the backend
   * cannot hold at all; that case is then skipped, and the skip names the key. The default throws
   * for every key.
   */
  default void writeRawKey(String prefix, String rawKey, byte[] content) {
    throw new UnsupportedOperationException("this backend's TCK fixture cannot write raw keys");
  }

  /**
   * Removes an object written by {@link #writeRawKey}. The default does nothing: a fixture whose
   * location outlives the test run SHOULD override it.
   */
  default void deleteRawKey(String prefix, String rawKey) {}

  /** Size of the large-file case; MUST exceed the backend's multipart threshold. Default 20 MiB + 1. */
  default long largeFileSize() {
    return 20L * 1024 * 1024 + 1;
  }

  /** Number of keys in the listing-across-pages case; MUST exceed one page. Default 1,100. */
  default int pagedListingKeys() {
    return 1100;
  }

  /**
   * Opens a storage on a bucket (container) that does not exist on the backend's server, exactly as
   * a user would, with any "create a missing container" option off. The TCK checks that opening
   * succeeds without a network call and that the first operation fails with a
   * {@link org.storagekit.NotFoundException} that names no key [§14.5]. The default throws
   * {@link UnsupportedOperationException}, and that test is then skipped; a backend without buckets
   * (the local disk) cannot have a missing one.
   */
  default Storage openMissingBucket() {
    throw new UnsupportedOperationException("this backend's TCK fixture cannot open a missing bucket");
  }

  /**
   * Whether the test server refuses a presigned URL once it has expired [§21.3]; where it does not
   * (some emulators never check), that test is skipped and the skip says so. Default {@code true}.
   */
  default boolean presignExpiryEnforced() {
    return true;
  }

  /**
   * The plain HTTP client, without any credentials, that the TCK uses on presigned URLs [§21]. Only
   * a server whose TLS certificate the JVM does not trust needs another. Default: a new
   * {@link HttpClient}.
   */
  default HttpClient presignClient() {
    return HttpClient.newHttpClient();
  }
}
