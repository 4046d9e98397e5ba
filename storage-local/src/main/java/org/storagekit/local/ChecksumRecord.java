package org.storagekit.local;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.storagekit.Checksum;

/**
 * A file's CRC32C, kept in a user extended attribute together with the size and modification time
 * it belongs to, so every later read can verify against it and a file another tool rewrote in place
 * is not vouched for.
 */
final class ChecksumRecord {
  /** User extended attribute holding a file's CRC32C, size and modification time. */
  static final String ATTRIBUTE = "storagekit.crc32c";
  private static final int BYTES = 4 + 8 + 8;

  private ChecksumRecord() {}

  /** Records {@code crc} for {@code file}; false where the file system keeps no user attributes. */
  static boolean write(Path file, Checksum crc) {
    UserDefinedFileAttributeView view = view(file);
    if (view == null) {
      return false;
    }
    try {
      BasicFileAttributes attrs = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      ByteBuffer record = ByteBuffer.allocate(BYTES)
          .put(crc.value())
          .putLong(attrs.size())
          .putLong(attrs.lastModifiedTime().to(TimeUnit.NANOSECONDS));
      record.flip();
      view.write(ATTRIBUTE, record);
      return true;
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      return false;
    }
  }

  /** The CRC32C recorded for {@code file}, if there is one and it still belongs to its size and time. */
  static Optional<Checksum> read(Path file) {
    UserDefinedFileAttributeView view = view(file);
    if (view == null) {
      return Optional.empty();
    }
    try {
      if (!view.list().contains(ATTRIBUTE) || view.size(ATTRIBUTE) != BYTES) {
        return Optional.empty();
      }
      ByteBuffer record = ByteBuffer.allocate(BYTES);
      view.read(ATTRIBUTE, record);
      record.flip();
      byte[] crc = new byte[4];
      record.get(crc);
      BasicFileAttributes attrs = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      if (record.getLong() != attrs.size()
          || record.getLong() != attrs.lastModifiedTime().to(TimeUnit.NANOSECONDS)) {
        return Optional.empty();
      }
      return Optional.of(Checksum.of(Checksum.Algorithm.CRC32C, crc));
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      return Optional.empty();
    }
  }

  private static UserDefinedFileAttributeView view(Path file) {
    return Files.getFileAttributeView(file, UserDefinedFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
  }
}
