package org.storagekit.spi;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import org.storagekit.Checksum;

/**
 * Cuts a stream of unknown length into parts of a fixed size, held in a bounded set of reusable
 * buffers: at most {@code maxBuffers} exist at once, and {@link #next} blocks until a part is
 * {@linkplain Part#release() released}. So a multipart upload of any length holds at most
 * {@code maxBuffers × partSize} bytes. Not thread-safe except {@link Part#release()}.
 */
public final class StreamParts {
  /** Parts live in byte arrays, so their size is capped below 2 GiB. */
  public static final int MAX_PART_SIZE = 1 << 30;

  private final InputStream in;
  private final int partSize;
  private final Semaphore buffers;
  private final Deque<byte[]> free = new ArrayDeque<>();
  private int number;
  private boolean eof;

  /**
   * Creates the cutter; allocates nothing until {@link #next}.
   *
   * @param partSize bytes per part, 1 to {@link #MAX_PART_SIZE}
   * @param maxBuffers buffers alive at most, at least 1
   */
  public StreamParts(InputStream in, int partSize, int maxBuffers) {
    this.in = Objects.requireNonNull(in, "in");
    if (partSize < 1 || partSize > MAX_PART_SIZE) {
      throw new IllegalArgumentException("partSize must be 1.." + MAX_PART_SIZE + ": " + partSize);
    }
    if (maxBuffers < 1) {
      throw new IllegalArgumentException("maxBuffers must be >= 1: " + maxBuffers);
    }
    this.partSize = partSize;
    this.buffers = new Semaphore(maxBuffers);
  }

  /**
   * The next part, waiting for a free buffer. The first call always returns a part (of length 0 for
   * an empty stream); later calls return empty once the stream has ended.
   */
  public Optional<Part> next() throws IOException {
    if (eof) {
      return Optional.empty();
    }
    try {
      buffers.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting for a part buffer");
    }
    byte[] data;
    synchronized (free) {
      data = free.poll();
    }
    if (data == null) {
      data = new byte[partSize];
    }
    int n;
    try {
      n = in.readNBytes(data, 0, partSize);
    } catch (IOException | RuntimeException e) {
      recycle(data);
      throw e;
    }
    eof = n < partSize;
    if (n == 0 && number > 0) {
      recycle(data);
      return Optional.empty();
    }
    return Optional.of(new Part(++number, data, n, eof));
  }

  /** The part size. */
  public int partSize() {
    return partSize;
  }

  private void recycle(byte[] data) {
    synchronized (free) {
      free.push(data);
    }
    buffers.release();
  }

  /** One part: a buffer and how much of it is filled. */
  public final class Part {
    private final int number;
    private final byte[] data;
    private final int length;
    private final boolean last;
    private boolean released;

    private Part(int number, byte[] data, int length, boolean last) {
      this.number = number;
      this.data = data;
      this.length = length;
      this.last = last;
    }

    /** The part's number, from 1. */
    public int number() {
      return number;
    }

    /** Its length; shorter than the part size only for the last part. */
    public int length() {
      return length;
    }

    /** Whether the stream ended within this part (it may still be full). */
    public boolean isLast() {
      return last;
    }

    /** The bytes, as a fresh stream each time (an SDK may read a body twice on retry). */
    public InputStream stream() {
      return new ByteArrayInputStream(data, 0, length);
    }

    /** The part's checksum. */
    public Checksum checksum(Checksum.Algorithm algorithm) {
      Checksum.Hasher h = Checksum.hasher(algorithm);
      h.update(data, 0, length);
      return h.finish();
    }

    /** Feeds the part's bytes to {@code hasher}. */
    public void hashInto(Checksum.Hasher hasher) {
      hasher.update(data, 0, length);
    }

    /** Gives the buffer back for the next part; the part MUST NOT be used afterwards. Idempotent. */
    public void release() {
      synchronized (this) {
        if (released) {
          return;
        }
        released = true;
      }
      recycle(data);
    }
  }
}
