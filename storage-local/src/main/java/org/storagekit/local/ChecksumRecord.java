package org.storagekit.local;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.storagekit.Checksum;
import org.storagekit.StorageFile;
import org.storagekit.WriteOptions;

/**
 * What StorageKit keeps with a local file, in one user extended attribute read in one call: the
 * file's CRC32C with the size and modification time it belongs to (so a file another tool rewrote
 * in place is not vouched for), and the content type, content headers and user metadata it was
 * written with. Layout: a version byte, a flags byte (bit 0: a CRC is present), the CRC (4 bytes),
 * size and modification time in ns (8 bytes each), then {@code name=value} lines in ASCII: the
 * headers under their HTTP names, metadata as {@code meta.NAME}. A record of exactly the first
 * 20 bytes' layout without version and flags is one written before headers were kept.
 *
 * @param crc the CRC32C of the content, or {@code null} when written without verification
 * @param size the size the CRC belongs to
 * @param modifiedNanos the modification time the CRC belongs to
 * @param content the content type, headers and metadata (no precondition)
 */
record ChecksumRecord(Checksum crc, long size, long modifiedNanos, WriteOptions content) {
  /** User extended attribute holding the record. */
  static final String ATTRIBUTE = "storagekit.crc32c";
  private static final int LEGACY = 4 + 8 + 8;
  private static final byte VERSION = 1;
  private static final int MAX_BYTES = 32 * 1024;
  private static final String META = "meta.";
  private static final ThreadLocal<ByteBuffer> BUFFER = ThreadLocal.withInitial(() -> ByteBuffer.allocate(MAX_BYTES));

  /**
   * Records {@code crc} (or none) and {@code content}'s headers and metadata for {@code file}, as
   * of its current size and modification time.
   *
   * @throws IOException if the file system refuses the attribute (unsupported, or too large)
   */
  static void write(Path file, Checksum crc, WriteOptions content) throws IOException {
    StringBuilder text = new StringBuilder();
    content.contentType().ifPresent(v -> text.append("content-type=").append(v).append('\n'));
    content.cacheControl().ifPresent(v -> text.append("cache-control=").append(v).append('\n'));
    content.contentDisposition().ifPresent(v -> text.append("content-disposition=").append(v).append('\n'));
    content.contentEncoding().ifPresent(v -> text.append("content-encoding=").append(v).append('\n'));
    content.metadata().ifPresent(m -> m.forEach((k, v) -> text.append(META).append(k).append('=').append(v).append('\n')));
    byte[] lines = text.toString().getBytes(StandardCharsets.US_ASCII);
    BasicFileAttributes attrs = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    ByteBuffer record = ByteBuffer.allocate(2 + LEGACY + lines.length)
        .put(VERSION).put((byte) (crc == null ? 0 : 1)).put(crc == null ? new byte[4] : crc.value())
        .putLong(attrs.size()).putLong(attrs.lastModifiedTime().to(TimeUnit.NANOSECONDS)).put(lines);
    try {
      view(file).write(ATTRIBUTE, record.flip());
    } catch (IOException e) {
      throw new IOException("cannot keep the checksum record (" + record.limit() + " bytes of checksum, headers"
          + " and metadata) in a user extended attribute of " + file + ": " + e.getMessage(), e);
    }
  }

  /** The record kept for {@code file}, if there is one; one attribute read. */
  static Optional<ChecksumRecord> read(Path file) {
    ByteBuffer record = BUFFER.get().clear();
    try {
      view(file).read(ATTRIBUTE, record);
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      return Optional.empty(); // none, or a file system without user attributes
    }
    record.flip();
    boolean legacy = record.remaining() == LEGACY;
    if (!legacy && (record.remaining() < 2 + LEGACY || record.get() != VERSION)) {
      return Optional.empty();
    }
    boolean hasCrc = legacy || (record.get() & 1) != 0;
    byte[] crc = new byte[4];
    record.get(crc);
    long size = record.getLong();
    long modified = record.getLong();
    WriteOptions.Builder content = WriteOptions.builder();
    Map<String, String> metadata = new TreeMap<>();
    try {
      for (String line : StandardCharsets.US_ASCII.decode(record).toString().split("\n")) {
        int eq = line.indexOf('=');
        String name = eq < 0 ? "" : line.substring(0, eq);
        String value = line.substring(eq + 1);
        switch (name) {
          case "content-type" -> content.contentType(value);
          case "cache-control" -> content.cacheControl(value);
          case "content-disposition" -> content.contentDisposition(value);
          case "content-encoding" -> content.contentEncoding(value);
          default -> {
            if (name.startsWith(META)) {
              metadata.put(name.substring(META.length()), value);
            }
          }
        }
      }
      content.metadata(metadata.isEmpty() ? null : metadata);
    } catch (IllegalArgumentException e) {
      return Optional.empty(); // not a record StorageKit wrote
    }
    return Optional.of(new ChecksumRecord(hasCrc ? Checksum.of(Checksum.Algorithm.CRC32C, crc) : null, size,
        modified, content.build()));
  }

  /** The CRC32C, if there is one and it still belongs to the file's size and modification time. */
  Optional<Checksum> checksum(BasicFileAttributes attrs) {
    return crc != null && size == attrs.size() && modifiedNanos == attrs.lastModifiedTime().to(TimeUnit.NANOSECONDS)
        ? Optional.of(crc) : Optional.empty();
  }

  /** {@code file} with {@code content}'s type, headers and metadata. */
  static StorageFile.Builder withContent(StorageFile.Builder file, WriteOptions content) {
    return file.contentType(content.contentType().orElse(null))
        .cacheControl(content.cacheControl().orElse(null))
        .contentDisposition(content.contentDisposition().orElse(null))
        .contentEncoding(content.contentEncoding().orElse(null))
        .metadata(content.metadata().orElse(null));
  }

  private static UserDefinedFileAttributeView view(Path file) throws IOException {
    UserDefinedFileAttributeView view =
        Files.getFileAttributeView(file, UserDefinedFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
    if (view == null) {
      throw new IOException("no user extended attributes on this file system");
    }
    return view;
  }
}
