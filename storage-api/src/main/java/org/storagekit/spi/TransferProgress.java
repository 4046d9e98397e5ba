package org.storagekit.spi;

import org.storagekit.ProgressListener;

/**
 * Progress of one transfer, reported to a {@link ProgressListener} so that reports are monotonic
 * and the last one equals the total [§12.2]. Thread-safe: parallel parts may call {@link #add}
 * concurrently.
 */
public final class TransferProgress {
  private final ProgressListener listener;
  private final String name;
  private long total;
  private long counted;
  private long reported = -1;
  private long reportedTotal = -1;

  /**
   * Starts tracking.
   *
   * @param total size in bytes, or {@code -1} if unknown
   */
  public TransferProgress(ProgressListener listener, String name, long total) {
    this.listener = listener;
    this.name = name;
    this.total = total;
  }

  /** The key being transferred. */
  public String name() {
    return name;
  }

  /** Counts {@code bytes} more bytes moved. A listener's exception propagates and aborts. */
  public synchronized void add(long bytes) {
    if (bytes <= 0) {
      return;
    }
    counted += bytes;
    long value = total >= 0 ? Math.min(counted, total) : counted;
    if (value > reported && (total < 0 || value < total)) {
      reported = value;
      reportedTotal = total;
      listener.onProgress(value, total, name);
    }
  }

  /**
   * Wraps a stream so that every byte read from it is counted here; for bodies an SDK reads as it
   * sends them. A listener's exception surfaces from {@code read}. Closing closes {@code in}.
   */
  public java.io.InputStream counting(java.io.InputStream in) {
    return new java.io.FilterInputStream(in) {
      @Override
      public int read() throws java.io.IOException {
        int b = super.read();
        if (b >= 0) {
          add(1);
        }
        return b;
      }

      @Override
      public int read(byte[] b, int off, int len) throws java.io.IOException {
        int n = super.read(b, off, len);
        add(n);
        return n;
      }
    };
  }

  /** Starts counting again, for a retried attempt; reports stay monotonic. */
  public synchronized void restart() {
    counted = 0;
  }

  /** Reports the final size once: {@code (size, size, name)}. */
  public synchronized void complete(long size) {
    total = size;
    if (reported != size || reportedTotal != size) {
      reported = size;
      reportedTotal = size;
      listener.onProgress(size, size, name);
    }
  }
}
