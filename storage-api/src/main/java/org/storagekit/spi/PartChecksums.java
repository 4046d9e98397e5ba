package org.storagekit.spi;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.storagekit.Checksum;

/**
 * A hasher that checksums consecutive parts of a fixed size: what multipart objects are verified
 * against, whose checksum is a checksum of their parts' checksums (S3's multipart ETag is the MD5 of
 * the concatenated MD5s of the parts). Fed in order; not thread-safe. A part size of
 * {@link Long#MAX_VALUE} makes one part of everything: a plain whole-content checksum.
 */
public final class PartChecksums implements Checksum.Hasher {
  private final Checksum.Algorithm algorithm;
  private final long partSize;
  private final List<Checksum> done = new ArrayList<>();
  private Checksum.Hasher current;
  private long inPart;

  /**
   * Creates the hasher.
   *
   * @param partSize bytes per part, at least 1
   */
  public PartChecksums(Checksum.Algorithm algorithm, long partSize) {
    this.algorithm = Objects.requireNonNull(algorithm, "algorithm");
    if (partSize < 1) {
      throw new IllegalArgumentException("partSize must be >= 1: " + partSize);
    }
    this.partSize = partSize;
    this.current = Checksum.hasher(algorithm);
  }

  @Override
  public void update(byte[] bytes, int offset, int length) {
    update(ByteBuffer.wrap(bytes, offset, length));
  }

  @Override
  public void update(ByteBuffer buffer) {
    while (buffer.hasRemaining()) {
      if (current == null) {
        current = Checksum.hasher(algorithm);
        inPart = 0;
      }
      int n = (int) Math.min(buffer.remaining(), partSize - inPart);
      current.update(buffer.slice(buffer.position(), n));
      buffer.position(buffer.position() + n);
      inPart += n;
      if (inPart == partSize) {
        done.add(current.finish());
        current = null;
      }
    }
  }

  /** The checksum of each part fed so far, the last (partial) one finished; ends the hasher. */
  public List<Checksum> parts() {
    if (current != null) {
      done.add(current.finish());
      current = null;
    }
    return List.copyOf(done);
  }

  /** The composite: the checksum of the concatenated part checksums; ends the hasher. */
  @Override
  public Checksum finish() {
    return composite(algorithm, parts());
  }

  /** The checksum of the concatenated checksums {@code parts}. */
  public static Checksum composite(Checksum.Algorithm algorithm, List<Checksum> parts) {
    Checksum.Hasher hasher = Checksum.hasher(algorithm);
    parts.forEach(p -> {
      byte[] v = p.value();
      hasher.update(v, 0, v.length);
    });
    return hasher.finish();
  }
}
