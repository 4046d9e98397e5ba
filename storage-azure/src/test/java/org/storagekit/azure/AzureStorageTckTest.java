package org.storagekit.azure;

import com.azure.core.util.BinaryData;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.storagekit.Capability;
import org.storagekit.Storage;
import org.storagekit.tck.StorageTck;
import org.storagekit.tck.TckFixture;

/** The StorageKit TCK against Azurite, the Azure Storage emulator, installed and started by the test. */
class AzureStorageTckTest extends StorageTck implements TckFixture {
  private static final String CONTAINER = "tck";

  private static synchronized com.azure.storage.blob.BlobContainerClient container() {
    return AzuriteFixture.container(CONTAINER);
  }

  @Override
  protected TckFixture fixture() {
    return this;
  }

  @Override
  public Storage openStorage(String prefix) {
    container();
    return AzuriteFixture.config(CONTAINER)
        .prefix(prefix)
        .listPageSize(100)
        .blockSize(2L * 1024 * 1024)
        .maxSingleUploadSize(4L * 1024 * 1024)
        .build()
        .open();
  }

  @Override
  public Storage openMissingBucket() {
    return AzuriteFixture.config("no-such-container").createContainer(false).build().open();
  }

  @Override
  public Set<Capability> declaredCapabilities() {
    return EnumSet.of(Capability.WRITE, Capability.RANGED_READ, Capability.COPY, Capability.SERVER_SIDE_COPY,
        Capability.ETAG, Capability.MULTIPART_UPLOAD, Capability.METADATA, Capability.CONDITIONAL_WRITE,
        Capability.PRESIGN);
  }

  /**
   * Writes the raw key with the SDK. Azure Blob Storage (and Azurite) store a backslash in a blob
   * name as {@code /}, so keys with one cannot be held as written.
   */
  @Override
  public void writeRawKey(String prefix, String rawKey, byte[] content) {
    if (rawKey.contains("\\")) {
      throw new UnsupportedOperationException("Azure Blob Storage turns '\\' in a blob name into '/'");
    }
    container().getBlobClient(prefix + "/" + rawKey).upload(BinaryData.fromBytes(content), true);
  }

  @Override
  public void deleteRawKey(String prefix, String rawKey) {
    container().getBlobClient(prefix + "/" + rawKey).deleteIfExists();
  }

  /** Put Blob needs the blob type, from a presigned URL's client too. */
  @Override
  public Map<String, String> presignPutHeaders() {
    return Map.of("x-ms-blob-type", "BlockBlob");
  }

  /** Three pages of 100. */
  @Override
  public int pagedListingKeys() {
    return 250;
  }
}
