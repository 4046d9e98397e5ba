package org.storagekit.azure;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.storagekit.spi.ContentChecksum;
import org.storagekit.spi.TransferProgress;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Counts the SDK's cumulative progress reports as increments on a {@link TransferProgress}. A
 * listener's exception is not thrown into the SDK (which would lose it) but kept: it fails
 * {@link #failure()}, which cancels a transfer, fails the reads of {@link #hashing} streams, and is
 * what {@link #failureOr} returns [§12.3].
 */
final class AzureProgress implements com.azure.core.util.ProgressListener {
  private final TransferProgress progress;
  private final Sinks.Empty<Void> failed = Sinks.empty();
  private long last;
  private volatile RuntimeException failure;

  AzureProgress(TransferProgress progress) {
    this.progress = progress;
  }

  @Override
  public synchronized void handleProgress(long bytesTransferred) {
    if (failure != null || bytesTransferred <= last) {
      return;
    }
    try {
      progress.add(bytesTransferred - last);
      last = bytesTransferred;
    } catch (RuntimeException e) {
      failure = e;
      failed.tryEmitError(e);
    }
  }

  /** Never emits a value; fails when the listener throws. */
  <T> Mono<T> failure() {
    return failed.asMono().then(Mono.never());
  }

  /** The listener's exception if it threw (with {@code other} suppressed), else {@code other}. */
  RuntimeException failureOr(RuntimeException other) {
    RuntimeException f = failure;
    if (f == null) {
      return other;
    }
    if (other != null && other != f) {
      f.addSuppressed(other);
    }
    return f;
  }

  /** A view of the caller's stream that hashes and counts what the SDK reads, and reports it here. */
  Hashing hashing(InputStream in) {
    return new Hashing(in);
  }

  /**
   * The caller's stream as the SDK reads it: a block is read just before it is sent, and a listener
   * that throws fails the read, so the SDK stops before committing anything. Closing it leaves the
   * caller's stream open.
   */
  final class Hashing extends FilterInputStream {
    private final ContentChecksum.Hasher md5 = ContentChecksum.hasher(ContentChecksum.Algorithm.MD5);
    private long count;

    private Hashing(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n <= 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      checkListener();
      int n = in.read(b, off, len);
      if (n > 0) {
        md5.update(b, off, n);
        count += n;
        handleProgress(count);
        checkListener();
      }
      return n;
    }

    private void checkListener() throws IOException {
      if (failure != null) {
        throw new IOException("upload aborted by the progress listener", failure);
      }
    }

    @Override
    public long skip(long n) throws IOException {
      throw new IOException("skip is not supported while hashing an upload");
    }

    @Override
    public boolean markSupported() {
      return false;
    }

    @Override
    public void close() {
      // the caller owns the stream
    }

    ContentChecksum md5() {
      return md5.finish();
    }

    long count() {
      return count;
    }
  }
}
