package org.storagekit.spi;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import java.util.zip.CRC32C;

/**
 * A checksum a backend vouches for, used to verify a transfer [§3.5]. Immutable.
 */
public final class ContentChecksum {
  /** Supported algorithms. */
  public enum Algorithm {
    /** MD5, 16 bytes (S3 single-part ETag, Content-MD5). */
    MD5,
    /** CRC32C, 4 bytes big-endian (GCS). */
    CRC32C,
    /** SHA-256, 32 bytes. */
    SHA256
  }

  private final Algorithm algorithm;
  private final byte[] value;

  private ContentChecksum(Algorithm algorithm, byte[] value) {
    this.algorithm = Objects.requireNonNull(algorithm, "algorithm");
    this.value = value.clone();
  }

  /** A checksum from raw bytes. */
  public static ContentChecksum of(Algorithm algorithm, byte[] value) {
    return new ContentChecksum(algorithm, value);
  }

  /** A checksum from lower- or upper-case hex. */
  public static ContentChecksum ofHex(Algorithm algorithm, String hex) {
    return new ContentChecksum(algorithm, HexFormat.of().parseHex(hex.toLowerCase(java.util.Locale.ROOT)));
  }

  /** A checksum from base64. */
  public static ContentChecksum ofBase64(Algorithm algorithm, String base64) {
    return new ContentChecksum(algorithm, java.util.Base64.getDecoder().decode(base64));
  }

  /**
   * A checksum from base64 as a server sent it in a header, or empty where there is none: the value
   * is {@code null}, blank, not base64, or of the wrong length for the algorithm.
   */
  public static java.util.Optional<ContentChecksum> parseBase64(Algorithm algorithm, String base64) {
    int length = algorithm == Algorithm.MD5 ? 16 : algorithm == Algorithm.CRC32C ? 4 : 32;
    try {
      byte[] value = java.util.Base64.getDecoder().decode(base64 == null ? "" : base64.trim());
      return value.length == length ? java.util.Optional.of(new ContentChecksum(algorithm, value))
          : java.util.Optional.empty();
    } catch (IllegalArgumentException e) {
      return java.util.Optional.empty();
    }
  }

  /** The algorithm. */
  public Algorithm algorithm() {
    return algorithm;
  }

  /** The raw checksum bytes (a copy). */
  public byte[] value() {
    return value.clone();
  }

  /** Lower-case hex of the value. */
  public String hex() {
    return HexFormat.of().formatHex(value);
  }

  /**
   * The checksum of the bytes {@code [offset, offset + length)} of a local file, read with a buffer
   * sized to the range (at most 1 MiB), so hashing many small files makes little garbage.
   *
   * @param length bytes to hash, or {@code -1} for "to the end of the file"
   */
  public static ContentChecksum of(Algorithm algorithm, java.nio.file.Path file, long offset, long length)
      throws java.io.IOException {
    Hasher hasher = hasher(algorithm);
    try (java.nio.channels.FileChannel in = java.nio.channels.FileChannel.open(file,
        java.nio.file.StandardOpenOption.READ)) {
      long remaining = length < 0 ? Math.max(0, in.size() - offset) : length;
      java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocate((int) Math.max(1, Math.min(1 << 20, remaining)));
      long position = offset;
      while (remaining > 0) {
        buffer.clear().limit((int) Math.min(buffer.capacity(), remaining));
        int n = in.read(buffer, position);
        if (n < 0) {
          throw new java.io.EOFException(file + " ended " + remaining + " bytes before the range did");
        }
        buffer.flip();
        hasher.update(buffer);
        position += n;
        remaining -= n;
      }
    }
    return hasher.finish();
  }

  /** Standard base64 of the value, as in {@code Content-MD5} headers. */
  public String base64() {
    return java.util.Base64.getEncoder().encodeToString(value);
  }

  /** A fresh hasher of this algorithm. */
  public Hasher newHasher() {
    return hasher(algorithm);
  }

  /** A fresh hasher for {@code algorithm}. */
  public static Hasher hasher(Algorithm algorithm) {
    switch (algorithm) {
      case CRC32C:
        return new Crc32cHasher();
      case MD5:
        return new DigestHasher(algorithm, "MD5");
      case SHA256:
        return new DigestHasher(algorithm, "SHA-256");
      default:
        throw new AssertionError(algorithm);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ContentChecksum
        && ((ContentChecksum) o).algorithm == algorithm
        && Arrays.equals(((ContentChecksum) o).value, value);
  }

  @Override
  public int hashCode() {
    return 31 * algorithm.hashCode() + Arrays.hashCode(value);
  }

  @Override
  public String toString() {
    return algorithm + ":" + hex();
  }

  /** Computes a checksum incrementally. Not thread-safe. */
  public interface Hasher {
    /** Feeds bytes. */
    void update(byte[] bytes, int offset, int length);

    /** Feeds the remaining bytes of a buffer. */
    void update(java.nio.ByteBuffer buffer);

    /** The checksum of everything fed so far. */
    ContentChecksum finish();
  }

  private static final class Crc32cHasher implements Hasher {
    private final CRC32C crc = new CRC32C();

    @Override
    public void update(byte[] bytes, int offset, int length) {
      crc.update(bytes, offset, length);
    }

    @Override
    public void update(java.nio.ByteBuffer buffer) {
      crc.update(buffer);
    }

    @Override
    public ContentChecksum finish() {
      long v = crc.getValue();
      return new ContentChecksum(Algorithm.CRC32C,
          new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v});
    }
  }

  private static final class DigestHasher implements Hasher {
    private final Algorithm algorithm;
    private final MessageDigest digest;

    DigestHasher(Algorithm algorithm, String name) {
      this.algorithm = algorithm;
      try {
        this.digest = MessageDigest.getInstance(name);
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(name + " is required of every Java platform", e);
      }
    }

    @Override
    public void update(byte[] bytes, int offset, int length) {
      digest.update(bytes, offset, length);
    }

    @Override
    public void update(java.nio.ByteBuffer buffer) {
      digest.update(buffer);
    }

    @Override
    public ContentChecksum finish() {
      return new ContentChecksum(algorithm, digest.digest());
    }
  }
}
