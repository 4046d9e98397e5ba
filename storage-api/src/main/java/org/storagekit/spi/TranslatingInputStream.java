package org.storagekit.spi;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A backend's stream as the caller sees it: an unchecked failure while reading (a vendor exception)
 * surfaces as an {@link IOException} whose cause is the translated StorageKit exception.
 */
final class TranslatingInputStream extends FilterInputStream {
  private final Failures failures;
  private final String key;

  TranslatingInputStream(InputStream in, Failures failures, String key) {
    super(in);
    this.failures = failures;
    this.key = key;
  }

  @Override
  public int read() throws IOException {
    try {
      return super.read();
    } catch (RuntimeException e) {
      throw failed(e);
    }
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    try {
      return super.read(b, off, len);
    } catch (RuntimeException e) {
      throw failed(e);
    }
  }

  @Override
  public long skip(long n) throws IOException {
    try {
      return super.skip(n);
    } catch (RuntimeException e) {
      throw failed(e);
    }
  }

  @Override
  public void close() throws IOException {
    try {
      super.close();
    } catch (RuntimeException e) {
      throw failed(e);
    }
  }

  private IOException failed(RuntimeException e) {
    RuntimeException translated = failures.translate(e, key);
    return new IOException(translated.getMessage(), translated);
  }
}
