package org.storagekit;


import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import java.util.zip.CRC32C;

/**
 * A typed checksum of a file's whole content: an algorithm and its bytes. A {@link StorageFile}
 * carries only the checksums its backend vouches for [§2.8], and every transfer is verified against
 * one [§3.5]. Immutable; equal when algorithm and bytes are equal.
 */
public final class Checksum {
  /** The algorithms a backend may vouch for. */
  public enum Algorithm {
    /** MD5, 16 bytes (Content-MD5; the ETag of a single-part, unencrypted S3 object). */
    MD5(16),
    /** CRC32C (Castagnoli), 4 bytes big-endian (GCS, the local checksum record). */
    CRC32C(4),
    /** SHA-256, 32 bytes. */
    SHA256(32),
    /** CRC-64/NVME, 8 bytes big-endian (S3's default full-object checksum). */
    CRC64NVME(8);

    private final int length;

    Algorithm(int length) {
      this.length = length;
    }

    /** The checksum's length in bytes. */
    public int length() {
      return length;
    }
  }

  private final Algorithm algorithm;
  private final byte[] value;

  private Checksum(Algorithm algorithm, byte[] value) {
    this.algorithm = Objects.requireNonNull(algorithm, "algorithm");
    if (value.length != algorithm.length) {
      throw new IllegalArgumentException(
          algorithm + " checksums have " + algorithm.length + " bytes, not " + value.length);
    }
    this.value = value.clone();
  }

  /** A checksum from raw bytes. */
  public static Checksum of(Algorithm algorithm, byte[] value) {
    return new Checksum(algorithm, value);
  }

  /** A checksum from lower- or upper-case hex. */
  public static Checksum ofHex(Algorithm algorithm, String hex) {
    return new Checksum(algorithm, HexFormat.of().parseHex(hex.toLowerCase(java.util.Locale.ROOT)));
  }

  /** A checksum from base64. */
  public static Checksum ofBase64(Algorithm algorithm, String base64) {
    return new Checksum(algorithm, java.util.Base64.getDecoder().decode(base64));
  }

  /**
   * A checksum from base64 as a server sent it in a header, or empty where there is none: the value
   * is {@code null}, blank, not base64, or of the wrong length for the algorithm.
   */
  public static java.util.Optional<Checksum> parseBase64(Algorithm algorithm, String base64) {
    int length = algorithm.length;
    try {
      byte[] value = java.util.Base64.getDecoder().decode(base64 == null ? "" : base64.trim());
      return value.length == length ? java.util.Optional.of(new Checksum(algorithm, value))
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
  public static Checksum of(Algorithm algorithm, java.nio.file.Path file, long offset, long length)
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
      case CRC64NVME:
        return new Crc64NvmeHasher();
      default:
        throw new AssertionError(algorithm);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Checksum
        && ((Checksum) o).algorithm == algorithm
        && Arrays.equals(((Checksum) o).value, value);
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
    Checksum finish();
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
    public Checksum finish() {
      long v = crc.getValue();
      return new Checksum(Algorithm.CRC32C,
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
    public Checksum finish() {
      return new Checksum(algorithm, digest.digest());
    }
  }

  /** CRC-64/NVME: reflected polynomial 0x9a6c9329ac4bc9b5, initial value and final xor all ones. */
  private static final class Crc64NvmeHasher implements Hasher {
    private static final long[] TABLE = new long[256];

    static {
      for (int i = 0; i < 256; i++) {
        long c = i;
        for (int k = 0; k < 8; k++) {
          c = (c & 1) != 0 ? (c >>> 1) ^ 0x9a6c9329ac4bc9b5L : c >>> 1;
        }
        TABLE[i] = c;
      }
    }

    private long crc = -1L;

    @Override
    public void update(byte[] bytes, int offset, int length) {
      long c = crc;
      for (int i = offset; i < offset + length; i++) {
        c = TABLE[(int) ((c ^ bytes[i]) & 0xff)] ^ (c >>> 8);
      }
      crc = c;
    }

    @Override
    public void update(java.nio.ByteBuffer buffer) {
      if (buffer.hasArray()) {
        update(buffer.array(), buffer.arrayOffset() + buffer.position(), buffer.remaining());
        buffer.position(buffer.limit());
        return;
      }
      long c = crc;
      while (buffer.hasRemaining()) {
        c = TABLE[(int) ((c ^ buffer.get()) & 0xff)] ^ (c >>> 8);
      }
      crc = c;
    }

    @Override
    public Checksum finish() {
      long v = ~crc;
      byte[] out = new byte[8];
      for (int i = 0; i < 8; i++) {
        out[i] = (byte) (v >>> (56 - 8 * i));
      }
      return new Checksum(Algorithm.CRC64NVME, out);
    }
  }
}
