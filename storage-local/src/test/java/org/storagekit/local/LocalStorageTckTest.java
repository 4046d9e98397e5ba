package org.storagekit.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.io.TempDir;
import org.storagekit.Capability;
import org.storagekit.Storage;
import org.storagekit.tck.StorageTck;
import org.storagekit.tck.TckFixture;

/** The full TCK against the local disk. */
class LocalStorageTckTest extends StorageTck implements TckFixture {
  @TempDir static Path root;

  @Override
  protected TckFixture fixture() {
    return this;
  }

  @Override
  public Storage openStorage(String prefix) {
    return LocalStorageConfig.builder(root.resolve(prefix)).build().open();
  }

  /**
   * Create-only and compare-and-swap always; presigned URLs and server-side copy never; METADATA
   * where the test folder's file system keeps user extended attributes, probed here by writing one.
   */
  @Override
  public Set<Capability> declaredCapabilities() {
    Set<Capability> declared = EnumSet.of(Capability.WRITE, Capability.RANGED_READ, Capability.COPY,
        Capability.ETAG, Capability.CONDITIONAL_WRITE);
    if (userAttributesWork()) {
      declared.add(Capability.METADATA);
    }
    return declared;
  }

  private static boolean userAttributesWork() {
    try {
      Path probe = Files.createTempFile(root, "probe", ".bin");
      try {
        Files.getFileAttributeView(probe, UserDefinedFileAttributeView.class)
            .write("probe", ByteBuffer.wrap(new byte[] {1}));
        return true;
      } finally {
        Files.delete(probe);
      }
    } catch (IOException | UnsupportedOperationException | NullPointerException e) {
      return false;
    }
  }

  /**
   * A folder can hold names with backslashes or drive-like prefixes, which other tools create; it
   * can never hold a name with a {@code /}, so {@code ../x} and {@code /etc/x} cannot exist here.
   */
  @Override
  public void writeRawKey(String prefix, String rawKey, byte[] content) {
    if (rawKey.contains("/")) {
      throw new UnsupportedOperationException("a local folder cannot hold a file named '" + rawKey + "'");
    }
    try {
      Path dir = Files.createDirectories(root.resolve(prefix));
      Files.write(dir.resolve(rawKey), content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void deleteRawKey(String prefix, String rawKey) {
    try {
      Files.deleteIfExists(root.resolve(prefix).resolve(rawKey));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
