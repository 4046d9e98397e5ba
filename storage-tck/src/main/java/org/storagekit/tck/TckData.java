package org.storagekit.tck;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;

/** Deterministic test content that never has to sit in memory whole. */
final class TckData {
  private TckData() {}

  static byte[] bytes(int size, long seed) {
    byte[] b = new byte[size];
    new SplittableRandom(seed).nextBytes(b);
    return b;
  }

  /** A stream of {@code size} pseudo-random bytes that does not know its own length. */
  static InputStream stream(long size, long seed) {
    return new InputStream() {
      private final SplittableRandom random = new SplittableRandom(seed);
      private final byte[] block = new byte[8192];
      private int blockPos = block.length;
      private long remaining = size;

      @Override
      public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) {
        if (remaining <= 0) {
          return -1;
        }
        if (len == 0) {
          return 0;
        }
        if (blockPos == block.length) {
          random.nextBytes(block);
          blockPos = 0;
        }
        int n = (int) Math.min(Math.min(len, block.length - blockPos), remaining);
        System.arraycopy(block, blockPos, b, off, n);
        blockPos += n;
        remaining -= n;
        return n;
      }
    };
  }

  /** {@code size} bytes of {@link #stream} written to a file. */
  static Path file(Path path, long size, long seed) {
    try {
      Files.createDirectories(path.toAbsolutePath().getParent());
      try (InputStream in = stream(size, seed); OutputStream out = Files.newOutputStream(path)) {
        in.transferTo(out);
      }
      return path;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String sha256(InputStream in) {
    try (InputStream s = in) {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      byte[] buffer = new byte[1 << 16];
      int n;
      while ((n = s.read(buffer)) >= 0) {
        d.update(buffer, 0, n);
      }
      return HexFormat.of().formatHex(d.digest());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  static String sha256(Path file) {
    try {
      return sha256(Files.newInputStream(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String sha256(long size, long seed) {
    return sha256(stream(size, seed));
  }

  /** A stream that yields {@code good} bytes, then fails. */
  static InputStream failingAfter(long good, long seed) {
    InputStream content = stream(good, seed);
    return new InputStream() {
      @Override
      public int read() throws IOException {
        int b = content.read();
        if (b < 0) {
          throw new IOException("TCK: the source failed on purpose");
        }
        return b;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        int n = content.read(b, off, len);
        if (n < 0) {
          throw new IOException("TCK: the source failed on purpose");
        }
        return n;
      }
    };
  }

  /** Wraps a stream and records that it was closed. */
  static InputStream recordingClose(InputStream in, AtomicBoolean closed) {
    return new java.io.FilterInputStream(in) {
      @Override
      public void close() throws IOException {
        closed.set(true);
        super.close();
      }
    };
  }
}
