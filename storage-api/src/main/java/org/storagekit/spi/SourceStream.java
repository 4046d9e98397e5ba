package org.storagekit.spi;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * The caller's stream as a backend reads it for a write: a failure to read it is marked as the
 * source's ({@link Failure}), so that it is reported as what it is — the caller's stream broke —
 * and never mistaken for a transient network failure, however an SDK wraps it.
 */
final class SourceStream extends FilterInputStream {

  /** The caller's stream failed while a write read it. */
  static final class Failure extends IOException {
    private static final long serialVersionUID = 1L;

    Failure(IOException cause) {
      super("reading the source stream failed: " + Failures.describe(cause), cause);
    }
  }

  SourceStream(InputStream in) {
    super(in);
  }

  @Override
  public int read() throws IOException {
    try {
      return super.read();
    } catch (Failure e) {
      throw e;
    } catch (IOException e) {
      throw new Failure(e);
    }
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    try {
      return super.read(b, off, len);
    } catch (Failure e) {
      throw e;
    } catch (IOException e) {
      throw new Failure(e);
    }
  }

  @Override
  public long skip(long n) throws IOException {
    try {
      return super.skip(n);
    } catch (IOException e) {
      throw new Failure(e);
    }
  }

  /** The source failure somewhere in {@code error}'s cause chain, or {@code null}. */
  static Failure find(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof Failure) {
        return (Failure) t;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return null;
  }
}
