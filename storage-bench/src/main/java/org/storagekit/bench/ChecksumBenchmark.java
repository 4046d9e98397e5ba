package org.storagekit.bench;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32C;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * What verification costs per MiB: CRC32C (the local backend's check, on heap and direct buffers),
 * MD5 (S3's Content-MD5 and ETags) and SHA-256 (SigV4 payload signing over plain HTTP). JMH; run
 * with {@code run.sh --checksums}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ChecksumBenchmark {
  private byte[] heap;
  private ByteBuffer direct;
  private MessageDigest md5;
  private MessageDigest sha256;

  /** One MiB of random bytes, on the heap and in a direct buffer. */
  @Setup
  public void setUp() throws Exception {
    heap = new byte[1 << 20];
    new SplittableRandom(1).nextBytes(heap);
    direct = ByteBuffer.allocateDirect(heap.length);
    direct.put(heap).flip();
    md5 = MessageDigest.getInstance("MD5");
    sha256 = MessageDigest.getInstance("SHA-256");
  }

  /** CRC32C of 1 MiB on the heap. */
  @Benchmark
  public long crc32cHeap() {
    CRC32C crc = new CRC32C();
    crc.update(heap, 0, heap.length);
    return crc.getValue();
  }

  /** CRC32C of 1 MiB in a direct buffer (how storage-local checks). */
  @Benchmark
  public long crc32cDirect() {
    CRC32C crc = new CRC32C();
    crc.update(direct.duplicate());
    return crc.getValue();
  }

  /** MD5 of 1 MiB. */
  @Benchmark
  public byte[] md5() {
    md5.reset();
    md5.update(heap, 0, heap.length);
    return md5.digest();
  }

  /** SHA-256 of 1 MiB. */
  @Benchmark
  public byte[] sha256() {
    sha256.reset();
    sha256.update(heap, 0, heap.length);
    return sha256.digest();
  }
}
