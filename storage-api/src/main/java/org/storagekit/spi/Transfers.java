package org.storagekit.spi;

import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;

/** The copy loop every transfer shares: bytes move, a checksum and progress follow them. */
public final class Transfers {
  /** The buffer size of sequential copies, 64 KiB. */
  public static final int BUFFER = 1 << 16;

  private Transfers() {}

  /**
   * The bytes {@code [offset, offset + length)} of a file, as a fresh stream; for request bodies an
   * SDK may ask for again on retry.
   */
  public static InputStream range(Path file, long offset, long length) throws IOException {
    FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
    try {
      channel.position(offset);
      return new BoundedInputStream(Channels.newInputStream(channel), length);
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  /**
   * Copies everything {@code source} yields into {@code target} through {@code buffer}, feeding
   * each chunk to {@code hasher} (if not {@code null}) and counting it on {@code progress}. A
   * listener's exception propagates and stops the copy.
   *
   * @return the number of bytes copied
   */
  public static long copy(ReadableByteChannel source, WritableByteChannel target, ByteBuffer buffer,
      ContentChecksum.Hasher hasher, TransferProgress progress) throws IOException {
    long total = 0;
    buffer.clear();
    int n;
    while ((n = source.read(buffer)) >= 0) {
      if (n == 0) {
        continue;
      }
      buffer.flip();
      if (hasher != null) {
        hasher.update(buffer.duplicate());
      }
      while (buffer.hasRemaining()) {
        target.write(buffer);
      }
      buffer.clear();
      total += n;
      progress.add(n);
    }
    return total;
  }
}
