package org.storagekit.spi;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.storagekit.Checksum;

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
      Checksum.Hasher hasher, TransferProgress progress) throws IOException {
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

  /** Fetches one range of a parallel download (see {@link #download}). */
  @FunctionalInterface
  public interface RangeFetch<T> {
    /**
     * Writes the object's bytes {@code [offset, offset + length)} to {@code out} from its position,
     * which is {@code offset}, and returns what the caller keeps of the range (a checksum of it, a
     * response header). MUST NOT close {@code out}. Runs on the runner's executor.
     */
    T fetch(long offset, long length, FileChannel out) throws IOException;
  }

  /**
   * Fills {@code request.temp()} with an object of {@code size} bytes, downloaded as consecutive
   * ranges of {@code rangeSize} bytes (the last may be shorter; an empty object is one empty range)
   * that {@code runner} fetches in parallel, each through its own channel on the file. A range that
   * yields another number of bytes than asked fails with {@link StorageContext#sizeMismatch}. After
   * any failure the ranges still running are drained before it propagates, so none writes once the
   * caller removes the file. The file is forced to storage before this returns.
   *
   * @param rangeSize bytes per range, at least 1
   * @param runner a fresh runner, used for this download only
   * @return what {@code fetch} returned for each range, in the order of the ranges
   */
  public static <T> List<T> download(DownloadRequest request, long size, long rangeSize, PartRunner<T> runner,
      RangeFetch<T> fetch) throws IOException {
    if (rangeSize < 1) {
      throw new IllegalArgumentException("rangeSize must be >= 1: " + rangeSize);
    }
    Path temp = request.temp();
    try {
      for (long offset = 0; offset == 0 || offset < size; offset += rangeSize) {
        long start = offset;
        long length = Math.min(rangeSize, size - offset);
        runner.submit(() -> {
          try (FileChannel out = FileChannel.open(temp, StandardOpenOption.WRITE)) {
            T result = fetch.fetch(start, length, out.position(start));
            if (out.position() != start + length) {
              throw request.context().sizeMismatch(request.name(), size, out.position());
            }
            return result;
          }
        });
      }
      List<T> results = runner.await();
      try (FileChannel out = FileChannel.open(temp, StandardOpenOption.WRITE)) {
        out.force(false);
      }
      return results;
    } catch (IOException | RuntimeException | Error e) {
      runner.drain(); // no range may still write once the temp file is removed
      throw e;
    }
  }
}
