package org.storagekit.spi;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;

/**
 * Runs the parts of one transfer (multipart upload parts, blocks, parallel download ranges) on an
 * executor, at most {@code concurrency} at once. After the first failure no new part starts;
 * {@link #await} waits for the running ones (so an abort that follows sees every part) and rethrows
 * that failure. Used from one thread: the one driving the transfer.
 *
 * @param <T> what a part yields (a part ETag, a block id, a checksum)
 */
public final class PartRunner<T> {
  private final ExecutorService executor;
  private final Semaphore slots;
  private final List<Future<T>> futures = new ArrayList<>();
  private volatile Throwable failure;

  /**
   * Creates a runner.
   *
   * @param executor where parts run; MUST NOT be the executor running the calling transfer
   * @param concurrency parts in flight at most, at least 1
   */
  public PartRunner(ExecutorService executor, int concurrency) {
    if (concurrency < 1) {
      throw new IllegalArgumentException("concurrency must be >= 1: " + concurrency);
    }
    this.executor = executor;
    this.slots = new Semaphore(concurrency);
  }

  /** Waits for a free slot, then starts {@code task}. */
  public void submit(Callable<T> task) throws IOException {
    reserve();
    submitReserved(task);
  }

  /**
   * Waits for a free slot without starting anything yet: call it before filling a part's buffer, so
   * that buffers stay bounded; then {@link #submitReserved} or {@link #unreserve}.
   */
  public void reserve() throws IOException {
    rethrowFailure();
    try {
      slots.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting for a part slot");
    }
    if (failure != null) {
      slots.release();
      rethrowFailure();
    }
  }

  /** Gives back a slot taken by {@link #reserve} that will not be used. */
  public void unreserve() {
    slots.release();
  }

  /** Starts {@code task} in a slot taken by {@link #reserve}. */
  public void submitReserved(Callable<T> task) {
    futures.add(executor.submit(() -> {
      try {
        if (failure != null) {
          return null;
        }
        return task.call();
      } catch (Exception | Error t) {
        fail(t);
        throw t;
      } finally {
        slots.release();
      }
    }));
  }

  /**
   * After a failure of the caller's own: stops parts that have not started and waits for the
   * running ones, so an abort or a cleanup that follows sees every part. Never throws.
   */
  public void drain() {
    fail(new IOException("transfer abandoned"));
    boolean interrupted = false;
    for (Future<T> f : futures) {
      while (true) {
        try {
          f.get();
          break;
        } catch (InterruptedException e) {
          interrupted = true;
        } catch (ExecutionException e) {
          break;
        }
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Waits for every part and returns their results in submission order.
   *
   * @throws IOException or the unchecked exception of the first part that failed
   */
  public List<T> await() throws IOException {
    List<T> results = new ArrayList<>(futures.size());
    boolean interrupted = false;
    for (Future<T> f : futures) {
      while (true) {
        try {
          results.add(f.get());
          break;
        } catch (InterruptedException e) {
          interrupted = true;
          fail(new InterruptedIOException("interrupted while waiting for parts"));
        } catch (ExecutionException e) {
          break; // the first failure is kept in `failure`
        }
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    rethrowFailure();
    return results;
  }

  private synchronized void fail(Throwable t) {
    if (failure == null) {
      failure = t;
    }
  }

  private void rethrowFailure() throws IOException {
    Throwable t = failure;
    if (t == null) {
      return;
    }
    if (t instanceof IOException) {
      throw (IOException) t;
    }
    if (t instanceof RuntimeException) {
      throw (RuntimeException) t;
    }
    if (t instanceof Error) {
      throw (Error) t;
    }
    throw new IOException(t.getMessage(), t);
  }
}
