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
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.storagekit.Checksum;

/** The copy loop every transfer shares: bytes move, a checksum and progress follow them. */
public final class Transfers {
  /** The buffer size of sequential copies, 64 KiB. */
  public static final int BUFFER = 1 << 16;

  /**
   * How many times one range's body is requested in a {@linkplain #download(DownloadRequest, long,
   * long, PartRunner, LongFunction, RangeBody) resuming download} before its failure propagates: the
   * first request and two resumptions. A constant because no max-attempts setting is shared by every
   * provider yet (each SDK retries its own requests; none resumes a body that broke midway).
   */
  public static final int RANGE_ATTEMPTS = 3;

  /** The first backoff before a resumption; doubled per attempt, with full jitter. */
  static final long BACKOFF_MILLIS = 50;

  private static final Logger LOG = LoggerFactory.getLogger(Transfers.class);

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

  /** Opens the body of one range of a parallel download (see {@link #download(DownloadRequest, long, long, PartRunner, LongFunction, RangeBody)}). */
  @FunctionalInterface
  public interface RangeBody {
    /**
     * A fresh response body of the object's bytes {@code [offset, offset + length)}, pinned to the
     * version the download started on (the ETag or generation of {@link DownloadRequest#file()} or
     * of the backend's first look), so that a resumed range cannot mix two versions. Runs on the
     * runner's executor; the caller closes the stream.
     */
    InputStream open(long offset, long length) throws IOException;
  }

  /**
   * {@link #download(DownloadRequest, long, long, PartRunner, RangeFetch)} with bodies that are
   * resumed: when reading a range's body fails with a transient failure (as the engine would
   * classify it: the network, a timeout; not a local file, an interrupt or the backend's own
   * verdict otherwise) or the body ends early, the rest of the range is requested again from the
   * offset reached, up to {@link #RANGE_ATTEMPTS} requests per range, after a short backoff with
   * jitter. The bytes already written stay and stay fed to the range's hasher, so checksums still
   * cover the whole file. A failure to open a body (the SDK has retried the request already)
   * propagates at once.
   *
   * @param hasher the hasher of the range starting at the given offset, fed its bytes in order;
   *     may return {@code null} (nothing to hash)
   * @return each range's hasher, in the order of the ranges
   */
  public static <H extends Checksum.Hasher> List<H> download(DownloadRequest request, long size, long rangeSize,
      PartRunner<H> runner, LongFunction<H> hasher, RangeBody body) throws IOException {
    return download(request, size, rangeSize, runner, (offset, length, out) -> {
      H check = hasher.apply(offset);
      fill(request, offset + length, out, check, body);
      return check;
    });
  }

  /** Fills {@code out} from its position to {@code end} with bodies from {@code body}, resuming. */
  private static void fill(DownloadRequest request, long end, FileChannel out, Checksum.Hasher check,
      RangeBody body) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(BUFFER);
    for (int attempt = 1; ; attempt++) {
      long from = out.position();
      if (from >= end && attempt > 1) {
        return;
      }
      InputStream in = body.open(from, end - from);
      Exception failure = null;
      try (in) {
        copy(Channels.newChannel(in), out, buffer, check, request.progress());
      } catch (IOException | RuntimeException e) {
        if (!request.isTransient(e)) {
          throw e;
        }
        failure = e;
      }
      long reached = out.position();
      if (failure == null && reached == end) {
        return;
      }
      if (failure == null && reached > end || attempt >= RANGE_ATTEMPTS) {
        if (failure instanceof IOException) {
          throw (IOException) failure;
        }
        if (failure != null) {
          throw (RuntimeException) failure;
        }
        return; // a body longer or still shorter than asked: the size check names it
      }
      LOG.debug("{}: '{}' range body broke at byte {} of [{}, {}) (attempt {} of {}): {}; resuming",
          request.context().uri(), request.context().keyOf(request.name()), reached, from, end, attempt,
          RANGE_ATTEMPTS, failure == null ? "ended early" : Failures.describe(failure));
      backoff(attempt);
    }
  }

  /** Sleeps before resumption {@code attempt}: up to {@link #BACKOFF_MILLIS} times 2^(attempt-1), jittered. */
  private static void backoff(int attempt) throws IOException {
    long ceiling = BACKOFF_MILLIS << Math.min(attempt - 1, 5);
    try {
      Thread.sleep(ceiling / 2 + ThreadLocalRandom.current().nextLong(ceiling / 2 + 1));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("interrupted while waiting to resume a range");
    }
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
